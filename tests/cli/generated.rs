//! Completions in `completions/` and man pages in `man/` are generated
//! from the clap definitions and committed; these tests fail when the
//! committed files differ from what the code generates. To refresh them:
//! `SITHSCTL_UPDATE_DOCS=1 cargo test --test cli generated`.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;
use sithsctl::cli::{completion_script, Cli};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Compares `content` with the committed file (or rewrites it on request);
/// returns a complaint when they differ.
fn check(path: PathBuf, content: &[u8]) -> Option<String> {
    if std::env::var_os("SITHSCTL_UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).unwrap();
        return None;
    }
    match std::fs::read(&path) {
        Ok(committed) if committed == content => None,
        Ok(_) => Some(format!("{} is stale", path.display())),
        Err(_) => Some(format!("{} is missing", path.display())),
    }
}

fn expect_current(complaints: Vec<String>) {
    assert!(
        complaints.is_empty(),
        "{}\nRun `SITHSCTL_UPDATE_DOCS=1 cargo test --test cli generated` and commit the files.",
        complaints.join("\n")
    );
}

#[test]
fn completions_are_current() {
    let files = [
        (Shell::Bash, "sithsctl.bash"),
        (Shell::Zsh, "_sithsctl"),
        (Shell::Fish, "sithsctl.fish"),
        (Shell::PowerShell, "_sithsctl.ps1"),
        (Shell::Elvish, "sithsctl.elv"),
    ];
    let complaints = files
        .iter()
        .filter_map(|(shell, name)| {
            check(
                root().join("completions").join(name),
                completion_script(*shell).as_bytes(),
            )
        })
        .collect();
    expect_current(complaints);
}

#[test]
fn man_pages_are_current() {
    let cmd = Cli::command();
    let mut complaints = Vec::new();
    let mut render = |cmd: clap::Command, name: String| {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd.name(name.clone()))
            .render(&mut out)
            .unwrap();
        if let Some(c) = check(root().join("man").join(format!("{name}.1")), &out) {
            complaints.push(c);
        }
    };
    render(cmd.clone(), "sithsctl".into());
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() {
            continue;
        }
        render(sub.clone(), format!("sithsctl-{}", sub.get_name()));
    }
    expect_current(complaints);
}

#[test]
fn completion_command_prints_the_committed_script() {
    let run = super::harness::sithsctl(&["completions", "bash"]);
    assert_eq!(run.code, 0);
    let committed = std::fs::read_to_string(root().join("completions/sithsctl.bash")).unwrap();
    assert_eq!(run.stdout, committed);
}

#[test]
fn flag_definitions_are_consistent() {
    // clap checks conflicts, defaults and names of every subcommand here.
    Cli::command().debug_assert();
}

/// `--help` of every command, as people read it, held in
/// `tests/snapshots/help/`: a change to any help text shows up in review.
#[test]
fn help_snapshots_are_current() {
    let mut cmd = Cli::command().term_width(100);
    cmd.build();
    let mut complaints = Vec::new();
    let root_help = cmd.clone().render_long_help().to_string();
    complaints.extend(check(
        root().join("tests/snapshots/help/sithsctl.txt"),
        root_help.as_bytes(),
    ));
    for sub in cmd.get_subcommands() {
        let text = sub.clone().term_width(100).render_long_help().to_string();
        let path = root().join(format!(
            "tests/snapshots/help/sithsctl-{}.txt",
            sub.get_name()
        ));
        complaints.extend(check(path, text.as_bytes()));
    }
    expect_current(complaints);
}

#[test]
fn help_of_the_binary_matches_the_snapshot() {
    // The binary prints what the snapshot holds (same definitions, width
    // fixed by COLUMNS).
    let run = super::harness::sithsctl_env(&["doctor", "--help"], None, &[("COLUMNS", "100")]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("namnet kommer inte upp") && run.stdout.contains("--ticket"),
        "{}",
        run.stdout
    );
}
