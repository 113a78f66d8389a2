//! Every document sithsctl writes as JSON. One room owns them all, so the
//! contract in `docs/json.md` has one place to change.
//!
//! `schema_version` follows semver: adding a field is a minor bump,
//! removing a field or changing its meaning is a major bump. Consumers must
//! accept fields they do not know.
//!
//! One room per document (or family of documents); this face names them
//! all, so every document keeps its path `crate::report::...`. The
//! summary inside the `fleet` document is built by
//! [`crate::services::fleet`], which keeps its types; the two facts that
//! reading reports needs too (the documents' names, and how times are
//! written) sit in [`crate::base::documents`].

mod certs;
mod doctor;
mod error;
mod fleet;
mod inspect;
mod meta;
mod order;
mod orgs;
mod readers;
mod versions;
mod watch;

pub use crate::base::documents::{document_since, rfc3339};
pub use crate::services::fleet::{
    FleetAction, FleetCalendar, FleetCalendarOrg, FleetCards, FleetCertificates, FleetInputs,
    FleetIssuerCount, FleetOrder, FleetOrg, FleetOrgCount, FleetReason, FleetRegistration,
    FleetSummary, FleetUnjudged,
};
pub use certs::{
    cert_entries, CardSummary, CertEntry, CertsReport, IssuerOut, UnreadableCert, View,
};
pub use doctor::DoctorReport;
pub use error::{ErrorBody, ErrorReport};
pub use fleet::FleetReport;
pub use inspect::{
    issuer_summaries, CardNumberOut, CheckReport, FindingOut, InspectReport, IssuerSummary, OrgRef,
    PolicyOut,
};
pub use meta::{Meta, Tool};
pub use order::OrderInfoReport;
pub use orgs::OrgsReport;
pub use readers::ReadersReport;
pub use versions::{downgrade, OutputVersion, SCHEMA_VERSION, SUPPORTED_VERSIONS};
pub use watch::{
    HolderName, IssuerRef, WatchCert, WatchCheck, WatchEvent, WatchFinding, WatchRecord,
};
