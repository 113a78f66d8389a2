//! The `doctor` document: every layer, the causes ranked, and the card
//! when it was read.

use serde::Serialize;

use super::certs::{CardSummary, CertEntry};
use super::inspect::FindingOut;
use super::meta::Meta;
use crate::understanding::findings::Verdict;

/// `sithsctl doctor --json` (since 1.2.0).
#[derive(Debug, Serialize)]
pub struct DoctorReport {
    #[serde(flatten)]
    pub meta: Meta,
    /// Every layer, in order: `name`, `title`, `status` (`ok`, `warn`,
    /// `fail`, `skipped`), `detail`, `advice`.
    pub layers: Vec<crate::services::doctor::Layer>,
    /// Failing and warning layers, most likely cause first.
    pub causes: Vec<crate::services::doctor::Cause>,
    /// `pass`, `warn` or `fail`: the worst layer.
    pub verdict: Verdict,
    /// The card, when it was read.
    pub card: Option<CardSummary>,
    pub certificates: Vec<CertEntry>,
    pub findings: Vec<FindingOut>,
    /// With `--wait`: milliseconds from insertion until the certificates
    /// had been read.
    pub ready_after_insertion_ms: Option<u64>,
    /// The card's PINs, from the card and the middleware (since 1.3.0).
    pub pins: Vec<crate::reading::pin::PinStatus>,
}
