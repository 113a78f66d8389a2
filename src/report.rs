//! Every document sithsctl writes as JSON. One room owns them all, so the
//! contract in `docs/json.md` has one place to change.
//!
//! `schema_version` follows semver: adding a field is a minor bump,
//! removing a field or changing its meaning is a major bump. Consumers must
//! accept fields they do not know.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::card::pcsc::ReaderInfo;

/// The version of every document this build writes.
pub const SCHEMA_VERSION: &str = "1.0.0";

/// Who wrote a document, where and when.
#[derive(Clone, Debug, Serialize)]
pub struct Meta {
    pub schema_version: &'static str,
    /// Which document this is: `readers`, `certs`, `error`, ...
    pub document: &'static str,
    pub tool: Tool,
    pub host: String,
    /// RFC 3339, UTC.
    pub generated_at: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

impl Meta {
    pub fn new(document: &'static str, now: DateTime<Utc>) -> Meta {
        Meta {
            schema_version: SCHEMA_VERSION,
            document,
            tool: Tool {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
            host: gethostname::gethostname().to_string_lossy().into_owned(),
            generated_at: rfc3339(now),
        }
    }
}

/// Times in every document: RFC 3339 in UTC, whole seconds.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `sithsctl readers --json`.
#[derive(Debug, Serialize)]
pub struct ReadersReport {
    #[serde(flatten)]
    pub meta: Meta,
    pub readers: Vec<ReaderInfo>,
}

/// What a failed command prints on standard output with `--json`, so a
/// script always gets a document.
#[derive(Debug, Serialize)]
pub struct ErrorReport {
    #[serde(flatten)]
    pub meta: Meta,
    pub error: ErrorBody,
}

#[derive(Debug, Serialize)]
pub struct ErrorBody {
    /// Stable identifier, e.g. `card_in_use`, `service_not_running`.
    pub code: String,
    /// The process exit code that goes with it.
    pub exit_code: u8,
    pub message: String,
    pub hint: Option<String>,
}
