//! No English under `--lang sv`: every kind of message a user reads
//! (findings, hints, doctor's layers and causes, the ticket, order data,
//! PINs, revocation, errors and their hints, fleet's summary, skips and
//! lists, orgs) is brought out by a run of the binary, and the Swedish
//! output is searched for English words. The same runs in English must
//! contain them, so the search can fail.
//!
//! What the system or a parser says in its own words (PC/SC's text beside
//! its SCARD_ code, the TOML parser's detail, the operating system's error)
//! is left as it came and is not searched; those spans are cut out first
//! (`cut_raw`).

use std::path::Path;

use crate::harness::{data, sithsctl_env, test_pki_config_with};

/// English words that have no place in Swedish prose (none is a Swedish
/// word or part of a name the tool prints).
const ENGLISH: &[&str] = &[
    "the",
    "is",
    "not",
    "and",
    "of",
    "with",
    "card",
    "certificate",
    "found",
    "valid",
    "expired",
    "skipped",
    "error",
    "hint",
    "cannot",
    "could",
    "should",
    "file",
    "none",
    "missing",
    "revoked",
    "checked",
    "order",
    "new",
    "needed",
    "blocked",
    "reader",
    "issuer",
    "findings",
    "policy",
    "expiring",
    "left",
    "days",
    "until",
    "register",
    "nothing",
    "name",
    "built",
    "source",
];

/// Where a parser or the operating system speaks in its own words, from
/// here to the end of the line: the TOML parser's detail after the line
/// number, an operating-system error.
const RAW_TO_LINE_END: &[&str] = &["invalid type:", "No such file"];

/// `text` without the spans in a system's or a parser's own words: PC/SC's
/// text in the parentheses that hold its SCARD_ code, and the
/// [`RAW_TO_LINE_END`] tails. Nothing else is touched.
fn cut_raw(text: &str) -> String {
    // PC/SC's parentheses may be wrapped over lines: cut them in the whole.
    let mut text = text.to_string();
    while let Some(code) = text.find("SCARD_") {
        let open = text[..code].rfind('(').unwrap_or(code);
        let close = text[code..].find(')').map_or(text.len(), |c| code + c + 1);
        text.replace_range(open..close, " ");
    }
    text.lines()
        .map(
            |line| match RAW_TO_LINE_END.iter().filter_map(|m| line.find(m)).min() {
                Some(at) => &line[..at],
                None => line,
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

/// The English words in `text`, with the line they stand on.
fn english_in(text: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for line in cut_raw(text).lines() {
        // Names that are the same in every language: flags (`--register`),
        // configuration keys (`warn_days`, `[[organisation]]`), paths.
        let words: Vec<String> = line
            .split_whitespace()
            .filter(|t| {
                !(t.contains("--") || t.contains('_') || t.contains('/') || t.contains('['))
            })
            .flat_map(|t| t.split(|c: char| !c.is_alphabetic()))
            .map(str::to_lowercase)
            .collect();
        for w in ENGLISH {
            if words.iter().any(|x| x == w) {
                hits.push(format!("{w:?} in: {line}"));
            }
        }
    }
    hits
}

/// A run: its arguments, and extra environment.
type Scenario = (Vec<String>, Vec<(String, String)>);

/// Every scenario.
fn scenarios(dir: &Path) -> Vec<Scenario> {
    let d = |p: &str| dir.join(p).display().to_string();
    let s = |args: &[&str]| {
        (
            args.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
            Vec::new(),
        )
    };
    let long = data("long-names-card.json").display().to_string();
    let mut list = vec![
        s(&["inspect", "--demo"]),
        s(&["inspect", "--demo", "--org", "gbg", "--width", "80"]),
        s(&["inspect", "--demo", "--online", "--all"]),
        s(&["inspect", "--image", &long, "--at", "2026-11-24"]),
        s(&["certs", "--demo"]),
        s(&["check", "--demo", "--org", "jonkoping"]),
        s(&["check", "--demo", "--org", "gbg", "--strict"]),
        s(&["check", "--demo", "--org", "212000-0142", "--offline"]),
        s(&["doctor", "--demo"]),
        s(&["doctor", "--demo", "--org", "gbg", "--ticket"]),
        s(&[
            "doctor",
            "--demo",
            "--card-expiry",
            "2025-01-01",
            "--ticket",
        ]),
        s(&["order-info", "--demo", "--org", "gbg"]),
        s(&[
            "order-info",
            "--demo",
            "--org",
            "gbg",
            "--card-expiry",
            "2025-01-01",
        ]),
        s(&["orgs"]),
        s(&["check", "--demo", "--org", "2120000143"]),
        s(&["check", "--demo", "--org", "121212-1212"]),
        s(&["check", "--demo", "--org", "ingenstans"]),
        s(&["dump", "--demo", "-o", &d("demo.json")]),
        s(&["dump", "--demo", "-o", &d("demo.json")]),
        s(&["certs", "--demo", "--export", &d("export")]),
        s(&["certs", "--demo", "--export", &d("export")]),
        s(&["fleet", &d("reports")]),
        s(&[
            "fleet",
            "--orders",
            "gbg",
            "--register",
            "rjl",
            &d("reports"),
        ]),
        s(&[
            "fleet",
            "--xlsx",
            &d("reports/x.json"),
            "--orders",
            "gbg",
            &d("reports"),
        ]),
        s(&["fleet", &d("nowhere")]),
        s(&["fleet", "--orders", "gbg", &d("reports")]),
        s(&["fleet", "--register", "rjl", &d("reports")]),
        s(&["fleet", "--csv", "--org", "gbg", &d("reports")]),
    ];
    let broken = d("broken.toml");
    list.push((
        vec!["inspect".into(), "--demo".into()],
        vec![("SITHSCTL_CONFIG".into(), broken)],
    ));
    for command in ["readers", "doctor", "inspect"] {
        list.push((
            vec![command.into()],
            vec![("PCSCLITE_CSOCK_NAME".into(), d("no-pcscd-here.comm"))],
        ));
    }
    list
}

/// The inputs the scenarios read: reports (one good, one not a report,
/// one not JSON), a broken configuration file.
fn setup(dir: &Path) {
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    let config = test_pki_config_with(dir, "");
    let env = [("SITHSCTL_CONFIG", config.to_str().unwrap())];
    let good = sithsctl_env(&["check", "--demo", "--json", "--org", "rjl"], None, &env);
    std::fs::write(reports.join("good.json"), good.stdout).unwrap();
    std::fs::write(reports.join("foreign.json"), "{\"a\": 1}\n").unwrap();
    std::fs::write(reports.join("broken.json"), "{\"schema_version\": \n").unwrap();
    std::fs::write(dir.join("broken.toml"), "warn_days = \"many\"\n").unwrap();
}

fn run_all(dir: &Path, lang: &str) -> Vec<(String, String)> {
    scenarios(dir)
        .into_iter()
        .map(|(args, env)| {
            let mut all: Vec<&str> = vec!["--lang", lang];
            all.extend(args.iter().map(String::as_str));
            let env: Vec<(&str, &str)> =
                env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let r = sithsctl_env(&all, None, &env);
            (args.join(" "), format!("{}\n{}", r.stdout, r.stderr))
        })
        .collect()
}

#[test]
fn no_english_under_lang_sv() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let mut complaints = Vec::new();
    for (what, text) in run_all(dir.path(), "sv") {
        assert!(!text.trim().is_empty(), "{what}: no output");
        for hit in english_in(&text) {
            complaints.push(format!("sithsctl --lang sv {what}: {hit}"));
        }
    }
    assert!(complaints.is_empty(), "{}", complaints.join("\n"));
}

/// The search finds English where there is English: the same runs in
/// English are full of it, scenario by scenario.
#[test]
fn the_search_finds_english_in_english() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    for (what, text) in run_all(dir.path(), "en") {
        assert!(!english_in(&text).is_empty(), "{what}: {text}");
    }
    assert_eq!(
        cut_raw("fel: x (The Smart card resource manager; SCARD_E_NO_SERVICE, 0x8010001D) y"),
        "fel: x   y"
    );
}
