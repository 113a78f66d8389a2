//! The summary `fleet` writes, as it appears in the `fleet` document
//! (`crate::report::FleetReport`): what was read, the cards, their
//! certificates, the organisations and issuers, and the cards that need
//! action.

use chrono::NaiveDate;
use serde::Serialize;

use crate::services::order::ValidUntilSource;
use crate::understanding::findings::Verdict;

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
    /// Card reports without the certificates to judge from (an
    /// `order-info` document before 1.3), of cards no other report
    /// shows: named, never guessed; the first [`UNJUDGED_NAMED`] of them
    /// (since 1.3.0).
    pub unjudged: Vec<FleetUnjudged>,
    /// With `--orders ORG`: one row per person whose card lacks a valid
    /// identification certificate of ORG (since 1.3.0).
    pub orders: Option<Vec<FleetOrder>>,
    /// With `--register ORG`: one row per person whose card has one
    /// (since 1.3.0).
    pub registrations: Option<Vec<FleetRegistration>>,
    /// Certificates and cards ending per month, per organisation, from
    /// the month of `at` on (since 1.3.0).
    pub calendar: FleetCalendar,
}

/// How many reports without certificates are named in the summary.
pub const UNJUDGED_NAMED: usize = 1000;

/// A card report that could not be judged: it carries no certificates.
#[derive(Debug, Clone, Serialize)]
pub struct FleetUnjudged {
    /// The file (or `<stdin>`) and the line the report begins on.
    pub origin: String,
    pub line: u64,
    pub document: String,
    pub card_number: Option<String>,
}

/// One row of the order list: what the certificate administrator needs
/// to put the organisation's certificate on the card the person has.
#[derive(Debug, Clone, Serialize)]
pub struct FleetOrder {
    /// The organisation the certificate is for.
    pub org_number: String,
    /// The holder's name, as the certificates give it.
    pub name: Option<String>,
    /// HSA-IDs already on the card, once each.
    pub hsa_ids: Vec<String>,
    /// Card number (kortnummer).
    pub card_number: Option<String>,
    /// Issuer (utfärdare) of the card's current identification certificate.
    pub issuer: Option<String>,
    /// Valid until (giltig till): the latest end date for the new
    /// certificate, worked out as `order-info` does.
    pub valid_until: Option<NaiveDate>,
    pub valid_until_source: Option<ValidUntilSource>,
    /// The date printed on the card, when known.
    pub card_expiry: Option<NaiveDate>,
    /// The card has ended or ends too soon (within `--warn-days` of
    /// `at`), or is blocked: no order can be made, a new card is needed
    /// (and `valid_until` is null, as `order-info` gives no date then).
    pub new_card_needed: bool,
    /// The card is blocked: its identification certificate for the
    /// organisation was found revoked (since 1.4.0; left out when not).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub revoked: bool,
    /// The host that wrote the latest report, and when.
    pub host: String,
    pub seen_at: String,
}

/// One row of the registration list: the HSA-ID to register in the
/// record system.
#[derive(Debug, Clone, Serialize)]
pub struct FleetRegistration {
    pub org_number: String,
    pub name: Option<String>,
    pub hsa_id: String,
    /// The end of the certificate with that HSA-ID.
    pub valid_to: NaiveDate,
    pub card_number: Option<String>,
}

/// Ends per month: certificates (CA certificates left out) and cards (by
/// their printed date).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FleetCalendar {
    /// `YYYY-MM`, the month of `at` first.
    pub months: Vec<String>,
    /// Organisations with anything ending, most first; `number` null for
    /// certificates without an HSA-ID (personnummer certificates).
    pub organisations: Vec<FleetCalendarOrg>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FleetCalendarOrg {
    pub number: Option<String>,
    pub name: Option<String>,
    /// Per month, as `months`.
    pub certificates: Vec<u64>,
    pub cards: Vec<u64>,
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
    /// Card reports without certificates to judge from, not counted as
    /// cards (since 1.3.0).
    pub without_certificates: u64,
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
    /// Cards whose latest report found a certificate revoked (since
    /// 1.4.0).
    pub revoked: u64,
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

/// Why a card needs action: one reason per cause.
#[derive(Debug, Serialize)]
pub struct FleetReason {
    /// A finding code (warn or fail) from the report that does not depend
    /// on the time or the organisation, or one judged at `at`: `expired`,
    /// `expiring`, `missing_org_certificate`, `no_valid_identification`,
    /// `card_expired`, `card_expiring`.
    pub code: String,
    /// For people, in the language asked for (English before 1.3).
    pub detail: String,
    /// Whether it fails the card (else it is a warning).
    #[serde(skip)]
    pub fail: bool,
}
