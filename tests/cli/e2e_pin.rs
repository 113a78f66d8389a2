//! Is the card locked? PIN state end to end (issue #15), through pcscd and
//! the virtual card, whose log shows every VERIFY it received and what it
//! did to the try counter:
//!
//! - an IDPrime card is asked with the status query only (case 1, a
//!   reference it declared) and keeps its tries; a blocked identification
//!   PIN is doctor's first cause and shows in `inspect`, `check` and the
//!   ticket; one try left warns;
//! - a PKCS#15 card that would count the query as a wrong PIN is never
//!   asked, by any command;
//! - OpenSC's PKCS#11 module reports the same state in its token flags.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sithsctl::reading::card::image::CardImage;
use sithsctl::reading::layout::idprime::{self, IdprimeOptions, IDPRIME_940_ATR};

use super::cards::{card, write_image};
use super::e2e_idprime::{OPENSC_CONF_IDPRIME, OPENSC_PKCS11};
use super::e2e_opensc::OPENSC_CONF;
use super::harness::{sithsctl, sithsctl_env, stack, CardOptions, Run, VirtualCard};
use super::schemas::assert_valid;

/// Card A with the IDPrime layout and two PINs (identification `11`,
/// signature `83`) with these tries left.
fn idprime_card(dir: &Path, name: &str, ident: u8, sign: u8) -> PathBuf {
    let mut spec = card('a');
    spec.atr = IDPRIME_940_ATR.to_vec();
    let mut image: CardImage = idprime::build_image(
        &spec,
        &IdprimeOptions {
            signature_pin: true,
            ..Default::default()
        },
    );
    image.add_pin(0x11, ident, 3, "identification PIN");
    image.add_pin(0x83, sign, 3, "signature PIN");
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, image.to_json()).unwrap();
    path
}

/// The VERIFY commands the card received (hex) and its `verify` events.
fn verifies(card: &VirtualCard) -> (Vec<String>, Vec<Value>) {
    let commands = card
        .commands()
        .into_iter()
        .filter(|c| c.get(2..4) == Some("20"))
        .collect();
    let events = card
        .events()
        .into_iter()
        .filter(|e| e["event"] == "verify")
        .collect();
    (commands, events)
}

/// Every VERIFY the card saw is the status query (case 1: under T=0, the
/// IDPrime ATR's protocol, the single P3 byte `00`) for a declared
/// reference, none was counted, and every try is where the image put it.
fn only_status_queries(card: &VirtualCard, tries: &[(&str, u64)]) -> usize {
    let (commands, events) = verifies(card);
    assert!(!commands.is_empty(), "the IDPrime card was never asked");
    for c in &commands {
        assert!(
            c == "0020001100" || c == "0020008300",
            "a VERIFY other than the status query reached the card: {c}"
        );
    }
    assert_eq!(events.len(), commands.len(), "{events:?}");
    for e in &events {
        assert_eq!(e["form"], "query", "{e}");
        assert_eq!(e["counted"], false, "{e}");
        let want = tries
            .iter()
            .find(|(r, _)| e["reference"] == *r)
            .map(|(_, t)| *t)
            .unwrap_or_else(|| panic!("an undeclared reference: {e}"));
        assert_eq!(e["tries_left"], want, "a try was spent: {e}");
    }
    commands.len()
}

fn pin<'a>(doc: &'a Value, role: &str) -> &'a Value {
    doc["pins"]
        .as_array()
        .unwrap_or_else(|| panic!("no pins: {doc:#}"))
        .iter()
        .find(|p| p["role"] == role)
        .unwrap_or_else(|| panic!("no {role} PIN: {:#}", doc["pins"]))
}

fn codes(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

fn run(args: &[&str], code: i32) -> Run {
    let r = sithsctl(args);
    assert_eq!(r.code, code, "{args:?}: {r:?}");
    r
}

const AT: [&str; 2] = ["--at", "2026-01-01"];

#[test]
fn a_blocked_identification_pin_on_an_idprime_card() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let image = idprime_card(dir.path(), "blocked", 0, 3);
    let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());

    // doctor: the PIN is the first cause, with how to unlock it.
    let doctor = run(&["doctor", "--json", AT[0], AT[1]], 1).json();
    assert_valid("doctor", &doctor);
    let cause = &doctor["causes"][0];
    assert_eq!(cause["layer"], "pin", "{doctor:#}");
    assert_eq!(cause["status"], "fail");
    assert!(
        cause["message"]
            .as_str()
            .unwrap()
            .contains("The identification PIN is blocked"),
        "{cause}"
    );
    let advice = cause["advice"].as_str().unwrap();
    assert!(
        advice.contains("PUK") && advice.contains("new card"),
        "{advice}"
    );
    assert_eq!(pin(&doctor, "identification")["state"], "blocked");
    assert_eq!(pin(&doctor, "identification")["source"], "card");
    let text = run(&["doctor", AT[0], AT[1]], 1).stdout;
    assert!(text.contains("14. PINs"), "{text}");
    let sv = run(&["doctor", "--lang", "sv", AT[0], AT[1]], 1).stdout;
    assert!(sv.contains("Legitimeringskoden är spärrad"), "{sv}");
    let ticket = run(&["doctor", "--ticket", AT[0], AT[1]], 1).stdout;
    assert!(ticket.contains("PINs:"), "{ticket}");
    assert!(
        ticket.contains("The identification PIN: blocked"),
        "{ticket}"
    );
    assert!(ticket.contains("Most likely cause: The identification PIN is blocked"));

    // inspect shows each PIN and its state.
    let inspect = run(&["inspect", "--json", AT[0], AT[1]], 0).json();
    assert_valid("inspect", &inspect);
    let ident = pin(&inspect, "identification");
    assert_eq!(ident["state"], "blocked");
    assert_eq!(ident["tries_left"], 0);
    assert_eq!(ident["reference"], "11");
    assert_eq!(ident["application"], "idprime");
    let sign = pin(&inspect, "signature");
    assert_eq!(
        (&sign["state"], &sign["tries_left"]),
        (&"ok".into(), &3.into())
    );
    assert!(codes(&inspect).contains(&"pin_blocked".to_string()));
    let text = run(&["inspect", AT[0], AT[1]], 0).stdout;
    assert!(text.contains("The identification PIN: blocked"), "{text}");
    assert!(text.contains("The signature PIN: 3 tries left"), "{text}");

    // check: every policy of check is a login, which needs the
    // identification PIN: a failure even for the plain policy.
    let plain = run(&["check", "--json", AT[0], AT[1]], 1).json();
    assert_eq!(plain["verdict"], "fail");
    assert!(codes(&plain).contains(&"pin_blocked_required".to_string()));
    assert_valid("check", &plain);
    run(&["check", "--strict", AT[0], AT[1]], 1);
    let org = run(&["check", "--json", "--org", "jonkoping", AT[0], AT[1]], 1).json();
    assert!(codes(&org).contains(&"pin_blocked_required".to_string()));
    assert_eq!(org["policy"]["passed"], false);
    assert_eq!(org["policy"]["hsa_id_to_register"], Value::Null);
    run(
        &["check", "--hsa-id", "SE2321000057-ANAN01", AT[0], AT[1]],
        1,
    );
    // The login's identification PIN is blocked, whatever else is asked.
    run(&["check", "--require-signature", AT[0], AT[1]], 1);

    // Asked every time, only ever with the status query, no try spent.
    let asked = only_status_queries(&card, &[("11", 0), ("83", 3)]);
    assert!(asked >= 8, "{asked} queries");

    // Turned off, nothing is asked.
    let before = verifies(&card).0.len();
    let off = run(&["inspect", "--json", "--no-pin-status", AT[0], AT[1]], 0).json();
    assert_eq!(pin(&off, "identification")["state"], "not_checked");
    assert_eq!(pin(&off, "identification")["reason"], "disabled");
    let config = super::harness::test_pki_config_with(dir.path(), "pin_status = false");
    let conf = config.to_str().unwrap();
    let r = sithsctl_env(&["check", AT[0], AT[1]], None, &[("SITHSCTL_CONFIG", conf)]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(verifies(&card).0.len(), before, "asked although turned off");
    // A 1.2 document knows no pins.
    let old = run(
        &["inspect", "--json", "--output-version", "1.2", AT[0], AT[1]],
        0,
    )
    .json();
    assert!(old.get("pins").is_none(), "{old:#}");
    assert_valid("inspect", &old);
    card.remove();
}

#[test]
fn one_try_left_warns_and_a_blocked_signature_pin_fails_a_signature_policy() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let image = idprime_card(dir.path(), "last-try", 1, 3);
    let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());
    let doctor = run(&["doctor", "--json", AT[0], AT[1]], 0).json();
    let cause = &doctor["causes"][0];
    assert_eq!(cause["layer"], "pin", "{doctor:#}");
    assert_eq!(cause["status"], "warn");
    assert!(
        cause["advice"]
            .as_str()
            .unwrap()
            .contains("Do not guess; use the PUK"),
        "{cause}"
    );
    assert_eq!(pin(&doctor, "identification")["state"], "last_try");
    let inspect = run(&["inspect", "--json", AT[0], AT[1]], 0).json();
    assert_eq!(pin(&inspect, "identification")["tries_left"], 1);
    assert!(codes(&inspect).contains(&"pin_last_try".to_string()));
    run(&["check", "--org", "jonkoping", AT[0], AT[1]], 0);
    run(&["check", "--strict", AT[0], AT[1]], 1);
    only_status_queries(&card, &[("11", 1), ("83", 3)]);
    card.remove();

    let image = idprime_card(dir.path(), "sign-blocked", 3, 0);
    let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());
    let sig = run(&["check", "--json", "--require-signature", AT[0], AT[1]], 1).json();
    assert!(codes(&sig).contains(&"pin_blocked_required".to_string()));
    run(&["check", "--org", "jonkoping", AT[0], AT[1]], 0);
    only_status_queries(&card, &[("11", 3), ("83", 0)]);
    card.remove();
}

#[test]
fn a_card_that_counts_the_query_is_never_asked() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let mut spec = card('a');
    spec.behaviour.counts_empty_verify = true;
    let image = write_image(&spec, dir.path(), "counts");
    let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());
    let inspect = run(&["inspect", "--json", AT[0], AT[1]], 0).json();
    for p in inspect["pins"].as_array().unwrap() {
        assert_eq!(p["state"], "not_checked", "{p}");
        assert_eq!(p["reason"], "card_type", "{p}");
    }
    assert_eq!(pin(&inspect, "identification")["label"], "Legitimering");
    assert_eq!(pin(&inspect, "puk")["label"], "PUK");
    let text = run(&["inspect", AT[0], AT[1]], 0).stdout;
    assert!(
        text.contains("not checked on this card type; ask through the middleware (--pkcs11)"),
        "{text}"
    );
    let doctor = run(&["doctor", "--json", AT[0], AT[1]], 0).json();
    let layer = doctor["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "pin")
        .unwrap();
    assert_eq!(layer["status"], "skipped", "{layer}");
    run(
        &["check", "--org", "jonkoping", "--strict", AT[0], AT[1]],
        0,
    );
    let watch = run(&["watch", "--count", "1", "--json", "--for", "20"], 0);
    assert!(watch.stdout.contains("card_inserted"), "{watch:?}");
    let dumped = dir.path().join("dump.json");
    run(&["dump", "-o", dumped.to_str().unwrap()], 0);
    // The middleware is asked instead (OpenSC with its generic driver,
    // which does not send the query either): its tokens' flags stand in
    // for the PINs the card was not asked about.
    let conf = dir.path().join("opensc.conf");
    std::fs::write(&conf, OPENSC_CONF).unwrap();
    let env = [("OPENSC_CONF", conf.to_str().unwrap())];
    let r = sithsctl_env(&["doctor", "--json", AT[0], AT[1]], None, &env);
    assert!(r.code == 0 || r.code == 3, "{r:?}");
    let doctor = r.json();
    assert_eq!(
        pin(&doctor, "identification")["source"],
        "pkcs11",
        "{doctor:#}"
    );
    assert_eq!(pin(&doctor, "identification")["state"], "ok");
    let r = sithsctl_env(
        &["inspect", "--json", "--pkcs11", OPENSC_PKCS11, AT[0], AT[1]],
        None,
        &env,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let p11 = r.json();
    assert_eq!(pin(&p11, "signature")["source"], "pkcs11");
    assert_eq!(pin(&p11, "signature")["label"], "SITHS eID (Underskrift)");

    let (commands, events) = verifies(&card);
    assert!(
        commands.is_empty() && events.is_empty(),
        "the card that counts the query received {commands:?}"
    );
    card.remove();
    // The dump keeps the card's PIN declarations (its AODF).
    let again = run(
        &["inspect", "--json", "--image", dumped.to_str().unwrap()],
        0,
    )
    .json();
    assert_eq!(again["pins"].as_array().unwrap().len(), 3);
}

#[test]
fn opensc_reports_the_blocked_pin_in_its_token_flags() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let image = idprime_card(dir.path(), "p11", 0, 3);
    let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());
    let conf = dir.path().join("opensc.conf");
    std::fs::write(&conf, OPENSC_CONF_IDPRIME).unwrap();
    let env = [("OPENSC_CONF", conf.to_str().unwrap())];
    let r = sithsctl_env(
        &["inspect", "--json", "--pkcs11", OPENSC_PKCS11, AT[0], AT[1]],
        None,
        &env,
    );
    assert_eq!(r.code, 0, "{r:?}");
    let doc = r.json();
    assert_valid("inspect", &doc);
    let pins = doc["pins"].as_array().unwrap();
    assert!(!pins.is_empty(), "{doc:#}");
    assert!(pins.iter().all(|p| p["source"] == "pkcs11"), "{doc:#}");
    let blocked: Vec<&Value> = pins.iter().filter(|p| p["state"] == "blocked").collect();
    assert_eq!(blocked.len(), 1, "{doc:#}");
    assert_eq!(blocked[0]["tries_left"], 0);
    assert!(codes(&doc).contains(&"pin_blocked".to_string()));
    let r = sithsctl_env(
        &["check", "--strict", "--pkcs11", OPENSC_PKCS11, AT[0], AT[1]],
        None,
        &env,
    );
    assert_eq!(r.code, 1, "{r:?}");
    // OpenSC asks the IDPrime card the same way: the status query only.
    only_status_queries(&card, &[("11", 0), ("83", 3)]);
    card.remove();
}

/// The same reads from a card image, without a reader: `--image` is the
/// simulator in-process, asked by the same rules (T=1 here, so the query
/// is the four-byte form).
#[test]
fn card_images_answer_as_the_virtual_card_does() {
    let dir = tempfile::tempdir().unwrap();
    let image = idprime_card(dir.path(), "image", 0, 1);
    let path = image.to_str().unwrap();
    let inspect = run(&["inspect", "--json", "--image", path, AT[0], AT[1]], 0).json();
    assert_eq!(pin(&inspect, "identification")["state"], "blocked");
    assert_eq!(pin(&inspect, "signature")["state"], "last_try");
    assert_eq!(pin(&inspect, "signature")["tries_left"], 1);
    let sv = run(
        &["inspect", "--lang", "sv", "--image", path, AT[0], AT[1]],
        0,
    )
    .stdout;
    assert!(sv.contains("PIN-koder:"), "{sv}");
    assert!(sv.contains("Legitimeringskoden: spärrad"), "{sv}");
    assert!(sv.contains("Underskriftskoden har ett försök kvar"), "{sv}");
    let doctor = run(&["doctor", "--json", "--image", path, AT[0], AT[1]], 1).json();
    assert_eq!(doctor["causes"][0]["layer"], "pin");
    let off = run(
        &[
            "doctor",
            "--json",
            "--no-pin-status",
            "--image",
            path,
            AT[0],
            AT[1],
        ],
        0,
    )
    .json();
    assert_eq!(
        off["layers"].as_array().unwrap()[13]["status"],
        "skipped",
        "{off:#}"
    );
    // The demo card (PKCS#15, not a card type that is asked) names its
    // PINs and says why they were not checked.
    let demo = run(&["inspect", "--json", "--demo"], 0).json();
    let names: Vec<&str> = demo["pins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Legitimering", "Underskrift", "PUK"]);
    assert_valid("inspect", &demo);
}

/// `fleet` counts the cards whose latest report has a blocked PIN.
#[test]
fn fleet_counts_cards_with_a_blocked_pin() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let blocked = idprime_card(dir.path(), "blocked", 0, 3);
    let fine = write_image(&card('b'), dir.path(), "fine");
    for (name, image, code) in [("blocked", &blocked, 1), ("fine", &fine, 1)] {
        let r = sithsctl(&[
            "check",
            "--json",
            "--org",
            "jonkoping",
            "--image",
            image.to_str().unwrap(),
            AT[0],
            AT[1],
        ]);
        assert_eq!(r.code, code, "{name}: {r:?}");
        std::fs::write(reports.join(format!("{name}.json")), r.stdout).unwrap();
    }
    let fleet = run(&["fleet", "--json", reports.to_str().unwrap()], 0).json();
    assert_valid("fleet", &fleet);
    assert_eq!(fleet["cards"]["total"], 2, "{fleet:#}");
    assert_eq!(fleet["cards"]["pin_blocked"], 1, "{fleet:#}");
    let text = run(&["fleet", reports.to_str().unwrap()], 0).stdout;
    assert!(text.contains("PIN blocked"), "{text}");
    let old = run(
        &[
            "fleet",
            "--json",
            "--output-version",
            "1.2",
            reports.to_str().unwrap(),
        ],
        0,
    )
    .json();
    assert!(old["cards"].get("pin_blocked").is_none(), "{old:#}");
    assert_valid("fleet", &old);
}

/// The commands that do not show PINs never ask for them, not even an
/// IDPrime card, which may be asked: `certs`, `dump` and `order-info`
/// send no VERIFY at all (README, "What sithsctl will never do").
#[test]
fn certs_dump_and_order_info_never_ask_an_idprime_card() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let image = idprime_card(dir.path(), "never-asked", 3, 3);
    let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());
    let out = dir.path().join("dumped.json");
    run(&["certs", AT[0], AT[1]], 0);
    run(&["dump", "-o", out.to_str().unwrap()], 0);
    run(&["order-info", "--org", "gbg", AT[0], AT[1]], 0);
    assert!(card.commands().len() > 10, "the card was read");
    assert_eq!(verifies(&card).0, Vec::<String>::new(), "a VERIFY was sent");
    // The same card is asked by inspect: the log would have shown it.
    run(&["inspect", AT[0], AT[1]], 0);
    assert!(
        !verifies(&card).0.is_empty(),
        "inspect asks an IDPrime card"
    );
}
