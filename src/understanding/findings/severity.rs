//! How bad a finding is, and the mark it carries in text: one set of
//! marks for findings, doctor's layers and the ticket.

use serde::Serialize;

/// How bad a finding is. The order is the order of worry: sorting puts
/// the worst last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A check that was asked for and passed (the organisation's
    /// certificate is there): the only findings marked ✔.
    Ok,
    /// Worth knowing; nothing to do. Never marked as a pass.
    Info,
    /// Something to act on soon; login may still work.
    Warn,
    /// Login fails, or the card does not meet the policy.
    Fail,
}

impl Severity {
    /// The mark shown before a finding in text output.
    pub fn mark(self) -> &'static str {
        match self {
            Severity::Ok => "✔",
            Severity::Info => "ℹ",
            Severity::Warn => "!",
            Severity::Fail => "✘",
        }
    }
}
