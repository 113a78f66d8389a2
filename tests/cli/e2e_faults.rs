//! End to end when things go wrong: pcscd gone or unreachable, a card
//! pulled out mid-read, a reader held by another program, a slow card and
//! malformed cards. Each must end with the right exit code and a message a
//! person can act on, within the timeout, and never with a panic.

use std::ffi::CString;
use std::time::{Duration, Instant};

use sithsctl::reading::card::image::Behaviour;

use super::cards::{card, write_image, write_image_with};
use super::harness::{
    pcscd_is_up, sithsctl, sithsctl_env, stack, stop_our_pcscd_now, CardOptions, Run, VirtualCard,
    READER_0,
};

/// No panic message, no Rust backtrace: a person reads this.
fn assert_no_panic(run: &Run, what: &str) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "{what}: sithsctl panicked: {run:?}"
    );
}

/// An `error` document with `code`, and no certificate list.
fn assert_error_document(run: &Run, code: &str, what: &str) {
    let doc = run.json();
    assert_eq!(doc["document"], "error", "{what}: {run:?}");
    assert_eq!(doc["error"]["code"], code, "{what}: {run:?}");
    assert_eq!(doc["error"]["exit_code"], run.code, "{what}: {run:?}");
    assert!(
        doc.get("certificates").is_none(),
        "{what}: an error document with certificates: {run:?}"
    );
}

#[test]
fn stack_starts_pcscd_again_when_it_went_away() {
    let first = stack();
    // Only a pcscd this process started may be stopped; with another
    // process's pcscd this test only checks that the stack answers.
    let stopped = stop_our_pcscd_now(&first);
    if stopped {
        assert!(!pcscd_is_up(), "pcscd still answers after being stopped");
    }
    drop(first);
    let second = stack();
    assert!(pcscd_is_up(), "stack() did not bring pcscd back");
    let dir = tempfile::tempdir().unwrap();
    let image = write_image(&card('d'), dir.path(), "d");
    let card = VirtualCard::insert(&second, &image, 0, CardOptions::default());
    let run = sithsctl(&["certs", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    card.remove();
}

#[test]
fn card_pulled_out_mid_read_is_reported_as_removed() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let image = write_image(&card('a'), dir.path(), "a");
    // 1: the first SELECT; 3: reading the ODF; 9: in the certificates.
    for pull_after in [1, 3, 9] {
        let what = format!("pulled on command {pull_after}");
        let card = VirtualCard::insert(
            &stack,
            &image,
            0,
            CardOptions {
                pull_after: Some(pull_after),
                ..Default::default()
            },
        );
        let run = sithsctl(&["certs", "--json", "--timeout", "10"]);
        assert_no_panic(&run, &what);
        assert_eq!(run.code, 4, "{what}: {run:?}");
        assert!(
            run.stderr.contains("the card was removed during the read"),
            "{what}: {run:?}"
        );
        assert_error_document(&run, "card_removed", &what);
        assert!(
            card.events().iter().any(|e| e["event"] == "pulled"),
            "{what}: the card was never pulled: {:?}",
            card.events()
        );
        drop(card);
    }
}

#[test]
fn reader_held_exclusively_by_another_program() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let image = write_image(&card('a'), dir.path(), "a");
    let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());

    let ctx = pcsc::Context::establish(pcsc::Scope::User).expect("pcscd answers");
    let reader = CString::new(READER_0).unwrap();
    let held = ctx
        .connect(&reader, pcsc::ShareMode::Exclusive, pcsc::Protocols::ANY)
        .expect("hold the card exclusively");

    let readers = sithsctl(&["readers", "--json"]);
    assert_eq!(readers.code, 0, "{readers:?}");
    let doc = readers.json();
    let r0 = doc["readers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == READER_0)
        .unwrap_or_else(|| panic!("{READER_0} not listed: {readers:?}"));
    assert_eq!(r0["state"], "exclusive", "{readers:?}");

    for args in [
        &["certs", "--timeout", "5"][..],
        &["certs", "--timeout", "5", "--reader", "0"],
        &["certs", "--timeout", "5", "--json"],
    ] {
        let started = Instant::now();
        let run = sithsctl(args);
        let elapsed = started.elapsed();
        assert_no_panic(&run, "exclusive");
        assert_eq!(run.code, 4, "{args:?}: {run:?}");
        assert!(
            run.stderr.contains("in use by another program"),
            "{args:?}: {run:?}"
        );
        assert!(
            elapsed < Duration::from_secs(5 + 3),
            "{args:?}: took {elapsed:?}"
        );
        if args.contains(&"--json") {
            assert_error_document(&run, "card_in_use", "exclusive");
        }
    }
    // Leave the card as it was, so the log stays clean.
    held.disconnect(pcsc::Disposition::LeaveCard)
        .map_err(|(_, e)| e)
        .expect("let go of the card");
    let free = sithsctl(&["certs", "--json"]);
    assert_eq!(free.code, 0, "after letting go: {free:?}");
    card.remove();
}

#[test]
fn service_not_reachable() {
    // Holding the stack proves pcscd runs: the error then comes from the
    // socket we point at, not from a missing pcscd.
    let _stack = stack();
    let ok = sithsctl(&["readers", "--json"]);
    assert_eq!(ok.code, 0, "with the usual socket: {ok:?}");
    let env = [("PCSCLITE_CSOCK_NAME", "/nonexistent/sock")];
    for args in [&["certs"][..], &["readers"]] {
        let run = sithsctl_env(args, None, &env);
        assert_no_panic(&run, "no service");
        assert_eq!(run.code, 3, "{args:?}: {run:?}");
        assert!(
            run.stderr.contains("service is not running"),
            "{args:?}: {run:?}"
        );
        let json_args: Vec<&str> = args.iter().copied().chain(["--json"]).collect();
        let run = sithsctl_env(&json_args, None, &env);
        assert_eq!(run.code, 3, "{json_args:?}: {run:?}");
        assert_error_document(&run, "service_not_running", "no service");
    }
}

#[test]
fn slow_card_times_out() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let image = write_image(&card('a'), dir.path(), "a");
    let card = VirtualCard::insert(
        &stack,
        &image,
        0,
        CardOptions {
            delay_ms: 300,
            ..Default::default()
        },
    );
    let started = Instant::now();
    let run = sithsctl(&["certs", "--timeout", "2", "--json"]);
    let elapsed = started.elapsed();
    assert_no_panic(&run, "slow card");
    assert_eq!(run.code, 4, "{run:?}");
    assert!(run.stderr.contains("timed out after 2 s"), "{run:?}");
    assert_error_document(&run, "timeout", "slow card");
    assert!(elapsed < Duration::from_secs(4), "took {elapsed:?}");
    card.remove();
}

/// The ODF path and the first certificate's file in the default layout.
const ODF: [u8; 6] = [0x3F, 0x00, 0x50, 0x15, 0x50, 0x31];
const FIRST_CERT: [u8; 6] = [0x3F, 0x00, 0x50, 0x15, 0x43, 0x31];

#[test]
fn malformed_cards_end_with_a_clear_card_error() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let spec = card('b');
    // A certificate whose DER header claims 2 GiB, then a few bytes.
    let mut huge = vec![0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF];
    huge.extend_from_slice(&[0x30, 0x82, 0x01, 0x00, 0xA0, 0x03]);
    let cases: Vec<(&str, std::path::PathBuf, &str, &str)> = vec![
        (
            "garbage_odf",
            // An A4 entry that claims 32 KiB and holds 2 bytes.
            write_image_with(
                &spec,
                dir.path(),
                "garbage_odf",
                &[(&ODF, vec![0xA4, 0x82, 0x7F, 0xFF, 0x30, 0x01, 0x13, 0x37])],
                None,
            ),
            "card_garbage",
            "EF.ODF",
        ),
        (
            "huge_certificate",
            write_image_with(
                &spec,
                dir.path(),
                "huge_certificate",
                &[(&FIRST_CERT, huge)],
                None,
            ),
            "card_too_large",
            "claims 21474836",
        ),
        (
            "endless_61xx",
            write_image_with(
                &spec,
                dir.path(),
                "endless_61xx",
                &[],
                Some(Behaviour {
                    endless_61xx: true,
                    ..Default::default()
                }),
            ),
            "card_too_many_commands",
            "more than 600 commands",
        ),
    ];
    for (name, image, code, says) in cases {
        let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());
        let started = Instant::now();
        let run = sithsctl(&["certs", "--json", "--timeout", "10"]);
        let elapsed = started.elapsed();
        assert_no_panic(&run, name);
        assert_eq!(run.code, 4, "{name}: {run:?}");
        assert!(run.stderr.contains(says), "{name}: {run:?}");
        assert_error_document(&run, code, name);
        assert!(
            elapsed < Duration::from_secs(10),
            "{name}: took {elapsed:?}"
        );
        card.remove();
    }
}
