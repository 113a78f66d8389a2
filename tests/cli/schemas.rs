//! The JSON Schema files in `docs/schema/` hold for real output of every
//! command, and `--output-version` writes older versions or refuses.

use std::path::Path;

use super::cards::{card, write_image};
use super::harness::{sithsctl, Run};

/// Checks `doc` against `docs/schema/<name>.json`, with every error listed.
pub fn assert_valid(name: &str, doc: &serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("docs/schema/{name}.json"));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("{}: not a schema: {e}", path.display()));
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{name} document does not match its schema:\n{}\n{doc:#}",
        errors.join("\n")
    );
}

fn json_of(run: &Run, code: i32) -> serde_json::Value {
    assert_eq!(run.code, code, "{run:?}");
    run.json()
}

#[test]
fn every_document_matches_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    let demo = ["--demo"];
    let with = |args: &[&str], extra: &[&str]| -> Vec<String> {
        args.iter().chain(extra).map(|s| s.to_string()).collect()
    };
    let run = |args: Vec<String>| sithsctl(&args.iter().map(String::as_str).collect::<Vec<_>>());

    assert_valid(
        "readers",
        &json_of(&run(with(&["readers", "--json"], &demo)), 0),
    );
    assert_valid(
        "certs",
        &json_of(&run(with(&["certs", "--json"], &demo)), 0),
    );
    assert_valid("orgs", &json_of(&sithsctl(&["orgs", "--json"]), 0));
    let missing = dir.path().join("missing.json");
    let err = sithsctl(&["certs", "--json", "--image", missing.to_str().unwrap()]);
    assert_valid("error", &json_of(&err, 5));

    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    for letter in ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] {
        let image = write_image(&card(letter), dir.path(), &letter.to_string());
        let image = image.to_str().unwrap();
        let inspect = json_of(&sithsctl(&["inspect", "--json", "--image", image]), 0);
        assert_valid("inspect", &inspect);
        let check = sithsctl(&["check", "--json", "--org", "rjl", "--image", image]);
        assert!(check.code == 0 || check.code == 1, "{check:?}");
        let check = check.json();
        assert_valid("check", &check);
        std::fs::write(reports.join(format!("{letter}.json")), check.to_string()).unwrap();
        let certs = json_of(&sithsctl(&["certs", "--json", "--image", image]), 0);
        assert_valid("certs", &certs);
    }
    // The 1.2 documents: doctor (healthy, and failing on an expired
    // card), order-info (something to order, and nothing), and
    // inspect/check carrying order_info.
    let doctor = json_of(&sithsctl(&["doctor", "--json", "--demo"]), 0);
    assert_valid("doctor", &doctor);
    assert_eq!(doctor["verdict"], "pass", "{doctor:#}");
    let b = write_image(&card('b'), dir.path(), "doctor-b");
    let failing = sithsctl(&[
        "doctor",
        "--json",
        "--at",
        "2026-11-24",
        "--image",
        b.to_str().unwrap(),
        "--card-expiry",
        "2028-01-01",
    ]);
    let failing = json_of(&failing, 1);
    assert_valid("doctor", &failing);
    assert_eq!(failing["verdict"], "fail", "{failing:#}");
    assert_eq!(failing["causes"][0]["layer"], "validity", "{failing:#}");
    for (org, nothing_to_order) in [("gbg", false), ("jonkoping", true)] {
        let order = json_of(
            &sithsctl(&["order-info", "--json", "--demo", "--org", org]),
            0,
        );
        assert_valid("order-info", &order);
        assert_eq!(
            order["order"]["nothing_to_order"], nothing_to_order,
            "{order:#}"
        );
    }
    let inspect = json_of(
        &sithsctl(&["inspect", "--json", "--demo", "--org", "gbg"]),
        0,
    );
    assert_valid("inspect", &inspect);
    assert_eq!(
        inspect["order_info"]["org_number"], "2120001355",
        "{inspect:#}"
    );
    let check = sithsctl(&["check", "--json", "--demo", "--org", "gbg"]);
    let check = json_of(&check, 1);
    assert_valid("check", &check);
    assert!(check["order_info"].is_object(), "{check:#}");
    // A 1.2 inspect document must carry order_info (null without --org).
    let mut bad = inspect.clone();
    bad.as_object_mut().unwrap().remove("order_info");
    let result = std::panic::catch_unwind(|| assert_valid("inspect", &bad));
    assert!(result.is_err(), "a 1.2 inspect without order_info passed");

    let fleet = sithsctl(&["fleet", "--json", "--org", "rjl", reports.to_str().unwrap()]);
    let fleet = json_of(&fleet, 0);
    assert_valid("fleet", &fleet);
    assert_eq!(fleet["cards"]["total"], 8, "{fleet:#}");

    // 1.3: the drive's lists and calendar in fleet, the certificates in
    // order-info; written as 1.2 without them.
    let drive = sithsctl(&[
        "fleet",
        "--json",
        "--orders",
        "gbg",
        "--register",
        "gbg",
        reports.to_str().unwrap(),
    ]);
    let drive = json_of(&drive, 0);
    assert_valid("fleet", &drive);
    assert!(
        drive["orders"].as_array().is_some_and(|o| !o.is_empty()),
        "{drive:#}"
    );
    assert!(drive["registrations"].is_array() && drive["calendar"]["months"].is_array());
    let mut bad = drive.clone();
    bad.as_object_mut().unwrap().remove("calendar");
    let result = std::panic::catch_unwind(|| assert_valid("fleet", &bad));
    assert!(result.is_err(), "a 1.3 fleet without calendar passed");
    let old = json_of(
        &sithsctl(&[
            "fleet",
            "--json",
            "--output-version",
            "1.2",
            "--orders",
            "gbg",
            reports.to_str().unwrap(),
        ]),
        0,
    );
    assert_eq!(old["schema_version"], "1.2.0");
    for field in ["orders", "registrations", "calendar", "unjudged"] {
        assert!(old.get(field).is_none(), "{field} in a 1.2 fleet");
    }
    assert!(old["inputs"].get("without_certificates").is_none());
    assert_valid("fleet", &old);
    let order = json_of(
        &sithsctl(&["order-info", "--json", "--demo", "--org", "gbg"]),
        0,
    );
    assert!(order["certificates"]
        .as_array()
        .is_some_and(|c| !c.is_empty()));
    let order = json_of(
        &sithsctl(&[
            "order-info",
            "--json",
            "--demo",
            "--org",
            "gbg",
            "--output-version",
            "1.2",
        ]),
        0,
    );
    assert!(order.get("certificates").is_none() && order.get("card_numbers").is_none());
    assert_valid("order-info", &order);
}

#[test]
fn output_version_writes_older_documents_or_refuses() {
    for (args, name) in [
        (vec!["certs", "--json", "--demo"], "certs"),
        (vec!["readers", "--json", "--demo"], "readers"),
    ] {
        for version in ["1.0", "1.1.0"] {
            let mut a = args.clone();
            a.extend(["--output-version", version]);
            let doc = json_of(&sithsctl(&a), 0);
            assert_eq!(
                doc["schema_version"],
                format!("1.{}.0", &version[2..3]),
                "{a:?}"
            );
            assert_valid(name, &doc);
        }
    }
    // `check` first appeared in 1.1: asking for 1.0 is a usage error, with
    // an error document of version 1.0.
    let run = sithsctl(&["check", "--json", "--demo", "--output-version", "1.0"]);
    let doc = json_of(&run, 2);
    assert_eq!(doc["error"]["code"], "unsupported_output_version");
    assert_eq!(doc["schema_version"], "1.0.0");
    assert_valid("error", &doc);
    let doc = json_of(
        &sithsctl(&["check", "--json", "--demo", "--output-version", "1.1"]),
        0,
    );
    assert_eq!(doc["schema_version"], "1.1.0");
    assert_valid("check", &doc);
    // The schemas do check: a wrong verdict is caught.
    let mut bad = doc.clone();
    bad["verdict"] = "maybe".into();
    let result = std::panic::catch_unwind(|| assert_valid("check", &bad));
    assert!(result.is_err(), "a verdict of 'maybe' passed the schema");

    // order_info came in 1.2: a 1.1 inspect or check leaves it out.
    for command in ["inspect", "check"] {
        let run = sithsctl(&[
            command,
            "--json",
            "--demo",
            "--org",
            "gbg",
            "--output-version",
            "1.1",
        ]);
        assert!(run.code == 0 || run.code == 1, "{run:?}");
        let doc = run.json();
        assert_eq!(doc["schema_version"], "1.1.0");
        assert!(doc.get("order_info").is_none(), "{doc:#}");
        assert_valid(command, &doc);
        // ... and a 1.1 document that has it does not match.
        let mut bad = doc.clone();
        bad["order_info"] = serde_json::Value::Null;
        let result = std::panic::catch_unwind(|| assert_valid(command, &bad));
        assert!(result.is_err(), "a 1.1 {command} with order_info passed");
    }
    // doctor and order-info first appeared in 1.2.
    for args in [
        vec!["doctor", "--json", "--demo"],
        vec!["order-info", "--json", "--demo", "--org", "gbg"],
    ] {
        let mut a = args.clone();
        a.extend(["--output-version", "1.1"]);
        let doc = json_of(&sithsctl(&a), 2);
        assert_eq!(doc["error"]["code"], "unsupported_output_version", "{a:?}");
        assert_eq!(doc["schema_version"], "1.1.0");
        assert_valid("error", &doc);
    }

    let run = sithsctl(&["certs", "--demo", "--output-version", "2.0"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("supported: 1.0, 1.1, 1.2, 1.3"),
        "{run:?}"
    );
}
