//! The `watch` records: what happened in a reader, and for an inserted
//! card the check in brief.

use serde::Serialize;

use super::error::ErrorBody;
use super::inspect::{CheckReport, OrgRef};
use super::meta::Meta;
use crate::understanding::cert::{Role, Validity};
use crate::understanding::findings::{Code, Severity, Verdict};

/// What happened in a reader, as `watch` tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WatchEvent {
    /// A card was inserted (or was there when watching began) and read.
    CardInserted,
    CardRemoved,
    ReaderAdded,
    ReaderRemoved,
}

/// One line of `sithsctl watch --json` and of its `--append` file (since
/// 1.2.0).
#[derive(Debug, Serialize)]
pub struct WatchRecord {
    #[serde(flatten)]
    pub meta: Meta,
    /// When the event was seen (RFC 3339, UTC).
    pub time: String,
    pub reader: String,
    pub event: WatchEvent,
    /// For `card_inserted`, when the card could be read: the check.
    pub check: Option<WatchCheck>,
    /// For `card_inserted`, when the card could not be read.
    pub error: Option<ErrorBody>,
}

/// The check of one card, in brief (the same evaluation as `check`).
#[derive(Debug, Serialize)]
pub struct WatchCheck {
    pub verdict: Verdict,
    /// Whether the policy was met (as `policy.passed` in `check`).
    pub passed: bool,
    pub card_number: Option<String>,
    /// HSA-IDs of the card's certificates, in card order, once each.
    pub hsa_ids: Vec<String>,
    /// The HSA-ID to register in the record system, on a pass.
    pub hsa_id_to_register: Option<String>,
    /// Required organisation, if any.
    pub org: Option<OrgRef>,
    pub findings: Vec<WatchFinding>,
    pub certificates: Vec<WatchCert>,
}

/// A finding in brief.
#[derive(Debug, Serialize)]
pub struct WatchFinding {
    pub code: Code,
    pub severity: Severity,
}

/// A certificate in brief.
#[derive(Debug, Serialize)]
pub struct WatchCert {
    pub role: Role,
    pub status: Validity,
    pub hsa_id: Option<String>,
    pub card_number: Option<String>,
    pub issuer: IssuerRef,
    pub not_before: String,
    pub not_after: String,
    pub is_ca: bool,
    pub sha256: String,
}

/// An issuer by name.
#[derive(Debug, Serialize)]
pub struct IssuerRef {
    pub common_name: Option<String>,
}

impl WatchCheck {
    /// The brief form of a check document.
    pub fn new(report: &CheckReport) -> WatchCheck {
        let i = &report.inspect;
        let mut hsa_ids: Vec<String> = Vec::new();
        for c in &i.certificates {
            if let Some(h) = &c.hsa_id {
                if !hsa_ids.contains(h) {
                    hsa_ids.push(h.clone());
                }
            }
        }
        WatchCheck {
            verdict: i.verdict,
            passed: report.policy.passed,
            card_number: i.card_number.clone(),
            hsa_ids,
            hsa_id_to_register: report.policy.hsa_id_to_register.clone(),
            org: report.policy.org.clone(),
            findings: i
                .findings
                .iter()
                .map(|f| WatchFinding {
                    code: f.code,
                    severity: f.severity,
                })
                .collect(),
            certificates: i
                .certificates
                .iter()
                .map(|c| WatchCert {
                    role: c.role,
                    status: c.status,
                    hsa_id: c.hsa_id.clone(),
                    card_number: c.card_number.clone(),
                    issuer: IssuerRef {
                        common_name: c.issuer.common_name.clone(),
                    },
                    not_before: c.not_before.clone(),
                    not_after: c.not_after.clone(),
                    is_ca: c.is_ca,
                    sha256: c.sha256.clone(),
                })
                .collect(),
        }
    }
}
