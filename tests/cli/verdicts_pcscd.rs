//! Every verdict case of `verdicts.rs`, once more through pcscd and the
//! virtual card: the card in a reader must be judged exactly as its image
//! is (issue #14's cases "on images and through the virtual card").
//! Compared: the exit code, the verdict, the findings (code and severity,
//! details too), the policy's outcome, doctor's layers and causes, and an
//! order's refusal and date. Left out: where the card was read, timings,
//! the revocation answer (a card in a reader is asked, an image not) and
//! the middleware (looked for only with a reader).

use std::path::Path;

use serde_json::{json, Value};

use super::cards::{card, write_image};
use super::harness::{data, sithsctl_env, stack, test_pki_config, CardOptions, VirtualCard};

const AT: &str = "2026-11-24";

/// What must be the same whichever way the card was read.
fn judged(doc: &Value) -> Value {
    let findings = |v: &Value| -> Value {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|f| {
                        json!({
                            "code": f["code"], "severity": f["severity"],
                            "certificate_sha256": f["certificate_sha256"],
                            "details": f.get("details").map(|d| d.as_array().map(|d| d.iter()
                                .map(|x| json!([x["code"], x["severity"]])).collect::<Vec<_>>())),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let layers = doc["layers"].as_array().map(|a| {
        a.iter()
            // The first layers differ by nature: a reader against a file.
            .filter(|l| {
                !matches!(
                    l["name"].as_str(),
                    Some("pcsc_library" | "service" | "access" | "readers" | "reader")
                        | Some("card_answers" | "certificates" | "middleware" | "revocation")
                )
            })
            .map(|l| json!([l["name"], l["status"], l["detail"]]))
            .collect::<Vec<_>>()
    });
    let certs = doc["certificates"].as_array().map(|a| {
        a.iter()
            .map(|c| json!([c["sha256"], c["status"], c["chain"]]))
            .collect::<Vec<_>>()
    });
    json!({
        "verdict": doc["verdict"],
        "findings": findings(&doc["findings"]),
        "policy": [doc["policy"]["passed"], doc["policy"]["hsa_id_to_register"],
                   doc["policy"]["org"]],
        "layers": layers,
        "causes": doc["causes"].as_array().map(|a| a.iter()
            // The middleware is looked for only with a reader.
            .filter(|c| c["layer"] != "revocation" && c["layer"] != "middleware")
            .map(|c| json!([c["layer"], c["status"], c["message"], c["advice"]]))
            .collect::<Vec<_>>()),
        "certificates": certs,
        "order": [doc["order"]["refused"], doc["order"]["valid_until"],
                  doc["order"]["nothing_to_order"]],
    })
}

fn run(args: &[&str], config: &Path) -> (i32, Value) {
    let r = sithsctl_env(args, None, &[("SITHSCTL_CONFIG", config.to_str().unwrap())]);
    let doc: Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {r:?}"));
    (r.code, doc)
}

#[test]
fn every_verdict_case_is_judged_the_same_through_pcscd() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let trusted = test_pki_config();
    let untrusted = dir.path().join("no-config.toml");
    let root = data("pki/ca-root-v2.der").display().to_string();
    // (card, configuration, arguments): the cases of verdicts.rs.
    let cases: Vec<(char, &Path, Vec<&str>)> = vec![
        ('a', &trusted, vec!["doctor", "--org", "gbg"]),
        ('i', &trusted, vec!["doctor", "--org", "rjl"]),
        ('i', &trusted, vec!["check", "--org", "rjl"]),
        (
            'b',
            &trusted,
            vec!["check", "--org", "rjl", "--card-expiry", "2028-01-01"],
        ),
        ('a', &trusted, vec!["inspect", "--org", "jonkoping"]),
        (
            'a',
            &trusted,
            vec!["order-info", "--org", "gbg", "--card-expiry", "2025-01-01"],
        ),
        (
            'a',
            &trusted,
            vec!["doctor", "--org", "gbg", "--card-expiry", "2026-12-10"],
        ),
        ('a', &untrusted, vec!["check", "--org", "jonkoping"]),
        (
            'a',
            &untrusted,
            vec!["--ca", &root, "check", "--org", "jonkoping"],
        ),
        ('a', &trusted, vec!["check", "--org", "212000-0142"]),
    ];
    let mut compared = 0;
    for (letter, config, args) in &cases {
        let image = write_image(&card(*letter), dir.path(), &letter.to_string());
        let image = image.to_str().unwrap();
        let mut from_image = vec!["--image", image, "--at", AT, "--json"];
        from_image.extend_from_slice(args);
        let (code_image, doc_image) = run(&from_image, config);

        let _vc = VirtualCard::insert(&stack, Path::new(image), 0, CardOptions::default());
        let mut from_card = vec!["--timeout", "5", "--at", AT, "--json"];
        from_card.extend_from_slice(args);
        let (code_card, doc_card) = run(&from_card, config);
        assert_eq!(doc_card["card"]["source"], "pcsc", "{args:?}: {doc_card}");
        assert_eq!(code_card, code_image, "{letter} {args:?}");
        assert_eq!(
            judged(&doc_card),
            judged(&doc_image),
            "card {letter} {args:?}: judged otherwise through the reader"
        );
        // The comparison has something in it: a verdict, or an order.
        assert!(
            !doc_image["verdict"].is_null() || !doc_image["order"].is_null(),
            "{doc_image}"
        );
        compared += 1;
    }
    assert_eq!(compared, cases.len());
}
