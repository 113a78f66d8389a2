//! The `inspect` and `check` documents: the card as a whole, its
//! findings and verdict, and for `check` the policy and its outcome.

use serde::Serialize;

use super::certs::{CardSummary, CertEntry, UnreadableCert};
use super::meta::Meta;
use crate::base::lang::Lang;
use crate::understanding::findings::{Code, Finding, Severity, Verdict};
use crate::understanding::rules::{CardGroup, ExpirySource};
use crate::understanding::siths::issuers::{IssuerClass, IssuerPurpose};

/// One finding in a document (since 1.1.0).
#[derive(Clone, Debug, Serialize)]
pub struct FindingOut {
    /// Stable snake_case code, listed in `docs/findings.md`.
    pub code: Code,
    pub severity: Severity,
    /// In the language asked for.
    pub message: String,
    /// What to do, in the language asked for.
    pub hint: String,
    /// SHA-256 of the certificate it concerns, if one.
    pub certificate_sha256: Option<String>,
    /// The card number it concerns, if one.
    pub card_number: Option<String>,
    /// Related facts with the same cause and advice (since 1.3.0; left
    /// out when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<FindingOut>,
}

impl FindingOut {
    pub fn new(f: &Finding, lang: Lang) -> FindingOut {
        FindingOut {
            code: f.code,
            severity: f.severity(),
            message: f.message(lang),
            hint: f.hint(lang),
            certificate_sha256: f.certificate_sha256().map(str::to_string),
            card_number: f
                .params
                .card_number
                .clone()
                .or_else(|| f.params.other_card_number.clone()),
            details: f.details.iter().map(|d| FindingOut::new(d, lang)).collect(),
        }
    }
}

/// Certificates sharing a card number, with the card's printed date when
/// the user gave it (since 1.1.0).
#[derive(Clone, Debug, Serialize)]
pub struct CardNumberOut {
    /// Null for certificates without the card-number extension.
    pub card_number: Option<String>,
    pub card_number_valid: Option<bool>,
    /// Whether this is the card's own number.
    pub is_card: bool,
    /// YYYY-MM-DD, from `--card-expiry` or the inventory.
    pub printed_expiry: Option<String>,
    /// `flag` or `inventory`.
    pub expiry_source: Option<ExpirySource>,
    pub note: Option<String>,
    /// SHA-256 of each certificate carrying this number.
    pub certificates: Vec<String>,
}

impl CardNumberOut {
    pub fn new(g: &CardGroup) -> CardNumberOut {
        CardNumberOut {
            card_number: g.card_number.clone(),
            card_number_valid: g.card_number_valid,
            is_card: g.is_card,
            printed_expiry: g.printed_expiry.map(|d| d.to_string()),
            expiry_source: g.expiry_source,
            note: g.note.clone(),
            certificates: g.certificates.clone(),
        }
    }
}

/// An issuer of certificates on the card (since 1.1.0).
#[derive(Clone, Debug, Serialize)]
pub struct IssuerSummary {
    pub common_name: Option<String>,
    pub organization: Option<String>,
    pub class: IssuerClass,
    pub purpose: IssuerPurpose,
    pub assurance_level: Option<u8>,
    pub known: bool,
    /// How many certificates on the card it issued.
    pub certificates: usize,
}

/// The issuers of `certs`, in order of first appearance.
pub fn issuer_summaries(certs: &[CertEntry]) -> Vec<IssuerSummary> {
    let mut out: Vec<IssuerSummary> = Vec::new();
    for c in certs {
        let i = &c.issuer;
        match out
            .iter_mut()
            .find(|s| s.common_name == i.common_name && s.organization == i.organization)
        {
            Some(s) => s.certificates += 1,
            None => out.push(IssuerSummary {
                common_name: i.common_name.clone(),
                organization: i.organization.clone(),
                class: i.class,
                purpose: i.purpose,
                assurance_level: i.assurance_level,
                known: i.known,
                certificates: 1,
            }),
        }
    }
    out
}

/// `sithsctl inspect --json` (since 1.1.0).
#[derive(Debug, Serialize)]
pub struct InspectReport {
    #[serde(flatten)]
    pub meta: Meta,
    pub card: CardSummary,
    /// The card's own card number, as far as it can be told.
    pub card_number: Option<String>,
    pub card_numbers: Vec<CardNumberOut>,
    pub certificates: Vec<CertEntry>,
    pub unreadable_certificates: Vec<UnreadableCert>,
    pub issuers: Vec<IssuerSummary>,
    pub findings: Vec<FindingOut>,
    /// `pass`, `warn` or `fail`: the worst finding.
    pub verdict: Verdict,
    /// With `--org`, when the card lacks that organisation's certificate:
    /// the data to order one for this card (since 1.2.0).
    pub order_info: Option<crate::services::order::OrderInfo>,
    /// The card's PINs and their state (since 1.3.0).
    pub pins: Vec<crate::reading::pin::PinStatus>,
}

/// An organisation as a policy names it.
#[derive(Clone, Debug, Serialize)]
pub struct OrgRef {
    pub number: String,
    pub name: String,
}

/// The policy `check` evaluated and what it came to (since 1.1.0).
#[derive(Clone, Debug, Serialize)]
pub struct PolicyOut {
    /// Required organisation (`--org` or the configuration's `org`).
    pub org: Option<OrgRef>,
    /// Required HSA-ID (`--hsa-id`).
    pub hsa_id: Option<String>,
    pub require_signature: bool,
    /// Warnings fail too.
    pub strict: bool,
    pub warn_days: i64,
    /// Whether the check passed (the exit code is 0 exactly then).
    pub passed: bool,
    /// The HSA-ID to register in the record system, on a pass.
    pub hsa_id_to_register: Option<String>,
    /// SHA-256 of the identification certificate that met the policy.
    pub identification_sha256: Option<String>,
    /// SHA-256 of its signature certificate, if on the card.
    pub signature_sha256: Option<String>,
}

/// `sithsctl check --json` (since 1.1.0): the inspect document plus the policy.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    #[serde(flatten)]
    pub inspect: InspectReport,
    pub policy: PolicyOut,
}
