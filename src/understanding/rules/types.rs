//! What the rules take besides the certificates ([`Options`], with the
//! [`Policy`] a check requires) and what they give back ([`Evaluation`]:
//! the card groups, findings, verdict and [`PolicyOutcome`]). Apart so the
//! callers' side of the rules reads without the rules themselves.

use chrono::{DateTime, NaiveDate, Utc};

use crate::understanding::findings::{Finding, Verdict};
use crate::understanding::inventory::Inventory;
use crate::understanding::siths::orgs::Org;

/// What a check requires beyond a usable card.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// A valid identification certificate with an HSA-ID of this organisation.
    pub org: Option<Org>,
    /// A valid identification certificate with exactly this HSA-ID.
    pub hsa_id: Option<String>,
    /// Also the signature certificate with the same HSA-ID.
    pub require_signature: bool,
    /// The identification certificate's chain must reach a trust anchor
    /// (a production root, or one the user gave): a failure, not only a
    /// warning, when it does not. `check` and `doctor` ask this; `inspect`
    /// only warns.
    pub trusted_chain: bool,
    /// The question is a login (`check`, `watch`): its identification
    /// certificate's PIN is needed, so a blocked identification PIN fails
    /// even without `--org` or `--hsa-id`. `inspect` only describes.
    pub login: bool,
}

impl Policy {
    /// Whether anything beyond the baseline is required.
    pub fn is_empty(&self) -> bool {
        self.org.is_none() && self.hsa_id.is_none() && !self.require_signature
    }
}

/// Everything the rules take besides the certificates.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    pub now: DateTime<Utc>,
    /// Days before an expiry at which to warn.
    pub warn_days: i64,
    /// Show personal numbers in full in finding texts.
    pub show_personal_numbers: bool,
    /// The date printed on the card (`--card-expiry`): applies to the card
    /// itself, i.e. the card number the card is taken to have.
    pub card_expiry: Option<NaiveDate>,
    /// Printed dates by card number (`--inventory`).
    pub inventory: Option<&'a Inventory>,
    pub policy: Policy,
}

/// Where a card's printed expiry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpirySource {
    /// `--card-expiry`.
    Flag,
    /// The inventory file.
    Inventory,
}

/// Certificates sharing one card number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardGroup {
    /// `None` for certificates without the card-number extension.
    pub card_number: Option<String>,
    /// Whether the number is well formed with a right Luhn digit.
    pub card_number_valid: Option<bool>,
    /// Whether this is the card's own number.
    pub is_card: bool,
    pub printed_expiry: Option<NaiveDate>,
    pub expiry_source: Option<ExpirySource>,
    /// The note from the inventory.
    pub note: Option<String>,
    /// SHA-256 of each certificate in the group.
    pub certificates: Vec<String>,
}

/// What the policy came to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyOutcome {
    /// No policy finding failed.
    pub satisfied: bool,
    /// The HSA-ID to register in the record system, when one satisfied it.
    pub hsa_id: Option<String>,
    /// SHA-256 of the identification certificate that satisfied it.
    pub identification: Option<String>,
    /// SHA-256 of the matching signature certificate, if found.
    pub signature: Option<String>,
}

/// How the certificate a login would use stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginState {
    /// Current, production, chain trusted (or not required to be).
    Usable,
    /// Its validity has ended.
    Expired,
    /// Its validity has not begun.
    NotYetValid,
    /// Issued by the test PKI, or a test HSA-ID.
    TestPki,
    /// Its chain does not reach a trust anchor, or a signature is bad.
    Untrusted,
}

/// The question "can this person log in for this organisation?", as the
/// rules answered it: which certificate the login would use (named even
/// when it is expired or not yet valid) and its signature partner. Every
/// later rule, doctor layer and order speaks of this certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Login {
    /// The organisation asked about: `--org`, or, when none was given,
    /// each organisation the card has an identification certificate of.
    pub org: Option<Org>,
    /// The organisation number the certificate's HSA-ID names.
    pub org_number: Option<String>,
    /// SHA-256 of the identification certificate the login would use;
    /// `None`: the card has none for this organisation.
    pub identification: Option<String>,
    /// SHA-256 of its signature certificate (same HSA-ID), if any.
    pub signature: Option<String>,
    pub hsa_id: Option<String>,
    /// How the identification certificate stands; `None` without one.
    pub state: Option<LoginState>,
}

/// The outcome of the rules.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// The card's own card number, as far as it can be told.
    pub card_number: Option<String>,
    pub groups: Vec<CardGroup>,
    pub findings: Vec<Finding>,
    pub verdict: Verdict,
    pub policy: PolicyOutcome,
    /// One per organisation asked about (see [`Login`]).
    pub logins: Vec<Login>,
}

impl Evaluation {
    /// Whether `sha256` is a certificate some login uses (identification
    /// or its signature partner).
    pub fn used_by_a_login(&self, sha256: &str) -> bool {
        self.logins.iter().any(|l| {
            l.identification.as_deref() == Some(sha256) || l.signature.as_deref() == Some(sha256)
        })
    }
}
