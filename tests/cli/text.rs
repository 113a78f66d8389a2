//! The text people read, at the widths of their terminals: snapshots of
//! every command's output at 80, 100 and 120 columns, in Swedish and
//! English, on the demo card and on card I (long Swedish names,
//! `tests/data/long-names-card.json`), held in `tests/snapshots/text/`.
//! Besides the snapshots: no line is wider than the width (by display
//! width, not bytes), and every identifier of the card is whole on one
//! line. Refresh the snapshots with
//! `SITHSCTL_UPDATE_SNAPSHOTS=1 cargo test --test cli text::`.

use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

use super::cards::{card, write_image};
use super::harness::{sithsctl_env, Run};

const AT: &str = "2026-11-24";
const WIDTHS: [usize; 3] = [80, 100, 120];
const LANGS: [&str; 2] = ["sv", "en"];
/// The long-names card, relative to the repository (so that its path, shown
/// as the reader, is the same everywhere).
const LONG_NAMES: &str = "tests/data/long-names-card.json";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// `sithsctl` run in the repository: the demo card without a
/// configuration (it trusts its own made-up PKI), the other test cards
/// with the tests' configuration (the test PKI trusted).
fn run(args: &[&str]) -> Run {
    let config = if args.contains(&"--demo") {
        "no-config.toml".into()
    } else {
        super::harness::test_pki_config()
    };
    sithsctl_env(
        args,
        Some(&root()),
        &[
            ("SITHSCTL_CONFIG", config.to_str().unwrap()),
            ("NO_COLOR", "1"),
        ],
    )
}

/// Compares `text` with the committed snapshot (or writes it on request);
/// returns a complaint when they differ. The repository's own path (shown
/// where `orgs` names the configuration file) is written as `<repo>`, so
/// that a snapshot does not depend on where the repository was cloned.
fn snapshot(name: &str, text: &str) -> Option<String> {
    let text = text.replace(root().to_str().unwrap(), "<repo>");
    let path = root()
        .join("tests/snapshots/text")
        .join(format!("{name}.txt"));
    if std::env::var_os("SITHSCTL_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        return None;
    }
    match std::fs::read_to_string(&path) {
        Ok(committed) if committed == text => None,
        Ok(committed) => Some(format!(
            "{name} differs from {}:\n--- committed\n{committed}\n--- now\n{text}",
            path.display()
        )),
        Err(_) => Some(format!("{} is missing", path.display())),
    }
}

fn expect_no_complaints(complaints: Vec<String>) {
    assert!(
        complaints.is_empty(),
        "{}\n\nIf the change is meant, run `SITHSCTL_UPDATE_SNAPSHOTS=1 cargo test --test cli text::` \
         and review the files in tests/snapshots/text/.",
        complaints.join("\n\n")
    );
}

/// Lines wider than `width` columns on a terminal.
fn too_wide(text: &str, width: usize) -> Vec<String> {
    text.lines()
        .filter(|l| UnicodeWidthStr::width(*l) > width)
        .map(|l| format!("{} columns: {l}", UnicodeWidthStr::width(l)))
        .collect()
}

/// Timings change from run to run: `read in 3 ms` becomes `read in N ms`.
fn without_timings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" ms") {
        let (head, tail) = rest.split_at(at);
        let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            out.push_str(&head[..head.len() - digits]);
            out.push('N');
        } else {
            out.push_str(head);
        }
        out.push_str(" ms");
        rest = &tail[3..];
    }
    out.push_str(rest);
    out
}

/// The cards, by name, with the flags that read them.
fn cards() -> [(&'static str, Vec<&'static str>); 2] {
    [
        ("demo", vec!["--demo"]),
        ("long", vec!["--image", LONG_NAMES]),
    ]
}

/// What each command is run with, per card: the organisation that makes
/// the interesting case (missing, present, expiring).
fn commands(card: &str) -> Vec<(&'static str, Vec<&'static str>)> {
    let (missing, present) = match card {
        "demo" => ("gbg", "rjl"),
        _ => ("rjl", "gbg"),
    };
    vec![
        ("inspect", vec!["inspect", "--org", missing]),
        ("certs", vec!["certs"]),
        ("check", vec!["check", "--org", present]),
        ("check-fail", vec!["check", "--org", missing]),
        ("doctor", vec!["doctor", "--org", missing]),
        ("order-info", vec!["order-info", "--org", missing]),
        ("order-info-present", vec!["order-info", "--org", present]),
    ]
}

#[test]
fn card_commands_fit_every_width_in_both_languages() {
    let mut complaints = Vec::new();
    for (card, source) in cards() {
        for (name, command) in commands(card) {
            for lang in LANGS {
                for width in WIDTHS {
                    let w = width.to_string();
                    let mut args = command.clone();
                    args.extend(&source);
                    args.extend(["--at", AT, "--lang", lang, "--width", &w]);
                    let r = run(&args);
                    assert!(
                        r.code <= 1 && r.stderr.is_empty(),
                        "{args:?}: exit {}\n{}",
                        r.code,
                        r.stderr
                    );
                    for line in too_wide(&r.stdout, width) {
                        complaints.push(format!("{args:?}: {line}"));
                    }
                    let text = without_timings(&r.stdout);
                    complaints.extend(snapshot(&format!("{name}-{card}-{lang}-{width}"), &text));
                }
            }
        }
    }
    expect_no_complaints(complaints);
}

/// Every HSA-ID, card number, personnummer and end date of the card as
/// `certs --json` has them.
fn identifiers(source: &[&str]) -> Vec<String> {
    let mut args = vec!["certs", "--json", "--at", AT];
    args.extend(source);
    let doc = run(&args).json();
    let mut ids = Vec::new();
    for c in doc["certificates"].as_array().unwrap() {
        for key in ["hsa_id", "card_number"] {
            if let Some(v) = c[key].as_str() {
                ids.push(v.to_string());
            }
        }
        if let Some(p) = c["personal_number"].as_str() {
            ids.push(p.to_string());
        }
        ids.push(c["not_after"].as_str().unwrap()[..10].to_string());
    }
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn identifiers_are_whole_on_one_line_at_every_width() {
    let mut complaints = Vec::new();
    for (card, source) in cards() {
        let ids = identifiers(&source);
        assert!(ids.len() >= 4, "{card}: {ids:?}");
        for command in ["inspect", "certs"] {
            for lang in LANGS {
                for width in WIDTHS {
                    let w = width.to_string();
                    let mut args = vec![command];
                    args.extend(&source);
                    args.extend(["--at", AT, "--lang", lang, "--width", &w]);
                    let out = run(&args).stdout;
                    for id in &ids {
                        if !out.lines().any(|l| l.contains(id.as_str())) {
                            complaints.push(format!("{args:?}: {id} is not whole on a line"));
                        }
                    }
                }
            }
        }
    }
    expect_no_complaints(complaints);
}

/// Reports as workstations write them, with a fixed host and time.
fn write_report(dir: &Path, name: &str, args: &[&str]) {
    let mut all = vec!["check", "--json", "--at", AT];
    all.extend(args);
    let r = run(&all);
    let mut doc = r.json();
    doc["host"] = format!("ws-{name}.region.example").into();
    doc["generated_at"] = "2026-11-24T07:30:00Z".into();
    std::fs::write(
        dir.join(format!("{name}.json")),
        serde_json::to_string(&doc).unwrap(),
    )
    .unwrap();
}

#[test]
fn orgs_and_fleet_fit_every_width_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let expired = write_image(&card('b'), dir.path(), "card-b");
    write_report(&reports, "demo", &["--demo", "--org", "gbg"]);
    write_report(&reports, "long", &["--image", LONG_NAMES, "--org", "gbg"]);
    write_report(&reports, "expired", &["--image", expired.to_str().unwrap()]);
    let reports = reports.to_string_lossy().into_owned();
    let mut complaints = Vec::new();
    for lang in LANGS {
        for width in WIDTHS {
            let w = width.to_string();
            for (name, args) in [
                ("orgs", vec!["orgs"]),
                ("fleet", vec!["fleet", "--org", "vgr", "--at", AT, &reports]),
            ] {
                let mut args = args.clone();
                args.extend(["--lang", lang, "--width", &w]);
                let r = run(&args);
                assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
                for line in too_wide(&r.stdout, width) {
                    complaints.push(format!("{name} {lang} {width}: {line}"));
                }
                complaints.extend(snapshot(&format!("{name}-{lang}-{width}"), &r.stdout));
            }
        }
    }
    expect_no_complaints(complaints);
}

#[test]
fn fleet_speaks_in_words_with_the_right_plurals() {
    let dir = tempfile::tempdir().unwrap();
    write_report(dir.path(), "demo", &["--demo", "--org", "gbg"]);
    let path = dir.path().to_string_lossy().into_owned();
    let wide = ["--width", "200"];
    let en = run(&[
        &["fleet", "--org", "gbg", "--at", AT, "--lang", "en", &path][..],
        &wide,
    ]
    .concat())
    .stdout;
    for want in [
        "1 card report from 1 file; 0 other documents, 0 skipped",
        "identification certificate on 0 cards, missing on 1 card.",
        "no identification certificate for Göteborgs Stad",
    ] {
        assert!(en.contains(want), "missing {want:?}:\n{en}");
    }
    assert!(!en.contains("org_identification_missing"), "{en}");
    let sv = run(&[
        &["fleet", "--org", "gbg", "--at", AT, "--lang", "sv", &path][..],
        &wide,
    ]
    .concat())
    .stdout;
    for want in [
        "1 kortrapport från 1 fil; 0 andra dokument, 0 överhoppade",
        "legitimeringscertifikat på 0 kort, saknas på 1 kort.",
    ] {
        assert!(sv.contains(want), "missing {want:?}:\n{sv}");
    }
    // No header over an empty cell: every table's first row is its header.
    for text in [&en, &sv] {
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            if line.starts_with('─') {
                assert!(
                    !lines[n - 1].starts_with(' '),
                    "a header starts empty: {:?}",
                    lines[n - 1]
                );
            }
        }
    }
}

#[test]
fn columns_sets_the_width_when_piped_and_the_flag_wins() {
    let piped = |env: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["inspect", "--demo", "--at", AT, "--lang", "en"];
        args.extend(extra);
        let mut env = env.to_vec();
        env.push(("NO_COLOR", "1"));
        sithsctl_env(&args, Some(&root()), &env).stdout
    };
    let by_columns = piped(&[("COLUMNS", "84")], &[]);
    assert_eq!(by_columns, piped(&[], &["--width", "84"]));
    assert!(too_wide(&by_columns, 84).is_empty(), "{by_columns}");
    // Different from the width for files (100), so COLUMNS did something.
    assert_ne!(by_columns, piped(&[], &[]));
    assert_eq!(piped(&[], &[]), piped(&[], &["--width", "100"]));
    assert_eq!(
        piped(&[("COLUMNS", "84")], &["--width", "120"]),
        piped(&[], &["--width", "120"])
    );
}

/// Runs `command` (a shell line) in a pseudo-terminal of `cols` columns
/// (util-linux `script`); returns what the terminal showed, without the
/// carriage returns the terminal adds.
fn in_terminal(cols: usize, command: &str, env: &[(&str, &str)]) -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_sithsctl"));
    let line = format!(
        "stty cols {cols} rows 50; {} {command} 2>/dev/null",
        bin.display()
    );
    let out = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .current_dir(root())
        .env("LANG", "en_US.UTF-8")
        .env("SITHSCTL_CONFIG", "no-config.toml")
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run script (util-linux)");
    assert!(out.status.success(), "{command}: {:?}", out);
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

#[test]
fn a_terminal_s_width_is_used_and_colour_is_on() {
    let args = format!("inspect --demo --at {AT} --lang en");
    let shown = in_terminal(72, &args, &[]);
    let plain = run(&[
        "inspect", "--demo", "--at", AT, "--lang", "en", "--width", "72",
    ])
    .stdout;
    // Colour on a terminal: the marks and statuses are painted.
    assert!(shown.contains("\x1b[32m"), "{shown}");
    let unpainted = strip_ansi(&shown);
    assert_eq!(unpainted, plain);
    // The terminal's width wins over COLUMNS; NO_COLOR turns colour off.
    let told = in_terminal(72, &args, &[("COLUMNS", "120"), ("NO_COLOR", "1")]);
    assert_eq!(told, plain);
}

/// `text` without ANSI colour sequences.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn colour_always_paints_every_command_even_into_a_pipe() {
    for args in [
        vec!["inspect", "--demo"],
        vec!["certs", "--demo"],
        vec!["check", "--demo"],
        vec!["check", "--demo", "--org", "gbg"],
        vec!["doctor", "--demo"],
    ] {
        let mut all = args.clone();
        all.extend(["--at", AT, "--color", "always"]);
        // NO_COLOR stops `auto` only.
        let r = run(&all);
        assert!(r.stdout.contains("\x1b["), "{all:?}:\n{}", r.stdout);
        let mut plain_args = args.clone();
        plain_args.extend(["--at", AT]);
        let plain = run(&plain_args).stdout;
        assert!(!plain.contains('\x1b'), "{args:?}:\n{plain}");
        assert_eq!(
            without_timings(&strip_ansi(&r.stdout)),
            without_timings(&plain),
            "{args:?}"
        );
    }
    let check = run(&["check", "--demo", "--at", AT, "--color", "always"]).stdout;
    assert!(check.contains("\x1b[32m✔\x1b[0m"), "{check}");
}

#[test]
fn identifiers_are_written_the_way_people_write_them() {
    let shown = run(&["inspect", "--demo", "--at", AT, "--show-personal-numbers"]).stdout;
    assert!(shown.contains("19121212-1212"), "{shown}");
    let masked = run(&["inspect", "--demo", "--at", AT]).stdout;
    assert!(masked.contains("19121212-****") && !masked.contains("1212121212"));
    // The personnummer has its own column: never under HSA-ID.
    let table = run(&["inspect", "--demo", "--at", AT, "--width", "120"]).stdout;
    let header = table.lines().find(|l| l.contains("HSA-ID")).unwrap();
    assert!(header.contains("Personnummer"), "{table}");
    assert!(!table.contains("(19121212"), "{table}");
    // Organisation numbers with their dash, in the library's texts too.
    let check = run(&["check", "--demo", "--at", AT, "--org", "gbg"]).stdout;
    assert!(
        check.contains("212000-1355") && !check.contains("2120001355"),
        "{check}"
    );
    let orgs = run(&["orgs"]).stdout;
    assert!(
        orgs.contains("232100-0057") && !orgs.contains(" 2321000057 "),
        "{orgs}"
    );
}

#[test]
fn the_readme_shows_the_compact_layout_as_it_is() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("(part of `sithsctl inspect --demo --at 2026-11-24` at 80 columns):")
        .expect("the README shows the compact layout");
    let block = &readme[start..];
    let block = &block[block.find("```text\n").unwrap() + 8..];
    let block = &block[..block.find("```").unwrap()];
    let shown = run(&[
        "inspect", "--demo", "--at", AT, "--lang", "en", "--width", "80",
    ])
    .stdout;
    let lines: Vec<&str> = shown.lines().collect();
    // Each line of the README's excerpt is a line of the output, in order.
    let mut at = 0;
    for want in block.lines().filter(|l| !l.is_empty()) {
        match lines[at..].iter().position(|l| *l == want) {
            Some(n) => at += n + 1,
            None => panic!("README line {want:?} is not in the output:\n{shown}"),
        }
    }
}
