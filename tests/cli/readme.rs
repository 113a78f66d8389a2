//! Every command the README shows is run here, against a virtual card in a
//! vpcd reader, so the README stays true. Each `sh` block runs as one bash
//! script (variables carry from line to line), in one scratch folder for
//! all blocks, in order; every line's exit code is checked. `scripts/...`
//! and `cargo ...` lines are CI's own steps (`.ci/run` runs both
//! quick-start scripts) and are not repeated here; `powershell` and `text`
//! blocks are not run. A line may end in `# exit N ...` when a non-zero
//! exit is the point. Each block is bounded in time, so a command that
//! never ends fails the test instead of hanging it.

use std::path::Path;
use std::process::Command;

use super::cards::{card, write_image};
use super::harness::{stack, CardOptions, VirtualCard};

/// The command lines of the README's `sh` blocks, block by block.
fn blocks(readme: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_sh = !in_sh && t == "```sh";
            if in_sh {
                out.push(Vec::new());
            }
            continue;
        }
        if in_sh && !t.is_empty() && !t.starts_with('#') {
            if let Some(block) = out.last_mut() {
                block.push(t.to_string());
            }
        }
    }
    out.retain(|b| !b.is_empty());
    out
}

/// A block as a script that stops at the first line whose exit code is not
/// the expected one, saying which line (by its index) it was.
fn script(lines: &[&String]) -> String {
    let mut s = String::from("set -o pipefail\n");
    for (n, line) in lines.iter().enumerate() {
        let want = expected_exit(line);
        s.push_str(&format!(
            "{line}\nrc=$?; if [ \"$rc\" -ne {want} ]; then echo \"README-LINE {n} exited $rc\" >&2; exit 97; fi\n"
        ));
    }
    s
}

/// `# exit N` at the end of a line; else 0.
fn expected_exit(line: &str) -> i32 {
    line.rsplit_once("# exit ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn readme_commands_run() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let all = blocks(&readme);
    let flat: Vec<&String> = all.iter().flatten().collect();
    assert!(
        flat.iter().any(|l| l.starts_with("scripts/demo.sh")),
        "quick start is gone"
    );
    let runnable: Vec<Vec<&String>> = all
        .iter()
        .map(|b| {
            b.iter()
                .filter(|l| !l.starts_with("scripts/") && !l.starts_with("cargo "))
                .collect::<Vec<_>>()
        })
        .filter(|b| !b.is_empty())
        .collect();
    let count: usize = runnable.iter().map(Vec::len).sum();
    assert!(count >= 15, "the README shows few commands: {flat:?}");

    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let image = write_image(&card('a'), dir.path(), "anna");
    let _card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());
    let bin = Path::new(env!("CARGO_BIN_EXE_sithsctl"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let work = dir.path().join("work");
    std::fs::create_dir_all(work.join("reports")).unwrap();
    std::fs::write(
        work.join("cards.csv"),
        "9752240000000001013,2030-05-31,Anna\n",
    )
    .unwrap();
    // A workstation whose middleware (here OpenSC) sees the card too.
    let opensc_conf = dir.path().join("opensc.conf");
    std::fs::write(&opensc_conf, super::e2e_opensc::OPENSC_CONF).unwrap();

    for block in runnable {
        let out = Command::new("timeout")
            .args(["120", "bash", "-c", &script(&block)])
            .current_dir(&work)
            .env("PATH", &path)
            .env("LANG", "en_US.UTF-8")
            // The README's commands meet the test cards, made from the
            // test PKI: trust it, as the other tests do.
            .env("SITHSCTL_CONFIG", super::harness::test_pki_config())
            .env("OPENSC_CONF", &opensc_conf)
            .env_remove("SITHSCTL_READER")
            .output()
            .expect("run bash");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let failed_line = stderr
            .lines()
            .find_map(|l| l.strip_prefix("README-LINE "))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<usize>().ok())
            .map(|n| block[n].as_str());
        assert!(
            out.status.success(),
            "README block {block:?} failed at `{}` (status {:?}; 124 means it did not end)\nstdout:\n{}\nstderr:\n{stderr}",
            failed_line.unwrap_or("?"),
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
        );
        assert!(
            !stderr.contains("panicked"),
            "{block:?} panicked:\n{stderr}"
        );
    }
}

#[test]
fn commands_are_found_in_sh_blocks_only() {
    let text = "x\n```sh\nsithsctl a # exit 1 because\n# comment\n```\n```toml\nb = 1\n```\n```sh\nsithsctl c\n```\n";
    let b = blocks(text);
    assert_eq!(
        b,
        vec![
            vec!["sithsctl a # exit 1 because".to_string()],
            vec!["sithsctl c".to_string()]
        ]
    );
    assert_eq!(expected_exit(&b[0][0]), 1);
    assert_eq!(expected_exit(&b[1][0]), 0);
    let s = script(&[&b[0][0]]);
    assert!(s.contains("-ne 1 ]"), "{s}");
}
