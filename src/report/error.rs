//! The `error` document a failed command writes with `--json`, and the
//! error body `watch` records carry too.

use serde::Serialize;

use super::meta::Meta;

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
