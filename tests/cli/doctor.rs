//! `doctor`: on card images, and end to end through pcscd for the causes
//! issue #5 names: no service, empty reader, not a SITHS card, a card held
//! by another program, a card pulled mid-read, an expired identification
//! certificate, no certificate for the organisation, and a healthy card.

use std::ffi::CString;
use std::time::{Duration, Instant};

use super::cards::{card, write_foreign_image, write_image};
use super::harness::{
    sithsctl, sithsctl_background, sithsctl_env, stack, CardOptions, Run, VirtualCard, READER_0,
    READER_1,
};

fn doctor_json(run: &Run) -> serde_json::Value {
    let doc = run.json();
    assert_eq!(doc["document"], "doctor", "{run:?}");
    // Fourteen layers (revocation the twelfth, the last the PINs), and a
    // fifteenth when a middleware module is installed.
    let names: Vec<&str> = doc["layers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["name"].as_str())
        .collect();
    let expected = names.get(11) == Some(&"revocation")
        && names.get(13) == Some(&"pin")
        && (names.len() == 14 || (names.len() == 15 && names[14] == "middleware"));
    assert!(
        expected,
        "every layer reports: {names:?} (exit {})",
        run.code
    );
    doc
}

fn first_cause(doc: &serde_json::Value) -> String {
    doc["causes"][0]["layer"]
        .as_str()
        .unwrap_or("none")
        .to_string()
}

#[test]
fn healthy_demo_card_is_all_ok() {
    let run = sithsctl(&["--demo", "doctor", "--org", "jonkoping", "--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let doc = doctor_json(&run);
    assert_eq!(doc["verdict"], "pass");
    assert!(doc["causes"].as_array().unwrap().is_empty());
    for layer in doc["layers"].as_array().unwrap() {
        assert!(
            ["ok", "skipped"].contains(&layer["status"].as_str().unwrap()),
            "{layer}"
        );
        for key in ["name", "title", "status", "detail", "advice"] {
            assert!(layer.get(key).is_some(), "{key} missing in {layer}");
        }
    }
    let text = sithsctl(&["--demo", "doctor"]);
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains("All good"), "{}", text.stdout);
}

#[test]
fn image_cases_rank_the_right_cause_first() {
    let dir = tempfile::tempdir().unwrap();
    let b = write_image(&card('b'), dir.path(), "b");
    let e = write_image(&card('e'), dir.path(), "e");
    let a = write_image(&card('a'), dir.path(), "a");
    let cases: [(&std::path::Path, &[&str], &str, i32); 3] = [
        (&b, &["--card-expiry", "2028-01-01"], "validity", 1),
        (&e, &[], "identification", 1),
        (&a, &["--org", "2120001355"], "identification", 1),
    ];
    for (image, extra, cause, code) in cases {
        let mut args = vec![
            "doctor",
            "--json",
            "--at",
            "2026-11-24",
            "--image",
            image.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let run = sithsctl(&args);
        assert_eq!(run.code, code, "{args:?}: {run:?}");
        let doc = doctor_json(&run);
        assert_eq!(first_cause(&doc), cause, "{args:?}: {}", doc["causes"]);
    }
    let renew = sithsctl(&[
        "doctor",
        "--image",
        b.to_str().unwrap(),
        "--card-expiry",
        "2028-01-01",
        "--lang",
        "sv",
    ]);
    assert!(
        renew.stdout.contains("Förnya certifikatet, inte kortet"),
        "{}",
        renew.stdout
    );
}

#[test]
fn ticket_has_what_support_needs_and_no_personnummer() {
    let run = sithsctl(&["--demo", "doctor", "--ticket", "--show-personal-numbers"]);
    assert_eq!(run.code, 0, "{run:?}");
    for needle in [
        "sithsctl",
        "ATR:",
        "Token serial: 9752240000000001013",
        "Card number: 9752240000000001013",
        "HSA-ID: SE2321000057-ANAN01",
        "SITHS e-id Person HSA-id 3 CA v1",
        "Failing or warning layers:",
    ] {
        assert!(
            run.stdout.contains(needle),
            "missing {needle}:\n{}",
            run.stdout
        );
    }
    assert!(
        !run.stdout.contains("1212121212") && !run.stdout.contains("19121212-"),
        "{}",
        run.stdout
    );
}

/// The harness's pcscd, readers and virtual cards, one case at a time.
#[test]
fn end_to_end_causes_through_pcscd() {
    // No service: pcsc-lite honours PCSCLITE_CSOCK_NAME.
    let run = sithsctl_env(
        &["doctor", "--json"],
        None,
        &[("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm")],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(first_cause(&doctor_json(&run)), "service");

    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    // OpenSC's module (the middleware layer) sees the virtual card too.
    let conf = dir.path().join("opensc.conf");
    std::fs::write(&conf, super::e2e_opensc::OPENSC_CONF).unwrap();
    let conf = conf.to_str().unwrap().to_string();
    let doctor = |extra: &[&str]| {
        let mut args = vec!["doctor", "--json", "--timeout", "5", "--at", "2026-11-24"];
        args.extend_from_slice(extra);
        let run = sithsctl_env(&args, None, &[("OPENSC_CONF", conf.as_str())]);
        let doc = doctor_json(&run);
        (run.code, first_cause(&doc), doc)
    };

    // Empty readers.
    let (code, cause, _) = doctor(&[]);
    assert_eq!((code, cause.as_str()), (4, "reader"));

    // Healthy card.
    let a = write_image(&card('a'), dir.path(), "a");
    let vc = VirtualCard::insert(&stack, &a, 0, CardOptions::default());
    let (code, cause, doc) = doctor(&["--org", "jonkoping"]);
    assert_eq!((code, cause.as_str()), (0, "none"), "{}", doc["causes"]);
    assert_eq!(doc["card"]["source"], "pcsc");

    // No certificate for the organisation asked for.
    let (code, cause, _) = doctor(&["--org", "2120001355"]);
    assert_eq!((code, cause.as_str()), (1, "identification"));

    // Held exclusively by another program.
    let ctx = pcsc::Context::establish(pcsc::Scope::User).expect("pcscd answers");
    let held = ctx
        .connect(
            &CString::new(READER_0).unwrap(),
            pcsc::ShareMode::Exclusive,
            pcsc::Protocols::ANY,
        )
        .expect("hold the card");
    let (code, cause, doc) = doctor(&[]);
    assert_eq!((code, cause.as_str()), (4, "reader"), "{}", doc["causes"]);
    assert!(doc["causes"][0]["advice"]
        .as_str()
        .unwrap()
        .contains("Another program"));
    let _ = held.disconnect(pcsc::Disposition::LeaveCard);
    vc.remove();

    // Expired identification certificate, card still valid.
    let b = write_image(&card('b'), dir.path(), "b");
    let vc = VirtualCard::insert(&stack, &b, 0, CardOptions::default());
    let (code, cause, _) = doctor(&["--card-expiry", "2028-01-01"]);
    assert_eq!((code, cause.as_str()), (1, "validity"));
    vc.remove();

    // Not a SITHS card.
    let foreign = write_foreign_image(dir.path(), "foreign");
    let vc = VirtualCard::insert(&stack, &foreign, 0, CardOptions::default());
    let (code, cause, _) = doctor(&[]);
    assert_eq!((code, cause.as_str()), (4, "pkcs15"));
    vc.remove();

    // Pulled out during the read.
    let vc = VirtualCard::insert(
        &stack,
        &a,
        0,
        CardOptions {
            pull_after: Some(4),
            ..Default::default()
        },
    );
    let (code, cause, doc) = doctor(&[]);
    assert_eq!(
        (code, cause.as_str()),
        (4, "certificates"),
        "{}",
        doc["causes"]
    );
    assert!(
        doc["causes"][0]["message"]
            .as_str()
            .unwrap()
            .contains("removed"),
        "{}",
        doc["causes"]
    );
    drop(vc);
}

/// `doctor --wait` (issue #5): started with both readers empty, it notices
/// a card inserted while it waits, reads it, and says how long after the
/// insertion the certificates could be read.
#[test]
fn doctor_wait_reads_a_card_inserted_while_it_waits() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("opensc.conf");
    std::fs::write(&conf, super::e2e_opensc::OPENSC_CONF).unwrap();
    let a = write_image(&card('a'), dir.path(), "a");

    let mut doctor = sithsctl_background(
        &[
            "doctor",
            "--json",
            "--wait",
            "20",
            "--timeout",
            "5",
            "--at",
            "2026-11-24",
            "--org",
            "jonkoping",
        ],
        &[("OPENSC_CONF", conf.to_str().unwrap())],
    );
    // Waiting, not finished: nothing to read yet.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        doctor.running(),
        "doctor --wait 20 ended with both readers empty: {:?}",
        doctor.wait(Duration::ZERO)
    );
    let inserted = Instant::now();
    let _card = VirtualCard::insert(&stack, &a, 0, CardOptions::default());
    let run = doctor
        .wait(Duration::from_secs(30))
        .unwrap_or_else(|| panic!("doctor did not end after the card was inserted"));
    let took = inserted.elapsed();
    assert_eq!(run.code, 0, "{run:?}");
    let doc = doctor_json(&run);
    assert_valid_doctor(&doc);
    assert_eq!(doc["card"]["reader"], READER_0, "{doc:#}");
    assert_eq!(doc["card"]["source"], "pcsc");
    assert!(!doc["certificates"].as_array().unwrap().is_empty());
    let ready = doc["ready_after_insertion_ms"].as_u64().unwrap_or_else(|| {
        panic!(
            "ready_after_insertion_ms: {}",
            doc["ready_after_insertion_ms"]
        )
    });
    assert!(ready < 5000, "ready {ready} ms after insertion");
    assert!(
        took < Duration::from_secs(10),
        "doctor ended {took:?} after insertion"
    );
    let certificates = doc["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "certificates")
        .unwrap();
    assert!(
        certificates["detail"]
            .as_str()
            .unwrap()
            .contains("after the card was inserted"),
        "{certificates}"
    );
}

/// `doctor --reader 1 --wait`: a card in the other reader does not end the
/// wait; the card inserted into reader 1 does, and is the one read.
#[test]
fn doctor_wait_waits_for_the_reader_asked_for() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("opensc.conf");
    std::fs::write(&conf, super::e2e_opensc::OPENSC_CONF).unwrap();
    let a = write_image(&card('a'), dir.path(), "a");
    let c = write_image(&card('c'), dir.path(), "c");
    let _in_0 = VirtualCard::insert(&stack, &a, 0, CardOptions::default());

    let mut doctor = sithsctl_background(
        &[
            "doctor",
            "--json",
            "--wait",
            "20",
            "--timeout",
            "5",
            "--reader",
            "1",
        ],
        &[("OPENSC_CONF", conf.to_str().unwrap())],
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        doctor.running(),
        "doctor --reader 1 --wait 20 did not wait for reader 1: {:?}",
        doctor.wait(Duration::ZERO)
    );
    let _in_1 = VirtualCard::insert(&stack, &c, 1, CardOptions::default());
    let run = doctor
        .wait(Duration::from_secs(30))
        .unwrap_or_else(|| panic!("doctor did not end after the card was inserted"));
    let doc = doctor_json(&run);
    assert_eq!(doc["card"]["reader"], READER_1, "{run:?}");
    assert!(doc["ready_after_insertion_ms"].is_u64(), "{doc:#}");
}

/// `doctor --wait 2` with no card: it ends after about two seconds, the
/// reader layer failing (no card), not at once and not hanging.
#[test]
fn doctor_wait_without_a_card_gives_up_on_time() {
    let _stack = stack();
    let started = Instant::now();
    let run = sithsctl(&["doctor", "--json", "--wait", "2", "--timeout", "5"]);
    let took = started.elapsed();
    assert_eq!(run.code, 4, "{run:?}");
    let doc = doctor_json(&run);
    assert_valid_doctor(&doc);
    assert_eq!(first_cause(&doc), "reader", "{}", doc["causes"]);
    assert!(doc["ready_after_insertion_ms"].is_null(), "{doc:#}");
    assert!(doc["card"].is_null(), "{doc:#}");
    assert!(
        took >= Duration::from_millis(1900) && took < Duration::from_secs(5),
        "doctor --wait 2 took {took:?}"
    );
}

fn assert_valid_doctor(doc: &serde_json::Value) {
    super::schemas::assert_valid("doctor", doc);
}
