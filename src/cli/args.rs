//! Every flag of sithsctl, in one place: the man pages and completions are
//! generated from these same definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use super::exit::EXIT_CODES_HELP;

#[derive(Parser, Debug)]
#[command(
    name = "sithsctl",
    version,
    about = "Read SITHS cards, list and check their certificates, find out why a card login fails",
    long_about = "Read SITHS cards over PC/SC (or from a card image), list and check their \
certificates, and find out why a card login fails. Read-only: sithsctl never sends a \
command that could change a card or use up a PIN try, and never resets the card.",
    after_help = EXIT_CODES_HELP,
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes: how the output looks. They may stand before
/// or after the command's name.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Output")]
pub struct Global {
    /// Print JSON (versioned, see docs/json.md) instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    /// Write JSON of an older schema version: 1.0, 1.1, 1.2, 1.3 or 1.4.
    #[arg(long, global = true, value_name = "X.Y", value_parser = parse_output_version)]
    pub output_version: Option<crate::report::OutputVersion>,

    /// Language of messages and advice: sv or en [default: from the locale].
    #[arg(long, global = true, value_enum, hide_possible_values = true)]
    pub lang: Option<LangArg>,

    /// Colour marks and statuses: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = ColorArg::Auto,
        value_name = "WHEN",
        hide_possible_values = true
    )]
    pub color: ColorArg,

    /// Lay text out for N columns [default: the terminal's, COLUMNS, or 100].
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
}

/// Where the card is read from: the flags of every command that reads one.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Card source")]
pub struct CardSource {
    /// Reader: its number in `sithsctl readers` or a unique part of its name [default: the
    /// first reader holding a SITHS card].
    #[arg(
        long,
        short = 'r',
        value_name = "READER",
        env = "SITHSCTL_READER",
        hide_env_values = true,
        conflicts_with_all = ["image", "demo"],
        add = clap_complete::ArgValueCompleter::new(super::complete::reader_candidates)
    )]
    pub reader: Option<String>,

    #[command(flatten)]
    pub offline: OfflineSource,

    /// Read through the middleware's PKCS#11 module (libiidp11.so, opensc-pkcs11.so): what
    /// the login software sees. Never a PIN.
    #[arg(long, value_name = "MODULE", conflicts_with_all = ["image", "demo"])]
    pub pkcs11: Option<PathBuf>,

    #[command(flatten)]
    pub timeout: TimeoutArg,
}

/// A card without a reader: an image or the demo card.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Card source")]
pub struct OfflineSource {
    /// Read a card image (as written by `sithsctl dump`) instead of a reader.
    #[arg(long, value_name = "FILE")]
    pub image: Option<PathBuf>,

    /// Read the bundled demo card (made up; no reader needed).
    #[arg(long, conflicts_with = "image")]
    pub demo: bool,
}

/// How long a reader or card may take.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Card source")]
pub struct TimeoutArg {
    /// Give up on the reader or card after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_TIMEOUT)]
    pub timeout: u64,
}

/// Seconds to wait for a reader or card unless told otherwise.
pub const DEFAULT_TIMEOUT: u64 = 15;

impl Default for TimeoutArg {
    fn default() -> Self {
        TimeoutArg {
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// How certificates are judged and shown: the flags of every command that
/// looks at a card's certificates.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Policy")]
pub struct Judgement {
    /// A certificate counts as expiring this many days before its end
    /// [default: 30, or `warn_days` in the configuration file].
    #[arg(long, value_name = "DAYS")]
    pub warn_days: Option<u32>,

    /// Extra CA certificate (DER or PEM) to check signatures against; repeatable.
    #[arg(long = "ca", value_name = "FILE")]
    pub ca: Vec<PathBuf>,

    #[command(flatten)]
    pub at: AtArg,

    /// Show personnummer in full (personal data: masked by default).
    #[arg(long, help_heading = "Output")]
    pub show_personal_numbers: bool,
}

/// Whether the card may be asked for its PINs' state: on the commands that
/// show it (inspect, check, doctor, watch).
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Card source")]
pub struct PinStatusArg {
    /// Never ask the card for its PINs' state. By default sithsctl asks only cards known to
    /// answer without counting a try (IDPrime), with a VERIFY that carries no PIN [default:
    /// ask, or `pin_status = false` in the configuration file].
    #[arg(long)]
    pub no_pin_status: bool,
}

/// Whether and how to ask if certificates are revoked (OCSP, then the
/// CRL): on the commands that judge a card for a login (inspect, check,
/// doctor, watch). See docs/revocation.md.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Revocation")]
pub struct RevocationArgs {
    /// Ask no OCSP responder or CRL; answers still valid in the cache are used [default:
    /// `offline` in [revocation] of the configuration file].
    #[arg(long, conflicts_with = "online")]
    pub offline: bool,
    /// Ask also for a card image or the demo card (by default only a card in a reader is
    /// checked).
    #[arg(long)]
    pub online: bool,
    /// Ask about every person certificate, not only the ones a login uses.
    #[arg(long)]
    pub all: bool,
    /// HTTP proxy for the plain-http requests, `none` for none [default: `proxy` in
    /// [revocation], else http_proxy / HTTP_PROXY].
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,
    /// Give up asking after this many seconds in all [default: 5, or `timeout` in
    /// [revocation]].
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub revocation_timeout: Option<f64>,
}

/// Accepts a positive number of seconds (`5`, `0.5`), at most an hour.
pub fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 3600.0 => Ok(s),
        _ => Err(format!("'{text}' is not a number of seconds (0.1 to 3600)")),
    }
}

/// The time validity is judged at.
#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Policy")]
pub struct AtArg {
    /// Judge validity as of this date (YYYY-MM-DD or RFC 3339) instead of now.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Accepts `1.0`, `1.1.0`, ...: a schema version this build can write.
pub fn parse_output_version(text: &str) -> Result<crate::report::OutputVersion, String> {
    crate::report::OutputVersion::parse(text)
}

/// Accepts `2026-11-24` (midnight UTC) or a full RFC 3339 time.
pub fn parse_date(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| format!("'{text}' is not a date (YYYY-MM-DD)"))
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    Sv,
    En,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List card readers and the state of their slots.
    Readers(ReadersArgs),
    /// List the certificates on the card: role, holder, HSA-ID, card number, issuer, expiry.
    Certs(CertsArgs),
    /// Save the card's public files as a card image, to reproduce the card elsewhere with --image.
    Dump(DumpArgs),
    /// Serve a card image as a virtual card in a vpcd reader (vsmartcard), for tests and training.
    VirtualCard(VirtualCardArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Everything about the card on one screen: reader, card, certificates by card number and
    /// organisation, issuers, and findings with what to do.
    Inspect(InspectArgs),
    /// Check the card against a policy (organisation, HSA-ID, signature); exit 0 pass, 1 fail.
    Check(CheckArgs),
    /// Find out why a card login fails ("namnet kommer inte upp"): every layer from the
    /// service to the certificate, most likely cause first.
    Doctor(DoctorArgs),
    /// The data to order an organisation's certificate for the card the person already has:
    /// issuer, card number, latest end date; or the HSA-ID to register if it is there.
    OrderInfo(OrderInfoArgs),
    /// List the known organisations, built in and from the configuration file.
    Orgs(OrgsArgs),
    /// Follow the readers: check every card inserted, one line (or JSON record) per card.
    /// Needs readers: for a card image or the demo card use `check`.
    Watch(WatchArgs),
    /// Summarise many reports (inspect/check documents, watch records): verdicts, expiry,
    /// organisations, issuers and the cards that need action. Exit 1 if any input was skipped.
    Fleet(FleetArgs),
}

/// What a command takes beyond the global flags, for building its context.
#[derive(Default)]
pub struct Parts<'a> {
    pub source: Option<&'a CardSource>,
    /// `readers`: an image or the demo card instead of PC/SC.
    pub offline: Option<&'a OfflineSource>,
    pub timeout: Option<u64>,
    pub judgement: Option<&'a Judgement>,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
    /// `--no-pin-status`, on the commands that have it.
    pub no_pin_status: bool,
    /// The revocation flags, on the commands that ask.
    pub revocation: Option<&'a RevocationArgs>,
}

/// The parts of a command that reads a card and judges its certificates.
fn card_parts<'a>(source: &'a CardSource, judgement: &'a Judgement) -> Parts<'a> {
    Parts {
        source: Some(source),
        timeout: Some(source.timeout.timeout),
        judgement: Some(judgement),
        ..Default::default()
    }
}

impl Command {
    /// The card source, timeout and judgement flags this command has.
    pub fn parts(&self) -> Parts<'_> {
        match self {
            Command::Readers(a) => Parts {
                offline: Some(&a.offline),
                timeout: Some(a.timeout.timeout),
                ..Default::default()
            },
            Command::Certs(a) => card_parts(&a.source, &a.judgement),
            Command::Dump(a) => Parts {
                source: Some(&a.source),
                timeout: Some(a.source.timeout.timeout),
                ..Default::default()
            },
            Command::Inspect(a) => Parts {
                no_pin_status: a.pin.no_pin_status,
                revocation: Some(&a.revocation),
                ..card_parts(&a.source, &a.judgement)
            },
            Command::Check(a) => Parts {
                no_pin_status: a.pin.no_pin_status,
                revocation: Some(&a.revocation),
                ..card_parts(&a.source, &a.judgement)
            },
            Command::Doctor(a) => Parts {
                no_pin_status: a.pin.no_pin_status,
                revocation: Some(&a.revocation),
                ..card_parts(&a.source, &a.judgement)
            },
            Command::OrderInfo(a) => card_parts(&a.source, &a.judgement),
            Command::Watch(a) => Parts {
                timeout: Some(a.timeout.timeout),
                judgement: Some(&a.judgement),
                no_pin_status: a.pin.no_pin_status,
                revocation: Some(&a.revocation),
                ..Default::default()
            },
            Command::Fleet(a) => Parts {
                at: a.at.at,
                ..Default::default()
            },
            Command::VirtualCard(_) | Command::Completions { .. } | Command::Orgs(_) => {
                Parts::default()
            }
        }
    }
}

#[derive(Args, Debug)]
pub struct ReadersArgs {
    #[command(flatten)]
    pub offline: OfflineSource,
    #[command(flatten)]
    pub timeout: TimeoutArg,
}

#[derive(Args, Debug)]
pub struct CertsArgs {
    /// Also write each certificate to DIR as DER and PEM, named by role and HSA-ID.
    /// Personnummer certificates only with --show-personal-numbers.
    #[arg(long, value_name = "DIR")]
    pub export: Option<PathBuf>,
    #[command(flatten)]
    pub source: CardSource,
    #[command(flatten)]
    pub judgement: Judgement,
    /// Overwrite files that already exist in the --export folder.
    #[arg(long, requires = "export")]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct DumpArgs {
    /// Where to write the image (JSON); `-` for standard output. An existing file is not
    /// overwritten without --force.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub source: CardSource,
    /// Keep the personnummer certificates in the image (left out by default: personal data).
    #[arg(long)]
    pub include_personal_numbers: bool,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct VirtualCardArgs {
    /// The card image to serve (JSON, as written by `sithsctl dump`).
    #[arg(long, value_name = "FILE")]
    pub image: PathBuf,
    /// vpcd reader slot: 0 is `Virtual PCD 00 00`, 1 is `Virtual PCD 00 01`.
    #[arg(long, default_value_t = 0)]
    pub slot: u16,
    /// Host where vpcd listens.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Wait this many milliseconds before each answer (a slow card).
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub delay_ms: u64,
    /// Pull the card out on the Nth command (card removed mid-read).
    #[arg(long, value_name = "N")]
    pub pull_after: Option<usize>,
    /// Append every command and control message as a JSON line to FILE.
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Give up reaching vpcd after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub connect_timeout: u64,
}

/// What the user knows about the card and whom it is for.
#[derive(Args, Debug, Clone)]
pub struct CardFactArgs {
    /// Organisation: number (232100-0057), HSA-ID prefix (SE2321000057), name or alias
    /// (jönköping, rjl, gbg) [default: `org` in the configuration file].
    #[arg(long, value_name = "ORG", help_heading = "Policy")]
    pub org: Option<String>,
    /// The expiry date printed on the card (YYYY-MM-DD), not its certificates'.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub card_expiry: Option<chrono::NaiveDate>,
    /// CSV of printed card dates: `card number,YYYY-MM-DD[,note]` [default: `inventory` in
    /// the configuration file].
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
}

/// Accepts `2028-01-01`.
pub fn parse_day(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("'{text}' is not a date (YYYY-MM-DD)"))
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    #[command(flatten)]
    pub facts: CardFactArgs,
    #[command(flatten)]
    pub source: CardSource,
    #[command(flatten)]
    pub judgement: Judgement,
    #[command(flatten)]
    pub pin: PinStatusArg,
    #[command(flatten)]
    pub revocation: RevocationArgs,
}

/// The policy a card is checked against: `check` and `watch`.
#[derive(Args, Debug, Clone)]
pub struct PolicyArgs {
    #[command(flatten)]
    pub facts: CardFactArgs,
    /// Require a valid identification certificate with exactly this HSA-ID.
    #[arg(long, value_name = "HSA-ID", help_heading = "Policy")]
    pub hsa_id: Option<String>,
    /// Also require the signature certificate with the same HSA-ID.
    #[arg(long, help_heading = "Policy")]
    pub require_signature: bool,
    /// Warnings fail the check too.
    #[arg(long, help_heading = "Policy")]
    pub strict: bool,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub policy: PolicyArgs,
    #[command(flatten)]
    pub source: CardSource,
    #[command(flatten)]
    pub judgement: Judgement,
    #[command(flatten)]
    pub pin: PinStatusArg,
    #[command(flatten)]
    pub revocation: RevocationArgs,
}

#[derive(Args, Debug)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub facts: CardFactArgs,
    /// Wait up to this many seconds for a card to be inserted, and tell how long it took
    /// from insertion until the certificates could be read.
    #[arg(long, value_name = "SECONDS")]
    pub wait: Option<u64>,
    /// Print a block to paste into a support ticket (no personnummer). `--json` wins.
    #[arg(long)]
    pub ticket: bool,
    #[command(flatten)]
    pub source: CardSource,
    #[command(flatten)]
    pub judgement: Judgement,
    #[command(flatten)]
    pub pin: PinStatusArg,
    #[command(flatten)]
    pub revocation: RevocationArgs,
}

#[derive(Args, Debug)]
pub struct OrderInfoArgs {
    #[command(flatten)]
    pub facts: CardFactArgs,
    #[command(flatten)]
    pub source: CardSource,
    #[command(flatten)]
    pub judgement: Judgement,
}

#[derive(Args, Debug)]
pub struct OrgsArgs {
    /// Print the configuration file's path (set SITHSCTL_CONFIG to use another) and nothing else.
    #[arg(long)]
    pub path: bool,
}

#[derive(Args, Debug)]
pub struct WatchArgs {
    /// Also append each record as one JSON line to FILE (JSON Lines, whole lines only).
    #[arg(long, value_name = "FILE")]
    pub append: Option<PathBuf>,
    /// Stop after N cards.
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// Stop after this many seconds.
    #[arg(long = "for", value_name = "SECONDS")]
    pub for_seconds: Option<u64>,
    #[command(flatten)]
    pub policy: PolicyArgs,
    #[command(flatten)]
    pub timeout: TimeoutArg,
    #[command(flatten)]
    pub judgement: Judgement,
    #[command(flatten)]
    pub pin: PinStatusArg,
    #[command(flatten)]
    pub revocation: RevocationArgs,
    /// A desk for a queue of staff: per card one large result (the name and the HSA-ID to
    /// register, or the data to order the --org certificate, or "new card needed"), then
    /// ready for the next card.
    #[arg(long)]
    pub kiosk: bool,
}

#[derive(Args, Debug)]
pub struct FleetArgs {
    /// Report files, folders (read recursively) or `-` for standard input; JSON documents or
    /// JSON Lines.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Count which cards lack this organisation's identification certificate.
    #[arg(long, value_name = "ORG", help_heading = "Policy")]
    pub org: Option<String>,
    /// Print the cards that need action as CSV instead of the summary table (not with --json).
    #[arg(long, help_heading = "Output")]
    pub csv: bool,
    #[command(flatten)]
    pub at: AtArg,
    /// The order list for ORG: one row per person whose card lacks a valid identification
    /// certificate of ORG (name, HSA-IDs, card number, issuer, valid until, card expiry).
    /// Printed as CSV unless --xlsx is given; with --lang sv Swedish headers, `;` and a BOM.
    #[arg(long, value_name = "ORG")]
    pub orders: Option<String>,
    /// The registration list for ORG: one row per person whose card has it (name, the HSA-ID
    /// to register in the record system, valid to). Printed as CSV unless --xlsx is given.
    #[arg(long, value_name = "ORG")]
    pub register: Option<String>,
    /// Write the lists asked for (--orders, --register; both for --org when neither is
    /// given) to FILE as an Excel workbook, one sheet per list. Not overwritten without
    /// --force.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Write a report to FILE as one self-contained HTML page (summary, expiry calendar,
    /// cards that need action, the lists). Not overwritten without --force.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// CSV of printed card dates (`card number,printed expiry[,note]`), for reports that do
    /// not give the card's date [default: `inventory` in the configuration file].
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
    /// Overwrite the --xlsx and --html files if they exist.
    #[arg(long)]
    pub force: bool,
}
