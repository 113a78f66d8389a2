//! The card as read and its certificates as documents show them (the
//! `certs` document, and the parts `inspect`, `check` and `doctor`
//! share), personal numbers masked unless the view says otherwise.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::meta::Meta;
use crate::base::documents::rfc3339;
use crate::reading::card_read::{CardRead, SourceKind};
use crate::reading::layout::pkcs15::{Directory, Located, TokenInfo};
use crate::understanding::analysis::AnalysedCert;
use crate::understanding::cert::{ChainCheck, Role, Validity};
use crate::understanding::siths::issuers::{IssuerClass, IssuerPurpose};

/// Choices that change what a document shows.
#[derive(Clone, Copy, Debug)]
pub struct View {
    pub now: DateTime<Utc>,
    /// Days before expiry at which a certificate counts as `expiring`.
    pub warn_days: i64,
    /// Show personal numbers in full (`--show-personal-numbers`).
    pub show_personal_numbers: bool,
}

/// The card as read: where, which card, how the read went.
#[derive(Clone, Debug, Serialize)]
pub struct CardSummary {
    pub source: SourceKind,
    /// The reader's name, or the image file's path.
    pub reader: String,
    pub atr: String,
    /// The card's name when the ATR is one we know.
    pub atr_name: Option<&'static str>,
    /// How certificates are kept on the card: `pkcs15`, `idprime`,
    /// `pkcs15+idprime`; `pkcs11` when read through the middleware
    /// (`source` is then `pkcs11`).
    pub format: &'static str,
    /// How the PKCS#15 application was found: `aid`, `ef_dir`, `default_path`;
    /// `idprime` (no PKCS#15, IDPrime applet), `pkcs11` (through the middleware).
    pub located: Located,
    pub token: Option<TokenInfo>,
    /// Commands sent to the card during the read.
    pub apdus: usize,
    pub elapsed_ms: u64,
}

impl CardSummary {
    pub fn new(read: &CardRead) -> CardSummary {
        CardSummary {
            source: read.source,
            reader: read.reader.clone(),
            atr: hex::encode_upper(&read.atr),
            atr_name: crate::understanding::siths::atr::name(&read.atr),
            format: read.format,
            located: read.card.located,
            token: read.card.token.clone(),
            apdus: read.apdus,
            elapsed_ms: read.elapsed_ms,
        }
    }
}

/// An issuer, with what the tool knows about it.
#[derive(Clone, Debug, Serialize)]
pub struct IssuerOut {
    pub common_name: Option<String>,
    pub organization: Option<String>,
    /// `production`, `legacy`, `test` or `unknown`.
    pub class: IssuerClass,
    pub purpose: IssuerPurpose,
    pub assurance_level: Option<u8>,
    pub known: bool,
}

/// One certificate in a document.
#[derive(Clone, Debug, Serialize)]
pub struct CertEntry {
    /// The label the card gives it.
    pub label: Option<String>,
    /// The PKCS#15 iD, hex.
    pub id: String,
    pub directory: Directory,
    /// Where on the card: path, with `[index+length]` in a shared file.
    pub path: String,
    /// `identification`, `signature` or `other`.
    pub role: Role,
    /// `valid`, `expiring`, `expired`, `not_yet_valid`.
    pub status: Validity,
    /// SHA-256 of the DER, lowercase hex.
    pub sha256: String,
    pub serial: String,
    /// Never a personal number.
    pub hsa_id: Option<String>,
    /// The personal number in the subject, masked unless asked for.
    pub personal_number: Option<String>,
    pub card_number: Option<String>,
    /// Whether the card number's Luhn digit is right (null without one).
    pub card_number_valid: Option<bool>,
    /// The holder; serialNumber is the HSA-ID or the masked personal number.
    pub subject: crate::understanding::cert::Name,
    pub issuer: IssuerOut,
    pub not_before: String,
    pub not_after: String,
    pub days_left: i64,
    pub key_usage: Vec<String>,
    pub extended_key_usage: Vec<String>,
    pub policies: Vec<String>,
    pub is_ca: bool,
    /// The issuer's signature on this certificate, checked where the
    /// issuer is known; `not_checked` otherwise, never a guess.
    pub chain: ChainCheck,
    /// Whether it is revoked (OCSP, then the CRL), for the certificates
    /// the question needed asked about (since 1.4.0; left out where
    /// nothing was in question, as in `certs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation: Option<crate::services::revocation::RevocationResult>,
}

/// A certificate on the card that could not be analysed.
#[derive(Clone, Debug, Serialize)]
pub struct UnreadableCert {
    pub label: Option<String>,
    pub id: String,
    pub path: String,
    pub sha256: String,
    pub error: String,
}

/// Turns analysed certificates into document entries, masking personal
/// numbers unless the view says otherwise.
pub fn cert_entries(certs: &[AnalysedCert], view: &View) -> (Vec<CertEntry>, Vec<UnreadableCert>) {
    let mut entries = Vec::new();
    let mut unreadable = Vec::new();
    for a in certs {
        let c = match &a.analysis {
            Ok(c) => c,
            Err(e) => {
                unreadable.push(UnreadableCert {
                    label: a.on_card.label.clone(),
                    id: a.on_card.id.clone(),
                    path: a.on_card.path.clone(),
                    sha256: crate::understanding::cert::sha256_hex(&a.on_card.der),
                    error: e.clone(),
                });
                continue;
            }
        };
        let personal = c.personal_number.as_ref().map(|p| {
            if view.show_personal_numbers {
                p.reveal().to_string()
            } else {
                p.mask()
            }
        });
        entries.push(CertEntry {
            label: a.on_card.label.clone(),
            id: a.on_card.id.clone(),
            directory: a.on_card.directory,
            path: a.on_card.path.clone(),
            role: c.role,
            status: c.validity(view.now, view.warn_days),
            sha256: c.sha256.clone(),
            serial: c.serial.clone(),
            hsa_id: c.hsa_id.as_ref().map(|h| h.value.clone()),
            personal_number: personal.clone(),
            card_number: c.card_number.as_ref().map(|n| n.value.clone()),
            card_number_valid: c
                .card_number
                .as_ref()
                .map(|n| n.luhn_valid && n.well_formed),
            subject: crate::understanding::cert::Name {
                serial_number: personal.or_else(|| c.subject.serial_number.clone()),
                ..c.subject.clone()
            },
            issuer: IssuerOut {
                common_name: c.issuer.common_name.clone(),
                organization: c.issuer.organization.clone(),
                class: c.issuer_info.class,
                purpose: c.issuer_info.purpose,
                assurance_level: c.issuer_info.assurance_level,
                known: c.issuer_info.known,
            },
            not_before: rfc3339(c.not_before),
            not_after: rfc3339(c.not_after),
            days_left: c.days_left(view.now),
            key_usage: c.key_usage.clone(),
            extended_key_usage: c.extended_key_usage.clone(),
            policies: c.policies.clone(),
            is_ca: c.is_ca,
            chain: a.chain.clone(),
            revocation: None,
        });
    }
    (entries, unreadable)
}

/// `sithsctl certs --json`.
#[derive(Debug, Serialize)]
pub struct CertsReport {
    #[serde(flatten)]
    pub meta: Meta,
    pub card: CardSummary,
    pub certificates: Vec<CertEntry>,
    pub unreadable_certificates: Vec<UnreadableCert>,
}
