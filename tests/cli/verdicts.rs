//! Verdicts a contact person can act on (issue #14): one judgement per
//! question, marks that mean what they say, chains to a real root, order
//! data that cannot mislead, any organisation number. On images of the
//! test cards at a fixed date, and through pcscd and a virtual card.

use std::path::{Path, PathBuf};

use super::cards::{card, write_image};
use super::harness::{data, sithsctl, sithsctl_env, stack, CardOptions, Run, VirtualCard};

const AT: &str = "2026-11-24";

fn image(letter: char, dir: &Path) -> PathBuf {
    write_image(&card(letter), dir, &letter.to_string())
}

/// `sithsctl --image IMAGE --at AT ARGS` with the test PKI trusted.
fn on(image: &Path, args: &[&str]) -> Run {
    let image = image.to_string_lossy().into_owned();
    let mut all = vec!["--image", image.as_str(), "--at", AT];
    all.extend_from_slice(args);
    sithsctl(&all)
}

/// The same with no configuration: nothing but the bundled roots trusted.
fn untrusted(image: &Path, args: &[&str], dir: &Path) -> Run {
    let image = image.to_string_lossy().into_owned();
    let mut all = vec!["--image", image.as_str(), "--at", AT];
    all.extend_from_slice(args);
    let none = dir.join("no-config.toml");
    sithsctl_env(&all, None, &[("SITHSCTL_CONFIG", none.to_str().unwrap())])
}

fn layer<'a>(doc: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    doc["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == name)
        .unwrap_or_else(|| panic!("no layer {name}: {doc}"))
}

fn failing(doc: &serde_json::Value) -> Vec<serde_json::Value> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "fail")
        .cloned()
        .collect()
}

#[test]
fn layers_11_and_12_are_skipped_without_the_organisations_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let a = image('a', dir.path());
    let r = on(&a, &["doctor", "--org", "gbg", "--json"]);
    assert_eq!(r.code, 1, "{r:?}");
    let doc = r.json();
    assert_eq!(layer(&doc, "identification")["status"], "fail");
    for name in ["issuers", "validity", "signature"] {
        let l = layer(&doc, name);
        assert_eq!(l["status"], "skipped", "{name}: {l}");
        assert!(
            l["detail"].as_str().unwrap().contains("Göteborgs Stad"),
            "{l}"
        );
    }
    assert_eq!(
        doc["causes"].as_array().unwrap().len(),
        1,
        "{}",
        doc["causes"]
    );
    // In text: the skip mark, never the ok mark, on those layers.
    let r = on(&a, &["doctor", "--org", "gbg"]);
    for line in r.stdout.lines() {
        if line.contains("11. ") || line.contains("12. ") || line.contains(" 9. ") {
            assert!(line.trim_start().starts_with('-'), "{line}");
        }
    }
}

#[test]
fn an_expired_signature_certificate_is_not_ok() {
    let dir = tempfile::tempdir().unwrap();
    let i = image('i', dir.path());
    let doc = on(&i, &["doctor", "--org", "jonkoping", "--json"]).json();
    assert_eq!(layer(&doc, "validity")["status"], "ok", "{doc}");
    let sig = layer(&doc, "signature");
    assert_ne!(sig["status"], "ok", "{sig}");
    assert!(sig["detail"].as_str().unwrap().contains("expired"), "{sig}");
    // Login works, signing does not: a warning; a failure when required.
    assert_eq!(on(&i, &["check", "--org", "jonkoping"]).code, 0);
    assert_eq!(
        on(&i, &["check", "--org", "jonkoping", "--require-signature"]).code,
        1
    );
}

#[test]
fn an_expired_identification_certificate_on_a_valid_card_is_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let b = image('b', dir.path());
    for args in [
        &["check", "--card-expiry", "2028-01-01", "--json"][..],
        &[
            "check",
            "--org",
            "rjl",
            "--card-expiry",
            "2028-01-01",
            "--json",
        ][..],
    ] {
        let r = on(&b, args);
        assert_eq!(r.code, 1, "{r:?}");
        let doc = r.json();
        let fails = failing(&doc);
        assert_eq!(fails.len(), 1, "{args:?}: {}", doc["findings"]);
        assert_eq!(fails[0]["code"], "renew_certificate_not_card");
        let message = fails[0]["message"].as_str().unwrap();
        assert!(message.contains("SE2321000057-ANAN01"), "{message}");
        assert!(message.contains("2028-01-01"), "{message}");
        // The signature certificate that ran out with it hangs under it.
        assert_eq!(fails[0]["details"].as_array().unwrap().len(), 1);
        let codes: Vec<&str> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["code"].as_str())
            .collect();
        assert!(!codes.contains(&"org_identification_missing"), "{codes:?}");
        assert!(
            !codes.contains(&"no_valid_hsa_id_identification"),
            "{codes:?}"
        );
    }
    // doctor: the one cause is validity, and the signature layer is not ok.
    let doc = on(
        &b,
        &[
            "doctor",
            "--org",
            "rjl",
            "--card-expiry",
            "2028-01-01",
            "--json",
        ],
    )
    .json();
    assert_eq!(
        doc["causes"].as_array().unwrap().len(),
        1,
        "{}",
        doc["causes"]
    );
    assert_eq!(doc["causes"][0]["layer"], "validity");
    assert_ne!(layer(&doc, "signature")["status"], "ok");
}

#[test]
fn no_information_carries_the_ok_mark() {
    let dir = tempfile::tempdir().unwrap();
    for letter in ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
        let img = image(letter, dir.path());
        for args in [&["inspect"][..], &["check", "--org", "jonkoping"][..]] {
            let mut json_args = args.to_vec();
            json_args.push("--json");
            let doc = on(&img, &json_args).json();
            let findings = doc["findings"]
                .as_array()
                .unwrap_or_else(|| panic!("{doc}"))
                .clone();
            let text = on(&img, args).stdout;
            let section = text.split("Findings:").nth(1).unwrap_or_default();
            let ticks = section.lines().filter(|l| l.starts_with("  ✔")).count();
            let oks = findings.iter().filter(|f| f["severity"] == "ok").count();
            let infos = findings.iter().filter(|f| f["severity"] == "info").count();
            let info_marks = section.lines().filter(|l| l.starts_with("  ℹ")).count();
            // "Nothing to remark" is information too: no check passed.
            let nothing = findings.is_empty() as usize;
            assert_eq!(ticks, oks, "card {letter} {args:?}:\n{section}");
            assert_eq!(
                info_marks,
                infos + nothing,
                "card {letter} {args:?}:\n{section}"
            );
        }
    }
}

#[test]
fn order_info_refuses_a_card_that_has_ended_or_ends_soon() {
    let dir = tempfile::tempdir().unwrap();
    let a = image('a', dir.path());
    for (expiry, code) in [
        ("2025-01-01", "card_expired"),
        ("2026-12-10", "card_expiring"),
    ] {
        let r = on(
            &a,
            &[
                "order-info",
                "--org",
                "gbg",
                "--card-expiry",
                expiry,
                "--json",
            ],
        );
        assert_eq!(r.code, 1, "{r:?}");
        let order = &r.json()["order"];
        assert_eq!(order["refused"], code, "{order}");
        assert!(order["valid_until"].is_null(), "{order}");
        assert_eq!(order["card_end"], expiry);
        let text = on(&a, &["order-info", "--org", "gbg", "--card-expiry", expiry]);
        assert_eq!(text.code, 1);
        assert!(!text.stdout.contains("Valid until"), "{}", text.stdout);
        assert!(text.stdout.contains("new card"), "{}", text.stdout);
    }
    // After the card's certificates ended and no printed date: no date.
    let late = a.to_string_lossy().into_owned();
    let r = sithsctl(&[
        "--image",
        &late,
        "--at",
        "2030-01-01",
        "order-info",
        "--org",
        "gbg",
        "--json",
    ]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.json()["order"]["refused"], "card_end_unknown");
    // A card with years left gets its order, dated by the card.
    let r = on(
        &a,
        &[
            "order-info",
            "--org",
            "gbg",
            "--card-expiry",
            "2028-06-30",
            "--json",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.json()["order"]["valid_until"], "2028-06-30");
    assert!(r.json()["order"].get("refused").is_none());
}

/// The organisation's certificate is missing and the card itself has
/// ended (or ends soon): one cause, "a new card with that certificate",
/// never "ask for a certificate" beside "order a new card".
#[test]
fn a_missing_certificate_on_an_ended_card_is_one_cause_a_new_card() {
    let dir = tempfile::tempdir().unwrap();
    let a = image('a', dir.path());
    for (expiry, days) in [("2025-01-01", "30"), ("2026-12-10", "30")] {
        let args = ["--org", "gbg", "--card-expiry", expiry, "--warn-days", days];
        let mut check_args = vec!["check", "--json"];
        check_args.extend_from_slice(&args);
        let check = on(&a, &check_args);
        assert_eq!(check.code, 1, "{check:?}");
        let doc = check.json();
        assert_eq!(
            failing_codes(&doc),
            ["org_identification_missing_new_card"],
            "{expiry}"
        );
        let f = &failing(&doc)[0];
        assert!(f["message"].as_str().unwrap().contains(expiry), "{f}");
        assert!(f["hint"].as_str().unwrap().contains("new card"), "{f}");
        let mut doctor_args = vec!["doctor", "--json"];
        doctor_args.extend_from_slice(&args);
        let doctor = on(&a, &doctor_args).json();
        let causes = doctor["causes"].as_array().unwrap();
        assert_eq!(causes.len(), 1, "{causes:?}");
        assert_eq!(causes[0]["layer"], "identification");
        assert!(causes[0]["advice"].as_str().unwrap().contains("new card"));
        assert!(!causes[0]["advice"].as_str().unwrap().contains("ask the ID"));
        // Validity has nothing of the login to judge: skipped, not ok.
        assert_eq!(layer(&doctor, "validity")["status"], "skipped");
    }
    // A card far from its end: the plain "ask for a certificate".
    let later = on(
        &a,
        &[
            "check",
            "--json",
            "--org",
            "gbg",
            "--card-expiry",
            "2029-03-01",
        ],
    );
    assert_eq!(failing_codes(&later.json()), ["org_identification_missing"]);
}

#[test]
fn a_ca_that_copies_the_siths_names_with_another_key_fails_a_production_check() {
    let dir = tempfile::tempdir().unwrap();
    let a = image('a', dir.path());
    let r = untrusted(&a, &["check", "--org", "jonkoping", "--json"], dir.path());
    assert_eq!(r.code, 1, "{r:?}");
    let doc = r.json();
    let fails = failing(&doc);
    assert_eq!(fails.len(), 1, "{}", doc["findings"]);
    assert_eq!(fails[0]["code"], "chain_not_anchored");
    // Why: the card's CA does not verify against the SITHS root.
    assert_eq!(
        fails[0]["details"][0]["code"], "card_ca_untrusted",
        "{}",
        fails[0]
    );
    let certs = doc["certificates"].as_array().unwrap();
    assert!(
        certs.iter().all(|c| c["chain"]["status"] != "verified"),
        "{certs:?}"
    );
    // inspect only warns; the text says it.
    let r = untrusted(&a, &["inspect", "--org", "jonkoping"], dir.path());
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("no trusted root"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("! The certificate's chain reaches no trusted root"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_root_given_with_ca_makes_the_chain_verified() {
    let dir = tempfile::tempdir().unwrap();
    let a = image('a', dir.path());
    let root = data("pki/ca-root-v2.der");
    let root = root.to_str().unwrap();
    let r = untrusted(
        &a,
        &["--ca", root, "check", "--org", "jonkoping", "--json"],
        dir.path(),
    );
    assert_eq!(r.code, 0, "{r:?}");
    let certs = r.json()["certificates"].clone();
    let ident = certs
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["hsa_id"] == "SE2321000057-ANAN01"
                && c["role"] == "identification"
                && c["issuer"]["class"] == "production"
        })
        .unwrap()
        .clone();
    assert_eq!(ident["chain"]["status"], "verified", "{ident}");
    assert_eq!(ident["chain"]["anchor"]["kind"], "user");
    let text = untrusted(&a, &["--ca", root, "inspect"], dir.path()).stdout;
    assert!(text.contains("verified (--ca)"), "{text}");
}

#[test]
fn any_valid_organisation_number_and_none_with_a_wrong_check_digit() {
    let dir = tempfile::tempdir().unwrap();
    let a = image('a', dir.path());
    for form in ["212000-0142", "2120000142", "SE2120000142"] {
        let r = on(&a, &["check", "--org", form, "--json"]);
        assert_eq!(r.code, 1, "{form}: {r:?}");
        let doc = r.json();
        assert_eq!(doc["policy"]["org"]["number"], "2120000142");
        assert_eq!(doc["policy"]["org"]["name"], "organisation 212000-0142");
        assert_eq!(failing(&doc)[0]["code"], "org_identification_missing");
    }
    let r = on(&a, &["check", "--org", "212000-0143"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("check digit"), "{}", r.stderr);
    let r = sithsctl(&["--lang", "sv", "--demo", "check", "--org", "212000-0143"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("kontrollsiffran"), "{}", r.stderr);
}

#[test]
fn through_pcscd_one_cause_and_skipped_layers() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let b = image('b', dir.path());
    let _vc = VirtualCard::insert(&stack, &b, 0, CardOptions::default());
    let run = sithsctl(&[
        "doctor",
        "--json",
        "--timeout",
        "5",
        "--at",
        AT,
        "--org",
        "rjl",
        "--card-expiry",
        "2028-01-01",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    let doc = run.json();
    assert_eq!(doc["card"]["source"], "pcsc");
    let causes = doc["causes"].as_array().unwrap();
    let failing: Vec<_> = causes.iter().filter(|c| c["status"] == "fail").collect();
    assert_eq!(failing.len(), 1, "{causes:?}");
    assert_eq!(failing[0]["layer"], "validity");
    let run = sithsctl(&[
        "doctor",
        "--json",
        "--timeout",
        "5",
        "--at",
        AT,
        "--org",
        "gbg",
    ]);
    let doc = run.json();
    for name in ["validity", "signature"] {
        assert_eq!(layer(&doc, name)["status"], "skipped", "{name}");
    }
    let run = sithsctl(&[
        "check",
        "--timeout",
        "5",
        "--at",
        AT,
        "--org",
        "rjl",
        "--card-expiry",
        "2028-01-01",
        "--json",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        failing_codes(&run.json()),
        vec!["renew_certificate_not_card"]
    );
}

fn failing_codes(doc: &serde_json::Value) -> Vec<String> {
    failing(doc)
        .iter()
        .filter_map(|f| f["code"].as_str().map(str::to_string))
        .collect()
}
