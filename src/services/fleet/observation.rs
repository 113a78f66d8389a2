//! What the summary keeps of one report: the observation a parsed
//! document hands to the folding thread, in batches.

use chrono::NaiveDate;

/// Card observations from one job, sent together.
pub(super) type Batch = Vec<Observation>;

/// What the summary keeps of one report.
#[derive(Debug)]
pub(super) enum Observation {
    Card(CardObservation),
    /// A card report without the certificates to judge it from.
    Unjudged(Unjudged),
    /// A card that could not be read (a watch record or `error` document).
    Unreadable,
    /// A document that is not a card report.
    Ignored,
    /// Counted after a skip was reported.
    Skipped,
}

#[derive(Debug)]
pub(super) struct CardObservation {
    pub(super) key: Box<str>,
    pub(super) card_number: Option<Box<str>>,
    pub(super) host: Box<str>,
    pub(super) time: i64,
    pub(super) checked: bool,
    pub(super) passed: bool,
    /// The date printed on the card, when the report knew it.
    pub(super) card_end: Option<NaiveDate>,
    pub(super) certs: Vec<CertObservation>,
    /// Warn and fail finding codes that do not depend on the time or the
    /// organisation judged for, with `true` for fail.
    pub(super) problems: Vec<(Box<str>, bool)>,
}

/// A report that names a card but carries no certificates.
#[derive(Debug, Clone)]
pub(super) struct Unjudged {
    pub(super) key: Box<str>,
    pub(super) card_number: Option<Box<str>>,
    pub(super) document: Box<str>,
    /// Where it was read (set by the parser).
    pub(super) origin: String,
    pub(super) line: u64,
}

#[derive(Debug)]
pub(super) struct CertObservation {
    pub(super) not_before: i64,
    pub(super) not_after: i64,
    pub(super) role: RoleKind,
    pub(super) issuer: Option<Box<str>>,
    pub(super) class: ClassKind,
    /// The issuer's signature on it was found bad, or its chain reaches
    /// no trust anchor (as a production `check` fails it).
    pub(super) chain_bad: bool,
    /// A responder or CRL said it is revoked.
    pub(super) revoked: bool,
    pub(super) org: Option<Box<str>>,
    pub(super) hsa_id: Option<Box<str>>,
    pub(super) test_hsa_id: bool,
    /// The holder's name (subject CN).
    pub(super) holder: Option<Box<str>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RoleKind {
    Identification,
    Signature,
    Other,
}

/// The issuer's class, as the report gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ClassKind {
    Production,
    Legacy,
    Test,
    Unknown,
    /// The report does not say (a watch record before 1.3) and the name
    /// carries no test marker.
    NotRecorded,
}

impl ClassKind {
    /// Whether a certificate of this issuer may log in to production, as
    /// the rules hold it (production and legacy issuers).
    pub(super) fn production(self) -> bool {
        matches!(
            self,
            ClassKind::Production | ClassKind::Legacy | ClassKind::NotRecorded
        )
    }
}
