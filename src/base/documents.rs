//! What every floor may know of the documents sithsctl writes: their
//! names, each with the schema version it first appeared in, and how
//! times are written in them. The documents themselves are modelled in
//! `crate::report`; these two facts sit down here because reading reports
//! (`crate::services::fleet`) needs them too.

use chrono::{DateTime, SecondsFormat, Utc};

/// Times in every document: RFC 3339 in UTC, whole seconds.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The minor version (of 1.x) in which a document first appeared; `None`
/// for a document this table does not know (treated as current).
pub fn document_since(document: &str) -> Option<u32> {
    match document {
        "readers" | "certs" | "error" => Some(0),
        "inspect" | "check" | "orgs" => Some(1),
        "watch" | "fleet" | "doctor" | "order-info" => Some(2),
        _ => None,
    }
}
