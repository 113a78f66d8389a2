//! Dynamic completion (`source <(COMPLETE=bash sithsctl)`, issue #7):
//! `--reader` completes the readers PC/SC lists right now, without
//! touching a card, and offers nothing (quickly) when pcscd is not there.
//! The shells call the binary as clap_complete's registration scripts do:
//! `COMPLETE=<shell>`, the index of the word being completed in
//! `_CLAP_COMPLETE_INDEX`, and the command line after `--`.

use std::time::{Duration, Instant};

use super::cards::{card, write_image};
use super::harness::{sithsctl_env, stack, CardOptions, Run, VirtualCard, READER_0, READER_1};

/// Asks for completions of the last word of `words` (`sithsctl ...`) as
/// `shell` does, with one candidate a line.
fn complete(shell: &str, words: &[&str], extra_env: &[(&str, &str)]) -> Run {
    let index = (words.len() - 1).to_string();
    let mut args = vec!["--"];
    args.extend_from_slice(words);
    let mut env = vec![
        ("COMPLETE", shell),
        ("_CLAP_COMPLETE_INDEX", index.as_str()),
        ("_CLAP_IFS", "\n"),
    ];
    env.extend_from_slice(extra_env);
    sithsctl_env(&args, None, &env)
}

fn lines(run: &Run) -> Vec<&str> {
    assert_eq!(run.code, 0, "{run:?}");
    run.stdout.lines().filter(|l| !l.is_empty()).collect()
}

fn apdus(card: &VirtualCard) -> usize {
    card.events()
        .iter()
        .filter(|e| e["event"] == "apdu")
        .count()
}

#[test]
fn reader_names_complete_from_pcsc() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let image = write_image(&card('a'), dir.path(), "a");
    let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());
    let before = apdus(&card);

    // bash inserts what it gets: a name with spaces comes escaped.
    let run = complete("bash", &["sithsctl", "inspect", "--reader", ""], &[]);
    let offered = lines(&run);
    for wanted in [r"Virtual\ PCD\ 00\ 00", r"Virtual\ PCD\ 00\ 01", "0", "1"] {
        assert!(offered.contains(&wanted), "{wanted} not in {offered:?}");
    }
    // Part of the name, any case (as --reader takes it), for every
    // command that reads a card.
    let run = complete("bash", &["sithsctl", "certs", "-r", "pcd 00 00"], &[]);
    assert_eq!(lines(&run), [r"Virtual\ PCD\ 00\ 00"], "{run:?}");
    // A quote already typed: the name comes quoted.
    let run = complete(
        "bash",
        &["sithsctl", "check", "--reader", "\"Virtual PCD 00 0"],
        &[],
    );
    assert_eq!(
        lines(&run),
        [format!("\"{READER_0}\""), format!("\"{READER_1}\"")],
        "{run:?}"
    );

    // fish (and zsh) quote themselves: the plain name, with help after a tab.
    let run = complete("fish", &["sithsctl", "inspect", "--reader", ""], &[]);
    let offered = lines(&run);
    assert!(
        offered.contains(&format!("0\t{READER_0}").as_str()),
        "{offered:?}"
    );
    assert!(
        offered
            .iter()
            .any(|l| l.starts_with(&format!("{READER_0}\t0, "))),
        "{offered:?}"
    );
    let run = complete("zsh", &["sithsctl", "inspect", "--reader", ""], &[]);
    assert!(
        run.stdout.contains(&READER_0.replace(' ', "\\ ")) || run.stdout.contains(READER_0),
        "{run:?}"
    );

    // Completion only lists readers: the card saw no command.
    assert_eq!(apdus(&card), before, "completion sent the card a command");

    // The flags still complete as in the static scripts.
    let run = complete("bash", &["sithsctl", "certs", "--rea"], &[]);
    assert_eq!(lines(&run), ["--reader"], "{run:?}");
    // A command that reads no card offers no --reader.
    let run = complete("bash", &["sithsctl", "fleet", "--rea"], &[]);
    assert!(lines(&run).is_empty(), "{run:?}");
}

#[test]
fn no_service_offers_no_readers_quickly() {
    let started = Instant::now();
    let run = complete(
        "bash",
        &["sithsctl", "inspect", "--reader", ""],
        &[("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm")],
    );
    let took = started.elapsed();
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.trim(), "", "{run:?}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[test]
fn registration_scripts_call_back_the_binary() {
    for shell in ["bash", "zsh", "fish"] {
        let run = sithsctl_env(&[], None, &[("COMPLETE", shell)]);
        assert_eq!(run.code, 0, "{shell}: {run:?}");
        assert!(run.stdout.contains("COMPLETE"), "{shell}: {}", run.stdout);
        assert!(run.stdout.contains("sithsctl"), "{shell}: {}", run.stdout);
    }
}
