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
pub const SCHEMA_VERSION: &str = "1.2.0";

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

use crate::analysis::AnalysedCert;
use crate::cert::{ChainCheck, Role, Validity};
use crate::layout::pkcs15::{Directory, Located, TokenInfo};
use crate::read::{CardRead, SourceKind};
use crate::siths::issuers::{IssuerClass, IssuerPurpose};

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
            atr_name: crate::siths::atr::name(&read.atr),
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
    pub subject: crate::cert::Name,
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
                    sha256: crate::cert::sha256_hex(&a.on_card.der),
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
            subject: crate::cert::Name {
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

use crate::findings::{Code, Finding, Severity, Verdict};
use crate::lang::Lang;
use crate::rules::{CardGroup, ExpirySource};
use crate::siths::orgs::Org;

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
    pub order_info: Option<crate::order::OrderInfo>,
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

/// `sithsctl orgs --json` (since 1.1.0).
#[derive(Debug, Serialize)]
pub struct OrgsReport {
    #[serde(flatten)]
    pub meta: Meta,
    /// The configuration file the user's organisations come from.
    pub config_path: Option<String>,
    /// Whether that file exists.
    pub config_exists: bool,
    pub organisations: Vec<Org>,
}

/// `sithsctl doctor --json` (since 1.2.0).
#[derive(Debug, Serialize)]
pub struct DoctorReport {
    #[serde(flatten)]
    pub meta: Meta,
    /// Every layer, in order: `name`, `title`, `status` (`ok`, `warn`,
    /// `fail`, `skipped`), `detail`, `advice`.
    pub layers: Vec<crate::doctor::Layer>,
    /// Failing and warning layers, most likely cause first.
    pub causes: Vec<crate::doctor::Cause>,
    /// `ok`, `warn` or `fail`: the worst layer.
    pub verdict: Verdict,
    /// The card, when it was read.
    pub card: Option<CardSummary>,
    pub certificates: Vec<CertEntry>,
    pub findings: Vec<FindingOut>,
    /// With `--wait`: milliseconds from insertion until the certificates
    /// had been read.
    pub ready_after_insertion_ms: Option<u64>,
}

/// `sithsctl order-info --json` (since 1.2.0).
#[derive(Debug, Serialize)]
pub struct OrderInfoReport {
    #[serde(flatten)]
    pub meta: Meta,
    pub card: CardSummary,
    pub order: crate::order::OrderInfo,
}
