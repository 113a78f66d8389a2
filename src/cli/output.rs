//! What every command shares on the way out: language, JSON or text, and
//! how a failure is told.

use std::io::Write;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::args::{Cli, LangArg};
use super::Failure;
use crate::lang::Lang;
use crate::read::Source;
use crate::report::{ErrorBody, ErrorReport, Meta, View};

/// Settings every command reads.
pub struct Context {
    pub lang: Lang,
    pub json: bool,
    pub timeout: Duration,
    pub source: Source,
    pub now: DateTime<Utc>,
    pub view: View,
    pub ca_files: Vec<std::path::PathBuf>,
}

impl Context {
    pub fn from_cli(cli: &Cli) -> Context {
        let g = &cli.global;
        let lang = match g.lang {
            Some(LangArg::Sv) => Lang::Sv,
            Some(LangArg::En) => Lang::En,
            None => Lang::from_locale(
                ["LC_ALL", "LC_MESSAGES", "LANG"]
                    .iter()
                    .filter_map(|k| std::env::var(k).ok())
                    .find(|v| !v.is_empty())
                    .as_deref(),
            ),
        };
        let source = match &g.image {
            Some(path) => Source::Image(path.clone()),
            None if g.demo => Source::Demo,
            None => Source::Pcsc {
                reader: g.reader.clone(),
            },
        };
        Context {
            lang,
            json: g.json,
            timeout: Duration::from_secs(g.timeout.max(1)),
            source,
            now: Utc::now(),
            view: View {
                now: g.at.unwrap_or_else(Utc::now),
                warn_days: g.warn_days as i64,
                show_personal_numbers: g.show_personal_numbers,
            },
            ca_files: g.ca.clone(),
        }
    }

    pub fn meta(&self, document: &'static str) -> Meta {
        Meta::new(document, self.now)
    }

    /// Prints a document as pretty JSON with a final newline, in one write,
    /// so a reader of a pipe never sees half a document.
    pub fn print_json<T: Serialize>(&self, doc: &T) -> Result<(), Failure> {
        let text = serde_json::to_string_pretty(doc).map_err(|e| Failure::Other {
            exit: super::Exit::Internal,
            code: "internal",
            message: format!("could not write JSON: {e}"),
            hint: None,
        })?;
        write_stdout(&(text + "\n"));
        Ok(())
    }

    /// Tells a failure: on stderr for people, and with `--json` also as an
    /// error document on stdout for scripts.
    pub fn report_failure(&self, failure: &Failure) {
        let hint = failure.hint(self.lang);
        if self.json {
            let doc = ErrorReport {
                meta: self.meta("error"),
                error: ErrorBody {
                    code: failure.code().to_string(),
                    exit_code: failure.exit() as u8,
                    message: failure.message(),
                    hint: hint.clone(),
                },
            };
            let _ = self.print_json(&doc);
        }
        let (error, tip) = match self.lang {
            Lang::Sv => ("fel", "Tips"),
            Lang::En => ("error", "Hint"),
        };
        let mut text = format!("{error}: {}\n", failure.message());
        if let Some(h) = hint {
            text.push_str(&format!("{tip}: {h}\n"));
        }
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
}

/// Writes to stdout, ignoring a closed pipe (`sithsctl certs | head`).
pub fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
