//! The `fleet` document: who wrote it, and the summary of many reports
//! (made, with its types, by `crate::services::fleet`).

use serde::Serialize;

use super::meta::Meta;
use crate::services::fleet::FleetSummary;

/// `sithsctl fleet --json`: a summary of many reports (since 1.2.0).
#[derive(Debug, Serialize)]
pub struct FleetReport {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(flatten)]
    pub summary: FleetSummary,
}
