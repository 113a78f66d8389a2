//! What every document carries first: who wrote it, where and when.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::versions::SCHEMA_VERSION;
use crate::base::documents::rfc3339;

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
