//! Summaries of many reports, for `sithsctl fleet`: `inspect` and `check`
//! documents and `watch` records, as files, folders, JSON Lines or a
//! stream, of any 1.x schema version.
//!
//! Streaming and bounded: inputs are cut into documents as they are read,
//! parsed on every core, and folded into one small state per card (its
//! latest report only, reduced to what the summary needs). Memory grows
//! with the number of distinct cards, never with the number of reports.
//!
//! The library prints nothing: skipped input and progress are handed to
//! the caller's callbacks.
//!
//! The rooms, in the order the data flows: `walk` finds the inputs,
//! `read` reads them on several threads (small files in runs, large ones
//! and streams in blocks), `parse` cuts the bytes into documents, `doc`
//! is the typed view of one document and what it contributes (an
//! `observation`), `fold` keeps the latest report of each card, `judge`
//! judges each card at the time and for the organisation asked for,
//! `tally` counts the cards into the summary, whose shape `summary`
//! holds, with the drive's lists (`lists`) and the expiry calendar
//! (`calendar`).

mod calendar;
mod doc;
mod fold;
mod judge;
mod lists;
mod observation;
mod parse;
mod read;
mod summary;
mod tally;
mod walk;

pub use calendar::CALENDAR_MONTHS;
pub use read::{summarise, summarise_bytes};
pub use summary::{
    FleetAction, FleetCalendar, FleetCalendarOrg, FleetCards, FleetCertificates, FleetInputs,
    FleetIssuerCount, FleetOrder, FleetOrg, FleetOrgCount, FleetReason, FleetRegistration,
    FleetSummary, FleetUnjudged, UNJUDGED_NAMED,
};
pub use tally::Options;
pub use walk::{expand, Input, Skip, SkipReason};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_drive;
