//! What the summary keeps of one report: the observation a parsed
//! document hands to the folding thread, in batches.

use crate::understanding::findings::Verdict;

/// Card observations from one job, sent together.
pub(super) type Batch = Vec<Observation>;

/// What the summary keeps of one report.
#[derive(Debug)]
pub(super) enum Observation {
    Card(CardObservation),
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
    pub(super) verdict: Verdict,
    pub(super) checked: bool,
    pub(super) passed: bool,
    pub(super) certs: Vec<CertObservation>,
    /// Warn and fail finding codes, with `true` for fail.
    pub(super) problems: Vec<(Box<str>, bool)>,
}

#[derive(Debug)]
pub(super) struct CertObservation {
    pub(super) not_before: i64,
    pub(super) not_after: i64,
    pub(super) role: RoleKind,
    pub(super) issuer: Option<Box<str>>,
    pub(super) org: Option<Box<str>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RoleKind {
    Identification,
    Signature,
    Other,
}
