//! The summary `fleet` writes, as it appears in the `fleet` document
//! (`crate::report::FleetReport`): what was read, the cards, their
//! certificates, the organisations and issuers, and the cards that need
//! action.

use serde::Serialize;

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
