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

/// Flags every command takes.
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Reader to use: its number in `sithsctl readers`, or a unique part of its name
    /// (case-insensitive). Default: the first reader holding a SITHS card.
    #[arg(long, short = 'r', global = true, value_name = "READER", env = "SITHSCTL_READER")]
    pub reader: Option<String>,

    /// Read a card image (JSON, as written by `sithsctl dump`) instead of a reader.
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "reader")]
    pub image: Option<PathBuf>,

    /// Give up on the reader or card after this many seconds.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 15)]
    pub timeout: u64,

    /// Print JSON (versioned, see docs/json.md) instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    /// Language of messages and advice [default: from the locale].
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    Sv,
    En,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List card readers and the state of their slots.
    Readers,
    /// Serve a card image as a virtual card in a vpcd reader (vsmartcard), for tests and training.
    VirtualCard(VirtualCardArgs),
}

#[derive(Args, Debug)]
pub struct VirtualCardArgs {
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
