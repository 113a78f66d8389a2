//! The `watch` records: what happened in a reader, and for an inserted
//! card the check in brief.

use serde::Serialize;

use super::error::ErrorBody;
use super::inspect::{CardNumberOut, CheckReport, OrgRef};
use super::meta::Meta;
use crate::services::order::OrderInfo;
use crate::understanding::cert::{ChainCheck, Role, Validity};
use crate::understanding::findings::{Code, Severity, Verdict};
use crate::understanding::siths::issuers::IssuerClass;

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
    /// The certificates by card number, with the card's printed date when
    /// known (as `card_numbers` in `check`; since 1.3.0).
    pub card_numbers: Vec<CardNumberOut>,
    /// With an organisation, when the card lacks its certificate: the data
    /// to order one (as `order_info` in `check`; since 1.3.0).
    pub order_info: Option<OrderInfo>,
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
    /// The holder's name (never the serial number, which may be a
    /// personnummer; since 1.3.0).
    pub subject: HolderName,
    /// The issuer's signature, as `chain` in `certs` (since 1.3.0).
    pub chain: ChainCheck,
    /// Whether it is revoked, as `revocation` in `check` (since 1.4.0;
    /// left out for certificates not asked about).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation: Option<crate::services::revocation::RevocationResult>,
}

/// An issuer by name, with its class (`organization` and `class` since 1.3.0).
#[derive(Debug, Serialize)]
pub struct IssuerRef {
    pub common_name: Option<String>,
    pub organization: Option<String>,
    pub class: IssuerClass,
}

/// Whom a certificate names: work data, no personal number (since 1.3.0).
#[derive(Debug, Serialize)]
pub struct HolderName {
    pub common_name: Option<String>,
    pub given_name: Option<String>,
    pub surname: Option<String>,
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
                        organization: c.issuer.organization.clone(),
                        class: c.issuer.class,
                    },
                    not_before: c.not_before.clone(),
                    not_after: c.not_after.clone(),
                    is_ca: c.is_ca,
                    sha256: c.sha256.clone(),
                    subject: HolderName {
                        common_name: c.subject.common_name.clone(),
                        given_name: c.subject.given_name.clone(),
                        surname: c.subject.surname.clone(),
                    },
                    chain: c.chain.clone(),
                    revocation: c.revocation.clone(),
                })
                .collect(),
            card_numbers: i.card_numbers.clone(),
            order_info: i.order_info.clone(),
        }
    }
}
