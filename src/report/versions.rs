//! Schema versions: the version this build writes, the older ones
//! `--output-version` can ask for, the fields added since each
//! (`FIELDS_ADDED`), and turning a document into an older version.

use crate::base::documents::document_since;

/// The version of every document this build writes (1.2.0 added the
/// `watch`, `fleet`, `doctor` and `order-info` documents, and
/// `order_info` in `inspect` and `check`; 1.3.0 the `ok` severity, a
/// finding's `details`, a chain's `anchor` and `not_anchored`, an order's
/// `refused`, `pins`, and the fields of the card drive, as listed in
/// `FIELDS_ADDED`; 1.4.0 a certificate's `revocation`, doctor's
/// `revocation` layer and the fleet's `cards.revoked`).
pub const SCHEMA_VERSION: &str = "1.4.0";

/// A schema version `--output-version` can ask for: `1.MINOR`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct OutputVersion {
    pub minor: u32,
}

/// The versions this build can write, oldest first.
pub const SUPPORTED_VERSIONS: &[&str] = &["1.0", "1.1", "1.2", "1.3", "1.4"];

impl OutputVersion {
    /// The version this build writes by default.
    pub const CURRENT: OutputVersion = OutputVersion { minor: 4 };

    /// Reads `1.0`, `1.0.0`, `1.1`, ...; anything else names the supported ones.
    pub fn parse(text: &str) -> Result<OutputVersion, String> {
        let unsupported = || {
            format!(
                "unsupported output version '{text}'; supported: {}",
                SUPPORTED_VERSIONS.join(", ")
            )
        };
        let mut parts = text.trim().split('.');
        let major = parts.next().and_then(|p| p.parse::<u32>().ok());
        let minor = parts.next().and_then(|p| p.parse::<u32>().ok());
        let patch_ok = parts.next().is_none_or(|p| p.parse::<u32>().is_ok());
        match (major, minor, patch_ok, parts.next()) {
            (Some(1), Some(minor), true, None) if minor <= Self::CURRENT.minor => {
                Ok(OutputVersion { minor })
            }
            _ => Err(unsupported()),
        }
    }

    /// The full semver string documents of this version carry.
    pub fn schema_version(self) -> String {
        format!("1.{}.0", self.minor)
    }
}

/// Fields added to a document after it first appeared, as (minor version,
/// document, field); `downgrade` drops them. A field is named at the top
/// level, or by its path inside the document (`check.certificates[].chain`:
/// `chain` in every entry of the list `certificates` in `check`).
const FIELDS_ADDED: &[(u32, &str, &str)] = &[
    (2, "inspect", "order_info"),
    (2, "check", "order_info"),
    (3, "inspect", "pins"),
    (3, "check", "pins"),
    (3, "doctor", "pins"),
    (3, "fleet", "cards.pin_blocked"),
    (3, "order-info", "certificates"),
    (3, "order-info", "card_numbers"),
    (3, "fleet", "unjudged"),
    (3, "fleet", "orders"),
    (3, "fleet", "registrations"),
    (3, "fleet", "calendar"),
    (3, "fleet", "inputs.without_certificates"),
    (3, "watch", "check.card_numbers"),
    (3, "watch", "check.order_info"),
    (3, "watch", "check.certificates[].subject"),
    (3, "watch", "check.certificates[].chain"),
    (3, "watch", "check.certificates[].issuer.organization"),
    (3, "watch", "check.certificates[].issuer.class"),
    (4, "inspect", "certificates[].revocation"),
    (4, "check", "certificates[].revocation"),
    (4, "doctor", "certificates[].revocation"),
    (4, "watch", "check.certificates[].revocation"),
    (4, "fleet", "cards.revoked"),
    (4, "fleet", "orders[].revoked"),
];

/// Removes the field at `path` (see [`FIELDS_ADDED`]) from `value`.
fn remove_path(value: &mut serde_json::Value, path: &str) {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let (name, each) = match head.strip_suffix("[]") {
        Some(n) => (n, true),
        None => (head, false),
    };
    let Some(object) = value.as_object_mut() else {
        return;
    };
    let Some(rest) = rest else {
        object.remove(name);
        return;
    };
    match object.get_mut(name) {
        Some(serde_json::Value::Array(items)) if each => {
            for item in items {
                remove_path(item, rest);
            }
        }
        Some(inner) if !each => remove_path(inner, rest),
        _ => {}
    }
}

/// Turns a document of the current version into the older version `to`:
/// fields added since are dropped and `schema_version` is set. Fails when
/// the document did not exist in that version.
pub fn downgrade(doc: &mut serde_json::Value, to: OutputVersion) -> Result<(), String> {
    let Some(object) = doc.as_object_mut() else {
        return Ok(());
    };
    let document = object
        .get("document")
        .and_then(|d| d.as_str())
        .unwrap_or_default()
        .to_string();
    let since = document_since(&document).unwrap_or(OutputVersion::CURRENT.minor);
    if since > to.minor {
        return Err(format!(
            "the '{document}' document first appeared in schema 1.{since}; \
             it cannot be written as {}",
            to.schema_version()
        ));
    }
    for (minor, doc_name, field) in FIELDS_ADDED {
        if *minor > to.minor && *doc_name == document {
            remove_path(doc, field);
        }
    }
    if to.minor < 4 {
        before_1_4(doc);
    }
    if to.minor < 3 {
        before_1_3(doc);
    }
    let Some(object) = doc.as_object_mut() else {
        return Ok(());
    };
    object.insert(
        "schema_version".to_string(),
        serde_json::Value::String(to.schema_version()),
    );
    Ok(())
}

/// What 1.4.0 added inside documents that a path cannot name: doctor's
/// `revocation` layer, and a cause from it (the verdict and the findings
/// still say a revoked certificate fails).
fn before_1_4(doc: &mut serde_json::Value) {
    let not_revocation = |v: &serde_json::Value, key: &str| {
        v.get(key).and_then(|n| n.as_str()) != Some("revocation")
    };
    if let Some(serde_json::Value::Array(layers)) = doc.get_mut("layers") {
        layers.retain(|l| not_revocation(l, "name"));
    }
    if let Some(serde_json::Value::Array(causes)) = doc.get_mut("causes") {
        causes.retain(|c| not_revocation(c, "layer"));
    }
}

/// What 1.3.0 added inside documents, said in 1.2's words: a finding of
/// severity `ok` was `info`; `details` did not exist; a chain that reaches
/// no trust anchor was not verified (`not_checked`), and `anchor` did not
/// exist; an order's `refused` and `card_end` did not exist.
fn before_1_3(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("severity").and_then(|s| s.as_str()) == Some("ok") {
                map.insert("severity".into(), "info".into());
            }
            if map.contains_key("severity") {
                map.remove("details");
            }
            if map.contains_key("nothing_to_order") {
                map.remove("refused");
                map.remove("card_end");
            }
            if let Some(serde_json::Value::Object(chain)) = map.get_mut("chain") {
                chain.remove("anchor");
                if chain.get("status").and_then(|s| s.as_str()) == Some("not_anchored") {
                    chain.clear();
                    chain.insert("status".into(), "not_checked".into());
                    chain.insert("reason".into(), "issuer_not_known".into());
                }
            }
            for v in map.values_mut() {
                before_1_3(v);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(before_1_3),
        _ => {}
    }
}

#[cfg(test)]
mod version_tests {
    use super::*;

    #[test]
    fn output_versions() {
        assert_eq!(OutputVersion::parse("1.0"), Ok(OutputVersion { minor: 0 }));
        assert_eq!(
            OutputVersion::parse("1.1.0"),
            Ok(OutputVersion { minor: 1 })
        );
        assert_eq!(OutputVersion::parse("1.4"), Ok(OutputVersion::CURRENT));
        assert_eq!(OutputVersion::parse("1.3"), Ok(OutputVersion { minor: 3 }));
        for bad in ["2.0", "1.9", "1", "x", "1.0.0.0", ""] {
            let e = OutputVersion::parse(bad).unwrap_err();
            assert!(e.contains("1.0, 1.1, 1.2, 1.3, 1.4"), "{bad}: {e}");
        }
        assert_eq!(SCHEMA_VERSION, OutputVersion::CURRENT.schema_version());
    }

    #[test]
    fn downgrade_sets_the_version_and_refuses_newer_documents() {
        let mut doc = serde_json::json!({"schema_version": "1.2.0", "document": "certs"});
        downgrade(&mut doc, OutputVersion { minor: 0 }).unwrap();
        assert_eq!(doc["schema_version"], "1.0.0");
        let mut doc = serde_json::json!({"schema_version": "1.2.0", "document": "check"});
        assert!(downgrade(&mut doc, OutputVersion { minor: 0 }).is_err());
        let mut doc = serde_json::json!({"schema_version": "1.2.0", "document": "watch"});
        assert!(downgrade(&mut doc, OutputVersion { minor: 1 }).is_err());
    }

    #[test]
    fn pins_are_left_out_before_1_3() {
        for document in ["inspect", "check", "doctor"] {
            let mut doc = serde_json::json!({"document": document, "pins": [], "verdict": "pass"});
            downgrade(&mut doc, OutputVersion { minor: 2 }).unwrap();
            assert!(doc.get("pins").is_none(), "{doc}");
            assert_eq!(doc["verdict"], "pass");
        }
        let mut doc =
            serde_json::json!({"document": "fleet", "cards": {"total": 1, "pin_blocked": 1}});
        downgrade(&mut doc, OutputVersion { minor: 2 }).unwrap();
        assert_eq!(doc["cards"], serde_json::json!({"total": 1}));
    }

    #[test]
    fn before_1_3_speaks_the_older_words() {
        let mut doc = serde_json::json!({"schema_version": "1.3.0", "document": "inspect",
            "findings": [{"code": "org_identification_found", "severity": "ok",
                          "details": [{"severity": "info"}]}],
            "certificates": [{"chain": {"status": "not_anchored", "issuer": {}}},
                             {"chain": {"status": "verified", "anchor": {"kind": "production"}}}]});
        downgrade(&mut doc, OutputVersion { minor: 2 }).unwrap();
        assert_eq!(doc["findings"][0]["severity"], "info");
        assert!(doc["findings"][0].get("details").is_none());
        assert_eq!(doc["certificates"][0]["chain"]["status"], "not_checked");
        assert_eq!(
            doc["certificates"][0]["chain"]["reason"],
            "issuer_not_known"
        );
        assert!(doc["certificates"][1]["chain"].get("anchor").is_none());
        let mut doc = serde_json::json!({"document": "inspect",
            "findings": [{"severity": "ok", "details": []}]});
        downgrade(&mut doc, OutputVersion::CURRENT).unwrap();
        assert_eq!(doc["findings"][0]["severity"], "ok");
    }

    #[test]
    fn before_1_4_there_is_no_revocation() {
        let mut doc = serde_json::json!({"document": "doctor",
            "layers": [{"name": "validity"}, {"name": "revocation"}],
            "causes": [{"layer": "revocation", "status": "fail"}, {"layer": "pin"}],
            "certificates": [{"role": "identification", "revocation": {"status": "revoked"}}],
            "findings": [{"code": "certificate_revoked"}], "verdict": "fail"});
        downgrade(&mut doc, OutputVersion { minor: 3 }).unwrap();
        assert_eq!(doc["layers"], serde_json::json!([{"name": "validity"}]));
        assert_eq!(doc["causes"], serde_json::json!([{"layer": "pin"}]));
        assert_eq!(
            doc["certificates"],
            serde_json::json!([{"role": "identification"}])
        );
        assert_eq!(doc["verdict"], "fail");
        assert_eq!(doc["schema_version"], "1.3.0");
        let mut doc = serde_json::json!({"document": "watch",
            "check": {"certificates": [{"role": "signature", "revocation": null}]}});
        downgrade(&mut doc, OutputVersion { minor: 3 }).unwrap();
        assert_eq!(
            doc["check"]["certificates"][0],
            serde_json::json!({"role": "signature"})
        );
    }

    #[test]
    fn downgrade_drops_fields_inside_the_document() {
        let mut doc = serde_json::json!({
            "schema_version": "1.3.0", "document": "watch",
            "check": {"order_info": null, "card_numbers": [], "certificates": [
                {"role": "identification", "chain": {"status": "verified"},
                 "subject": {"common_name": "A"},
                 "issuer": {"common_name": "CA", "organization": "O", "class": "production"}},
                {"role": "signature"}]}});
        downgrade(&mut doc, OutputVersion { minor: 2 }).unwrap();
        assert_eq!(
            doc,
            serde_json::json!({
                "schema_version": "1.2.0", "document": "watch",
                "check": {"certificates": [
                    {"role": "identification", "issuer": {"common_name": "CA"}},
                    {"role": "signature"}]}})
        );
    }
}
