//! Every command the README shows is run here, against a virtual card in a
//! vpcd reader, so the README stays true. Lines of `sh` blocks run in
//! order, in one scratch folder, through bash (pipes and redirections as
//! written). `scripts/...` and `cargo ...` lines are CI's own steps
//! (`.ci/run` runs both quick-start scripts) and are not repeated here.
//! A line may end in `# exit N ...` when a non-zero exit is the point.

use std::path::Path;
use std::process::Command;

use super::cards::{card, write_image};
use super::harness::{stack, CardOptions, VirtualCard};

/// The command lines of the README's `sh` blocks, in order.
fn commands(readme: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_sh = !in_sh && t == "```sh";
            continue;
        }
        if in_sh && !t.is_empty() && !t.starts_with('#') {
            out.push(t.to_string());
        }
    }
    out
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
    let lines = commands(&readme);
    let runnable: Vec<&String> = lines
        .iter()
        .filter(|l| !l.starts_with("scripts/") && !l.starts_with("cargo "))
        .collect();
    assert!(
        runnable.len() >= 10,
        "the README shows few commands: {lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("scripts/demo.sh")),
        "quick start is gone"
    );

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

    for line in runnable {
        let out = Command::new("bash")
            .args(["-o", "pipefail", "-c", line])
            .current_dir(&work)
            .env("PATH", &path)
            .env("LANG", "en_US.UTF-8")
            .env("SITHSCTL_CONFIG", dir.path().join("no-config.toml"))
            .env("OPENSC_CONF", &opensc_conf)
            .env_remove("SITHSCTL_READER")
            .output()
            .expect("run bash");
        let code = out.status.code().unwrap_or(-1);
        assert_eq!(
            code,
            expected_exit(line),
            "README command `{line}` exited {code}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "`{line}` panicked"
        );
    }
}

#[test]
fn commands_are_found_in_sh_blocks_only() {
    let text = "x\n```sh\nsithsctl a # exit 1\n# comment\n```\n```toml\nb = 1\n```\n```sh\nsithsctl c\n```\n";
    let c = commands(text);
    assert_eq!(c, vec!["sithsctl a # exit 1", "sithsctl c"]);
    assert_eq!(expected_exit(&c[0]), 1);
    assert_eq!(expected_exit(&c[1]), 0);
}
