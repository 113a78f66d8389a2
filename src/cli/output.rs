//! What every command shares on the way out: language, JSON or text, and
//! how a failure is told.

use std::io::Write;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use std::io::IsTerminal;

use super::args::{Cli, LangArg, OfflineSource, DEFAULT_TIMEOUT};
use super::render::{paint, width_of, wrap, Paint, Stream, Style};
use super::Failure;
use crate::base::lang::Lang;
use crate::reading::read::Source;
use crate::report::{downgrade, ErrorBody, ErrorReport, Meta, OutputVersion, View};
use crate::services::config::Config;
use crate::understanding::siths::orgs::Registry;

/// Settings every command reads.
#[derive(Clone)]
pub struct Context {
    pub lang: Lang,
    pub json: bool,
    /// The schema version to write (`--output-version`, else the current one).
    pub output_version: OutputVersion,
    pub timeout: Duration,
    pub source: Source,
    pub now: DateTime<Utc>,
    pub view: View,
    /// Whether `--at` fixed the time validity is judged at.
    pub view_fixed: bool,
    pub ca_files: Vec<std::path::PathBuf>,
    /// The configuration file's settings (empty without one).
    pub config: Config,
    /// Built-in organisations plus the user's.
    pub registry: Registry,
    /// How text on standard output is laid out: width and colour
    /// (`--width`, `--color`, `NO_COLOR`, `COLUMNS`, a terminal).
    pub out: Style,
    /// The same for standard error (errors, hints, notes).
    pub err: Style,
    /// A spinner on standard error while the card is read: only on a
    /// terminal, never with `--json`.
    pub progress: bool,
    /// Ask the card for its PINs' state where that is safe
    /// (`--no-pin-status`, `pin_status = false` turn it off).
    pub pin_status: bool,
    /// Whether and how to ask if certificates are revoked: on the
    /// commands that have the revocation flags, else `None`.
    pub revocation: Option<crate::services::card_revocation::Plan>,
}

/// The revocation plan from the flags over the configuration file over the
/// environment: a card in a reader is asked about, an image or the demo
/// card only with `--online`.
fn revocation_plan(
    args: &super::args::RevocationArgs,
    config: &Config,
    source: &Source,
) -> crate::services::card_revocation::Plan {
    use crate::services::revocation::{Options, ProxySettings, RevocationFlags};
    let flags = RevocationFlags {
        timeout: args.revocation_timeout.map(Duration::from_secs_f64),
        offline: args.offline,
        proxy: args.proxy.clone(),
        cache_dir: None,
    };
    crate::services::card_revocation::Plan {
        options: Options::resolve(&config.revocation, &flags, ProxySettings::from_env()),
        ask: args.online || matches!(source, Source::Pcsc { .. } | Source::Pkcs11 { .. }),
        all: args.all,
    }
}

/// Days before an expiry at which to warn, unless told otherwise.
pub const DEFAULT_WARN_DAYS: u32 = 30;

/// The configuration file's path: `SITHSCTL_CONFIG`, else the platform's place.
pub fn config_path() -> Option<std::path::PathBuf> {
    crate::services::config::path(std::env::var_os("SITHSCTL_CONFIG").map(Into::into))
}

/// Reads the configuration file; a missing one is empty. `lang` is the
/// language of the flags and the locale: the file's own `lang` cannot be
/// trusted while the file is broken.
pub fn load_config(lang: Lang) -> Result<Config, Failure> {
    let Some(path) = config_path() else {
        return Ok(Config::default());
    };
    Config::load(&path).map_err(|e| Failure::Other {
        exit: super::Exit::Input,
        code: "bad_config",
        message: format!(
            "{} {}, {} {}: {}",
            lang.pick("konfigurationsfilen", "configuration file"),
            e.path.display(),
            lang.pick("rad", "line"),
            e.line,
            e.message
        ),
        hint: Some(
            lang.pick(
                "Rätta raden som nämns, eller peka SITHSCTL_CONFIG på en annan fil. \
                 Nycklar: org, warn_days, lang, inventory, ca_files, pkcs11_modules, \
                 pin_status, [revocation], [[organisation]]. Skriv Windows-sökvägar inom \
                 enkla citattecken ('C:\\Users\\...'): inom dubbla inleder ett \
                 omvänt snedstreck en escape-sekvens.",
                "Fix the line named, or point SITHSCTL_CONFIG at another file. \
                 Keys: org, warn_days, lang, inventory, ca_files, pkcs11_modules, pin_status, \
                 [revocation], [[organisation]]. Write Windows paths in single quotes \
                 ('C:\\Users\\...'): in double quotes a backslash starts an escape.",
            )
            .to_string(),
        ),
    })
}

impl Context {
    /// Settings from the flags alone.
    pub fn from_cli(cli: &Cli) -> Context {
        Context::from_cli_and_config(cli, Config::default())
    }

    /// Settings from the flags, falling back on the configuration file.
    pub fn from_cli_and_config(cli: &Cli, config: Config) -> Context {
        let g = &cli.global;
        let parts = cli.command.parts();
        let lang = match g.lang {
            Some(LangArg::Sv) => Lang::Sv,
            Some(LangArg::En) => Lang::En,
            None if config.lang.is_some() => config.lang.unwrap_or_default(),
            None => Lang::from_locale(
                ["LC_ALL", "LC_MESSAGES", "LANG"]
                    .iter()
                    .filter_map(|k| std::env::var(k).ok())
                    .find(|v| !v.is_empty())
                    .as_deref(),
            ),
        };
        let offline = |o: &OfflineSource| match &o.image {
            Some(path) => Some(Source::Image(path.clone())),
            None if o.demo => Some(Source::Demo),
            None => None,
        };
        let source = match (parts.source, parts.offline) {
            (Some(s), _) => offline(&s.offline).unwrap_or_else(|| match &s.pkcs11 {
                Some(module) => Source::Pkcs11 {
                    module: module.clone(),
                    reader: s.reader.clone(),
                },
                None => Source::Pcsc {
                    reader: s.reader.clone(),
                },
            }),
            (None, Some(o)) => offline(o).unwrap_or(Source::Pcsc { reader: None }),
            (None, None) => Source::Pcsc { reader: None },
        };
        let revocation = parts
            .revocation
            .map(|r| revocation_plan(r, &config, &source));
        let judgement = parts.judgement.cloned().unwrap_or_default();
        let at = parts.at.or(judgement.at.at);
        let width = g.width.map(usize::from);
        Context {
            out: Style::for_stream(Stream::Stdout, width, g.color),
            err: Style::for_stream(Stream::Stderr, width, g.color),
            progress: !g.json && std::io::stderr().is_terminal(),
            pin_status: !parts.no_pin_status && config.pin_status.unwrap_or(true),
            revocation,
            lang,
            json: g.json,
            output_version: g.output_version.unwrap_or(OutputVersion::CURRENT),
            timeout: Duration::from_secs(parts.timeout.unwrap_or(DEFAULT_TIMEOUT).max(1)),
            source,
            now: Utc::now(),
            view: View {
                now: at.unwrap_or_else(Utc::now),
                warn_days: judgement
                    .warn_days
                    .or(config.warn_days)
                    .unwrap_or(DEFAULT_WARN_DAYS) as i64,
                show_personal_numbers: judgement.show_personal_numbers,
            },
            view_fixed: at.is_some(),
            ca_files: config
                .ca_files
                .iter()
                .chain(&judgement.ca)
                .cloned()
                .collect(),
            registry: Registry::with_user_orgs(config.organisations.clone()),
            config,
        }
    }

    pub fn meta(&self, document: &'static str) -> Meta {
        Meta::new(document, self.now)
    }

    /// Prints a document as pretty JSON with a final newline, in one write,
    /// so a reader of a pipe never sees half a document.
    pub fn print_json<T: Serialize>(&self, doc: &T) -> Result<(), Failure> {
        let value = self.versioned(doc)?;
        let text = serde_json::to_string_pretty(&value).map_err(internal)?;
        write_stdout(&(text + "\n"));
        Ok(())
    }

    /// A document as one line of JSON with its newline (JSON Lines).
    pub fn json_line<T: Serialize>(&self, doc: &T) -> Result<String, Failure> {
        let value = self.versioned(doc)?;
        Ok(serde_json::to_string(&value).map_err(internal)? + "\n")
    }

    /// A document in the schema version asked for.
    pub fn versioned<T: Serialize>(&self, doc: &T) -> Result<serde_json::Value, Failure> {
        let mut value = serde_json::to_value(doc).map_err(internal)?;
        if self.output_version != OutputVersion::CURRENT {
            downgrade(&mut value, self.output_version).map_err(unsupported_version)?;
        }
        Ok(value)
    }

    /// Refuses up front a document the asked-for schema version lacks.
    pub fn require_document(&self, document: &str) -> Result<(), Failure> {
        let mut probe = serde_json::json!({ "document": document });
        downgrade(&mut probe, self.output_version).map_err(unsupported_version)
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
                    message: failure.message(self.lang),
                    hint: hint.clone(),
                },
            };
            let _ = self.print_json(&doc);
        }
        let (error, tip) = match self.lang {
            Lang::Sv => ("fel", "Tips"),
            Lang::En => ("error", "Hint"),
        };
        let width = self.err.width;
        let lead = format!("{}: ", paint(error, Paint::Red, self.err.colour));
        let mut text = wrap::hanging(&lead, width_of(&lead), &failure.message(self.lang), width);
        if let Some(h) = hint {
            let lead = format!("{tip}: ");
            text.push_str(&wrap::hanging(&lead, lead.chars().count(), &h, width));
        }
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
}

fn internal(e: serde_json::Error) -> Failure {
    Failure::Other {
        exit: super::Exit::Internal,
        code: "internal",
        message: format!("could not write JSON: {e}"),
        hint: None,
    }
}

fn unsupported_version(message: String) -> Failure {
    Failure::Other {
        exit: super::Exit::Usage,
        code: "unsupported_output_version",
        message,
        hint: Some(format!(
            "Supported output versions: {}; leave --output-version out for the current one.",
            crate::report::SUPPORTED_VERSIONS.join(", ")
        )),
    }
}

/// Writes to stdout, ignoring a closed pipe (`sithsctl certs | head`).
pub fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// A spinner on standard error while a card is read; nothing when not on
/// a terminal. Cleared when dropped.
pub struct Spinner(Option<indicatif::ProgressBar>);

impl Spinner {
    pub fn start(ctx: &Context, message: &str) -> Spinner {
        if !ctx.progress {
            return Spinner(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_message(message.to_string());
        bar.enable_steady_tick(Duration::from_millis(100));
        Spinner(Some(bar))
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(bar) = self.0.take() {
            bar.finish_and_clear();
        }
    }
}
