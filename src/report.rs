//! Every document sithsctl writes as JSON. One room owns them all, so the
//! contract in `docs/json.md` has one place to change.
//!
//! `schema_version` follows semver: adding a field is a minor bump,
//! removing a field or changing its meaning is a major bump. Consumers must
//! accept fields they do not know.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::reading::card::pcsc::ReaderInfo;

/// The version of every document this build writes (1.2.0 added the
/// `watch`, `fleet`, `doctor` and `order-info` documents, and
/// `order_info` in `inspect` and `check`; 1.3.0 `pins` in `inspect`,
/// `check` and `doctor`).
pub const SCHEMA_VERSION: &str = "1.3.0";

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

use crate::base::lang::Lang;
use crate::understanding::findings::{Code, Finding, Severity, Verdict};
use crate::understanding::rules::{CardGroup, ExpirySource};
use crate::understanding::siths::orgs::Org;

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

/// `sithsctl order-info --json` (since 1.2.0).
#[derive(Debug, Serialize)]
pub struct OrderInfoReport {
    #[serde(flatten)]
    pub meta: Meta,
    pub card: CardSummary,
    pub order: crate::services::order::OrderInfo,
}

/// A schema version `--output-version` can ask for: `1.MINOR`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct OutputVersion {
    pub minor: u32,
}

/// The versions this build can write, oldest first.
pub const SUPPORTED_VERSIONS: &[&str] = &["1.0", "1.1", "1.2", "1.3"];

impl OutputVersion {
    /// The version this build writes by default.
    pub const CURRENT: OutputVersion = OutputVersion { minor: 3 };

    /// Reads `1.0`, `1.0.0`, `1.1`, ...; anything else names the supported ones.
    pub fn parse(text: &str) -> Result<OutputVersion, String> {
        let unsupported = || {
            format!(
                "unsupported output version '{text}'; supported: {}",
                SUPPORTED_VERSIONS.join(", ")
            )
        };
        let mut parts = text.trim().split('.');
        let major = parts.next().and_then(|p| p.parse::<u32>().ok());
        let minor = parts.next().and_then(|p| p.parse::<u32>().ok());
        let patch_ok = parts.next().is_none_or(|p| p.parse::<u32>().is_ok());
        match (major, minor, patch_ok, parts.next()) {
            (Some(1), Some(minor), true, None) if minor <= Self::CURRENT.minor => {
                Ok(OutputVersion { minor })
            }
            _ => Err(unsupported()),
        }
    }

    /// The full semver string documents of this version carry.
    pub fn schema_version(self) -> String {
        format!("1.{}.0", self.minor)
    }
}

/// The minor version (of 1.x) in which a document first appeared; `None`
/// for a document this table does not know (treated as current).
pub fn document_since(document: &str) -> Option<u32> {
    match document {
        "readers" | "certs" | "error" => Some(0),
        "inspect" | "check" | "orgs" => Some(1),
        "watch" | "fleet" | "doctor" | "order-info" => Some(2),
        _ => None,
    }
}

/// Fields added to a document after it first appeared, as (minor version,
/// document, field at the top level); `downgrade` drops them.
const FIELDS_ADDED: &[(u32, &str, &str)] = &[
    (2, "inspect", "order_info"),
    (2, "check", "order_info"),
    (3, "inspect", "pins"),
    (3, "check", "pins"),
    (3, "doctor", "pins"),
    (3, "fleet", "cards.pin_blocked"),
];

/// Turns a document of the current version into the older version `to`:
/// fields added since are dropped and `schema_version` is set. Fails when
/// the document did not exist in that version.
pub fn downgrade(doc: &mut serde_json::Value, to: OutputVersion) -> Result<(), String> {
    let Some(object) = doc.as_object_mut() else {
        return Ok(());
    };
    let document = object
        .get("document")
        .and_then(|d| d.as_str())
        .unwrap_or_default()
        .to_string();
    let since = document_since(&document).unwrap_or(OutputVersion::CURRENT.minor);
    if since > to.minor {
        return Err(format!(
            "the '{document}' document first appeared in schema 1.{since}; \
             it cannot be written as {}",
            to.schema_version()
        ));
    }
    for (minor, doc_name, field) in FIELDS_ADDED {
        if *minor > to.minor && *doc_name == document {
            // `a.b`: field `b` of the object in `a`.
            match field.split_once('.') {
                Some((outer, inner)) => {
                    if let Some(o) = object.get_mut(outer).and_then(|v| v.as_object_mut()) {
                        o.remove(inner);
                    }
                }
                None => {
                    object.remove(*field);
                }
            }
        }
    }
    object.insert(
        "schema_version".to_string(),
        serde_json::Value::String(to.schema_version()),
    );
    Ok(())
}

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

/// `sithsctl fleet --json`: a summary of many reports (since 1.2.0).
#[derive(Debug, Serialize)]
pub struct FleetReport {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(flatten)]
    pub summary: FleetSummary,
}

/// What `fleet` found in the reports it read.
#[derive(Debug, Serialize)]
pub struct FleetSummary {
    /// The time expiry is judged against (`--at`, else now).
    pub at: String,
    pub inputs: FleetInputs,
    pub cards: FleetCards,
    pub certificates: FleetCertificates,
    /// With `--org`: which cards carry that organisation's certificate.
    pub org: Option<FleetOrg>,
    /// Cards and certificates per organisation (from the HSA-IDs), most cards first.
    pub organisations: Vec<FleetOrgCount>,
    /// Certificates per issuer, most first.
    pub issuers: Vec<FleetIssuerCount>,
    /// Cards someone has to do something about, by card number.
    pub needs_action: Vec<FleetAction>,
}

/// What was read.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FleetInputs {
    /// Files (and standard input) read.
    pub files: u64,
    /// Card reports used: `inspect`, `check` documents and `watch` card records.
    pub reports: u64,
    /// Documents that are not card reports (other documents, watch records
    /// of other events), passed over silently.
    pub ignored: u64,
    /// Corrupt or foreign input, reported on standard error and skipped.
    pub skipped: u64,
}

/// Cards, each by its latest report.
#[derive(Debug, Default, Serialize)]
pub struct FleetCards {
    /// Distinct cards (by card number).
    pub total: u64,
    pub pass: u64,
    pub warn: u64,
    pub fail: u64,
    /// Cards whose latest report is a `check` or `watch` record, and how many of those passed.
    pub checked: u64,
    pub passed: u64,
    /// Watch records of cards that could not be read.
    pub unreadable_reads: u64,
    /// Cards whose latest report has a blocked PIN (since 1.3.0).
    pub pin_blocked: u64,
}

/// Certificates (CA certificates left out) of the cards' latest reports,
/// judged at `at`.
#[derive(Debug, Default, Serialize)]
pub struct FleetCertificates {
    pub total: u64,
    pub valid: u64,
    /// Valid, but ending within 30 days of `at`.
    pub expiring: u64,
    pub expired: u64,
    pub not_yet_valid: u64,
    /// Valid at `at` and ending within 30, 60 and 90 days (each includes the shorter).
    pub expiring_within_30_days: u64,
    pub expiring_within_60_days: u64,
    pub expiring_within_90_days: u64,
}

/// `--org` and which cards carry its identification certificate.
#[derive(Debug, Serialize)]
pub struct FleetOrg {
    pub number: String,
    pub name: String,
    /// Cards with an identification certificate valid at `at` whose HSA-ID belongs to it.
    pub cards_with_certificate: u64,
    pub cards_missing_certificate: u64,
}

#[derive(Debug, Serialize)]
pub struct FleetOrgCount {
    /// The organisation number in the HSA-IDs.
    pub number: String,
    /// Its name, when known.
    pub name: Option<String>,
    pub cards: u64,
    pub certificates: u64,
}

#[derive(Debug, Serialize)]
pub struct FleetIssuerCount {
    pub common_name: String,
    pub certificates: u64,
}

/// One card that needs action.
#[derive(Debug, Serialize)]
pub struct FleetAction {
    pub card_number: String,
    /// The host that wrote the latest report.
    pub host: String,
    /// When the latest report was written.
    pub seen_at: String,
    pub verdict: Verdict,
    pub reasons: Vec<FleetReason>,
}

/// Why a card needs action.
#[derive(Debug, Serialize)]
pub struct FleetReason {
    /// A finding code (warn or fail) from the report, or `expired`,
    /// `expiring` or `missing_org_certificate` as judged at `at`.
    pub code: String,
    /// In English, for people.
    pub detail: String,
}

#[cfg(test)]
mod version_tests {
    use super::*;

    #[test]
    fn output_versions() {
        assert_eq!(OutputVersion::parse("1.0"), Ok(OutputVersion { minor: 0 }));
        assert_eq!(
            OutputVersion::parse("1.1.0"),
            Ok(OutputVersion { minor: 1 })
        );
        assert_eq!(OutputVersion::parse("1.2"), Ok(OutputVersion { minor: 2 }));
        assert_eq!(OutputVersion::parse("1.3"), Ok(OutputVersion::CURRENT));
        for bad in ["2.0", "1.9", "1", "x", "1.0.0.0", ""] {
            let e = OutputVersion::parse(bad).unwrap_err();
            assert!(e.contains("1.0, 1.1, 1.2, 1.3"), "{bad}: {e}");
        }
        assert_eq!(SCHEMA_VERSION, OutputVersion::CURRENT.schema_version());
    }

    #[test]
    fn downgrade_sets_the_version_and_refuses_newer_documents() {
        let mut doc = serde_json::json!({"schema_version": "1.2.0", "document": "certs"});
        downgrade(&mut doc, OutputVersion { minor: 0 }).unwrap();
        assert_eq!(doc["schema_version"], "1.0.0");
        let mut doc = serde_json::json!({"schema_version": "1.2.0", "document": "check"});
        assert!(downgrade(&mut doc, OutputVersion { minor: 0 }).is_err());
        let mut doc = serde_json::json!({"schema_version": "1.2.0", "document": "watch"});
        assert!(downgrade(&mut doc, OutputVersion { minor: 1 }).is_err());
        // 1.3 added pins to inspect, check and doctor: 1.2 leaves them out.
        for document in ["inspect", "check", "doctor"] {
            let mut doc = serde_json::json!({"document": document, "pins": [], "verdict": "pass"});
            downgrade(&mut doc, OutputVersion { minor: 2 }).unwrap();
            assert!(doc.get("pins").is_none(), "{doc}");
            assert_eq!(doc["verdict"], "pass");
        }
        let mut doc =
            serde_json::json!({"document": "fleet", "cards": {"total": 1, "pin_blocked": 1}});
        downgrade(&mut doc, OutputVersion { minor: 2 }).unwrap();
        assert_eq!(doc["cards"], serde_json::json!({"total": 1}));
    }
}
