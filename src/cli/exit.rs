//! Exit codes: the same for every command, documented in the README and in
//! `--help`. Scripts depend on them; never renumber.

use std::process::ExitCode;

use crate::reading::card::ErrorKind;

/// The exit codes of sithsctl.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// All good.
    Ok = 0,
    /// A check failed (or, in `fleet`, an input was skipped).
    CheckFailed = 1,
    /// Usage error: unknown flag, unknown reader or organisation.
    Usage = 2,
    /// PC/SC environment: service not running, access denied, no reader.
    Environment = 3,
    /// Card problem: no card, unreadable, not SITHS, removed, misbehaving.
    Card = 4,
    /// A bad input file: card image, report, config.
    Input = 5,
    /// A bug in sithsctl.
    Internal = 70,
}

impl Exit {
    pub fn from_kind(kind: ErrorKind) -> Exit {
        match kind {
            ErrorKind::Usage => Exit::Usage,
            ErrorKind::Environment => Exit::Environment,
            ErrorKind::Card => Exit::Card,
            ErrorKind::Input => Exit::Input,
            ErrorKind::Internal => Exit::Internal,
        }
    }

    pub fn code(self) -> ExitCode {
        ExitCode::from(self as u8)
    }
}

/// The table shown at the end of `--help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  all good
  1  a check failed
  2  usage error (unknown flag, reader or organisation)
  3  PC/SC environment: service not running, access denied, no reader
  4  card problem: no card, not readable, not a SITHS card, removed during the read
  5  a bad input file (card image, report, config)
  anything else is a bug";
