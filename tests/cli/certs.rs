//! `certs` and `readers` on card images and the demo card: no reader needed.

use sithsctl::reading::card::image::Behaviour;
use sithsctl::reading::layout::pkcs15::{
    build_image, CardSpec, CertSpec, Directory, LayoutOptions,
};

use super::cards::{atr_t1, card, write_image};
use super::harness::{data, sithsctl};

fn certs_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["certs", "--json", "--at", "2026-11-24"];
    all.extend_from_slice(args);
    let run = sithsctl(&all);
    assert_eq!(run.code, 0, "{run:?}");
    run.json()
}

#[test]
fn demo_card_lists_every_certificate_with_its_facts() {
    let doc = certs_json(&["--demo"]);
    assert_eq!(
        doc["schema_version"].as_str().unwrap().split('.').next(),
        Some("1")
    );
    assert_eq!(doc["document"], "certs");
    let certs = doc["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 8);
    let ident = &certs[0];
    assert_eq!(ident["label"], "Legitimering (HSA-ID)");
    assert_eq!(ident["role"], "identification");
    assert_eq!(ident["hsa_id"], "SE2321000057-ANAN01");
    assert_eq!(ident["card_number"], "9752240000000001013");
    assert_eq!(ident["card_number_valid"], true);
    assert_eq!(
        ident["issuer"]["common_name"],
        "SITHS e-id Person HSA-id 3 CA v1"
    );
    assert_eq!(ident["issuer"]["organization"], "Inera AB");
    assert_eq!(ident["issuer"]["assurance_level"], 3);
    assert_eq!(ident["subject"]["common_name"], "Anna Andersson");
    assert_eq!(ident["subject"]["organization"], "Region Jönköpings län");
    assert_eq!(ident["not_after"], "2029-03-01T00:00:00Z");
    assert_eq!(ident["days_left"], 828);
    assert_eq!(ident["status"], "valid");
    // The issuing CA sits on the card: its signature is checked.
    assert_eq!(ident["chain"]["status"], "verified");
    assert_eq!(certs[1]["role"], "signature");
    // The personnummer certificate: no HSA-ID, number masked.
    let pnr = &certs[2];
    assert_eq!(pnr["hsa_id"], serde_json::Value::Null);
    assert_eq!(pnr["personal_number"], "19121212-****");
    assert_eq!(pnr["subject"]["serial_number"], "19121212-****");
    // Legacy pair, expired.
    assert_eq!(certs[4]["status"], "expired");
    assert_eq!(certs[4]["issuer"]["class"], "legacy");
    assert_eq!(certs[6]["role"], "other");
    assert_eq!(certs[6]["is_ca"], true);
    for c in certs {
        assert_eq!(c["sha256"].as_str().unwrap().len(), 64);
    }
}

#[test]
fn personal_numbers_are_hidden_unless_asked_for() {
    for args in [vec!["--demo", "certs"], vec!["--demo", "certs", "--json"]] {
        let run = sithsctl(&args);
        assert_eq!(run.code, 0);
        assert!(
            !run.stdout.contains("1212121212"),
            "unmasked personnummer in {args:?}:\n{}",
            run.stdout
        );
        assert!(run.stdout.contains("19121212-****"), "{args:?}");
    }
    let shown = sithsctl(&["--demo", "certs", "--json", "--show-personal-numbers"]);
    assert!(shown.stdout.contains("191212121212"));
}

#[test]
fn real_public_certificates_parse_with_their_known_values() {
    let der = |f: &str| std::fs::read(data(&format!("public-certs/{f}"))).unwrap();
    let spec = CardSpec {
        description: "public certificates".into(),
        atr: atr_t1(),
        token_serial: "1".into(),
        token_label: "x".into(),
        manufacturer: "x".into(),
        certificates: vec![
            CertSpec {
                label: "pp signature".into(),
                der: der("siths-type1-pp-signature-2015.der"),
                authority: false,
                directory: Directory::Certificates,
            },
            CertSpec {
                label: "function".into(),
                der: der("test-siths-eid-function-2022.der"),
                authority: false,
                directory: Directory::Certificates,
            },
        ],
        layout: LayoutOptions::default(),
        behaviour: Behaviour::default(),
    };
    let dir = tempfile::tempdir().unwrap();
    let image = write_image(&spec, dir.path(), "public");
    let doc = certs_json(&["--image", image.to_str().unwrap()]);
    let sig = &doc["certificates"][0];
    assert_eq!(sig["role"], "signature");
    assert_eq!(sig["hsa_id"], "TSTNMT2321000156-1025");
    assert_eq!(sig["card_number"], "9752269895715989469");
    assert_eq!(sig["card_number_valid"], true);
    assert_eq!(sig["subject"]["locality"], "Öster län");
    assert_eq!(sig["subject"]["organization"], "Nordic MedTest");
    assert_eq!(sig["subject"]["common_name"], "Karin Persson");
    assert_eq!(sig["issuer"]["class"], "test");
    assert_eq!(sig["status"], "expired");
    let function = &doc["certificates"][1];
    assert_eq!(function["role"], "identification");
    assert_eq!(function["hsa_id"], "TSTNMT2321000156-B02");
    // Its issuer (TEST SITHS e-id Function CA v1) is bundled.
    assert_eq!(function["chain"]["status"], "verified");
}

#[test]
fn export_writes_der_and_pem_identical_to_the_card() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    let run = sithsctl(&["--demo", "certs", "--export", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    let files = |ext: &str| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let spec = card('a');
    let personal = |label: &str| label.contains("personnummer");
    // Every certificate but the personnummer ones, byte for byte.
    let mut want: Vec<&Vec<u8>> = spec
        .certificates
        .iter()
        .filter(|c| !personal(&c.label))
        .map(|c| &c.der)
        .collect();
    want.sort();
    let ders = files("der");
    let mut got: Vec<&Vec<u8>> = ders.iter().map(|(_, d)| d).collect();
    got.sort();
    assert_eq!(got, want);
    let names: Vec<&str> = ders.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"identification-SE2321000057-ANAN01.der"),
        "{names:?}"
    );
    assert!(
        names.contains(&"signature-SE2321000057-ANAN01.der"),
        "{names:?}"
    );
    assert!(
        names.contains(&"ca-SITHS-e-id-Person-HSA-id-3-CA-v1.der"),
        "{names:?}"
    );
    assert_eq!(files("pem").len(), ders.len());
    assert!(files("pem")
        .iter()
        .all(|(_, p)| p.starts_with(b"-----BEGIN CERTIFICATE-----\n")));
    // It says what it wrote, and what it left out.
    assert!(
        run.stderr.contains("wrote")
            && run
                .stderr
                .contains("identification-SE2321000057-ANAN01.pem"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Left out 2 personnummer certificates"),
        "{}",
        run.stderr
    );
    // No temporary files left behind.
    assert!(std::fs::read_dir(&out).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".tmp")));

    // Not overwritten without --force: nothing written, exit 2.
    let again = sithsctl(&["--demo", "certs", "--export", out.to_str().unwrap()]);
    assert_eq!(again.code, 2, "{again:?}");
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    // With --show-personal-numbers the personnummer certificates too,
    // named without the number; --force overwrites.
    let all = sithsctl(&[
        "--demo",
        "--show-personal-numbers",
        "certs",
        "--export",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(all.code, 0, "{all:?}");
    let ders = files("der");
    assert_eq!(ders.len(), spec.certificates.len());
    for (name, _) in &ders {
        assert!(!name.contains("1212"), "{name}");
    }
    assert!(ders
        .iter()
        .any(|(n, d)| n == "identification-personal-number.der"
            && spec
                .certificates
                .iter()
                .any(|c| personal(&c.label) && &c.der == d)));
}

#[test]
fn text_output_names_holder_hsa_id_and_issuer() {
    let run = sithsctl(&["certs", "--demo", "--at", "2026-11-24"]);
    assert_eq!(run.code, 0);
    for needle in [
        "Anna Andersson",
        "SE2321000057-ANAN01",
        "9752240000000001013",
        "SITHS e-id Person HSA-id 3 CA v1",
        "identification",
        "signature",
        "828",
    ] {
        // Roles start a block capitalised (`Identification · valid`).
        assert!(
            run.stdout.to_lowercase().contains(&needle.to_lowercase()),
            "missing {needle}:\n{}",
            run.stdout
        );
    }
    let sv = sithsctl(&["certs", "--demo", "--lang", "sv"]);
    assert!(
        sv.stdout.to_lowercase().contains("legitimering") && sv.stdout.contains("Utfärdare"),
        "{}",
        sv.stdout
    );
}

#[test]
fn bad_images_are_input_errors_with_their_own_message() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("missing.json", None, "No such file"),
        ("notjson.json", Some("{ this is not json"), "not JSON"),
        (
            "foreign.json",
            Some(r#"{"schema_version":"1.0.0","document":"certs"}"#),
            "not a card image",
        ),
        (
            "badhex.json",
            Some(
                r#"{"format":"sithsctl-card-image","version":1,"atr":"3B00","files":[{"path":"3F002F00","data":"XYZ"}]}"#,
            ),
            "not hex",
        ),
    ];
    for (name, content, needle) in cases {
        let path = dir.path().join(name);
        if let Some(c) = content {
            std::fs::write(&path, c).unwrap();
        }
        let run = sithsctl(&["certs", "--image", path.to_str().unwrap()]);
        assert_eq!(run.code, 5, "{name}: {run:?}");
        assert!(run.stderr.contains(needle), "{name}: {}", run.stderr);
        assert!(run.stderr.contains("Hint:"), "{name}: {}", run.stderr);
        assert!(
            run.stdout.is_empty(),
            "{name}: nothing on stdout without --json"
        );
        let json = sithsctl(&["certs", "--json", "--image", path.to_str().unwrap()]);
        assert_eq!(json.code, 5);
        assert_eq!(json.json()["error"]["code"], "bad_card_image");
    }
}

#[test]
fn a_card_without_pkcs15_is_not_a_siths_card() {
    let mut image = build_image(&card('d'));
    image.dfs.clear();
    image
        .files
        .retain(|f| !f.path.starts_with("3F005015") && !f.path.starts_with("3F002F00"));
    image.behaviour.no_select_by_aid = true;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.json");
    std::fs::write(&path, image.to_json()).unwrap();
    let run = sithsctl(&["certs", "--image", path.to_str().unwrap()]);
    assert_eq!(run.code, 4, "{run:?}");
    assert!(run.stderr.contains("not a SITHS card"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2_and_help_lists_exit_codes() {
    assert_eq!(sithsctl(&["certs", "--no-such-flag"]).code, 2);
    assert_eq!(sithsctl(&["--demo", "--image", "x", "certs"]).code, 2);
    let help = sithsctl(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("Exit codes:") && help.stdout.contains("4  card problem"));
}

#[test]
fn readers_shows_an_image_as_a_reader() {
    let run = sithsctl(&["--demo", "readers", "--json"]);
    assert_eq!(run.code, 0);
    let doc = run.json();
    assert_eq!(doc["readers"][0]["state"], "present");
    assert_eq!(doc["readers"][0]["atr"], hex::encode_upper(atr_t1()));
}

#[test]
fn dump_round_trip_gives_the_same_certificates() {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("dumped.json");
    let run = sithsctl(&[
        "--demo",
        "dump",
        "--include-personal-numbers",
        "-o",
        image.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let before = certs_json(&["--demo"]);
    let after = certs_json(&["--image", image.to_str().unwrap()]);
    assert_eq!(before["certificates"], after["certificates"]);
    assert_eq!(before["card"]["token"], after["card"]["token"]);
    assert_eq!(before["card"]["atr"], after["card"]["atr"]);
    // Only public files: the image holds nothing but what was read.
    let text = std::fs::read_to_string(&image).unwrap();
    assert!(text.contains("\"format\": \"sithsctl-card-image\""));
    let stdout = sithsctl(&["--demo", "dump", "-o", "-"]);
    assert_eq!(stdout.code, 0);
    assert!(stdout.stdout.contains("sithsctl-card-image"));
}
