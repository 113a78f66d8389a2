//! The command layer: flags in, text or JSON out, an exit code at the end.
//! The only room that prints.

mod args;
mod certs;
mod certs_export;
mod check;
mod common;
mod complete;
mod doctor;
mod dump;
mod evaluate;
mod exit;
mod flag_position;
mod fleet;
mod fleet_drive;
mod fleet_files;
mod fleet_reasons;
mod inspect;
mod kiosk;
mod order;
mod orgs;
mod output;
mod pins;
mod readers;
mod render;
mod vcard;
mod watch;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;
pub use exit::{Exit, EXIT_CODES_HELP};

use crate::base::lang::Lang;
use crate::reading::card::CardError;

/// Runs sithsctl with the process's arguments. With `COMPLETE` set (the
/// shell asking for completions, see README) it answers that and exits.
pub fn run() -> ExitCode {
    if let Some(code) = complete::complete_if_asked() {
        return code;
    }
    run_with(std::env::args_os())
}

/// Runs sithsctl with the given arguments; used by `main` and by tests.
pub fn run_with<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args = flag_position::move_command_flags(args.into_iter().map(Into::into).collect());
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr
            // with 2.
            let _ = e.print();
            if e.kind() == clap::error::ErrorKind::UnknownArgument {
                if let Some(hint) = flag_position::refused_flag_hint(&args) {
                    let style = render::Style::for_stream(
                        render::Stream::Stderr,
                        None,
                        args::ColorArg::Auto,
                    );
                    let text = render::wrap::hanging("Hint: ", 6, hint, style.width);
                    let _ = write!(std::io::stderr(), "\n{text}");
                }
            }
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    let config = match &cli.command {
        args::Command::VirtualCard(_) => Ok(Default::default()),
        _ => output::load_config(output::Context::from_cli(&cli).lang),
    };
    let ctx = match config {
        Ok(config) => output::Context::from_cli_and_config(&cli, config),
        Err(failure) => {
            output::Context::from_cli(&cli).report_failure(&failure);
            let _ = std::io::stdout().flush();
            return failure.exit().code();
        }
    };
    let result = match &cli.command {
        args::Command::Readers(_) => readers::run(&ctx),
        args::Command::Certs(a) => certs::run(a, &ctx),
        args::Command::Doctor(a) => doctor::run(a, &ctx),
        args::Command::Dump(a) => dump::run(a, &ctx),
        args::Command::OrderInfo(a) => order::run(a, &ctx),
        args::Command::VirtualCard(a) => vcard::run(a, &ctx),
        args::Command::Completions { shell } => {
            output::write_stdout(&completion_script(*shell));
            Ok(Exit::Ok)
        }
        args::Command::Inspect(a) => inspect::run(a, &ctx),
        args::Command::Check(a) => check::run(a, &ctx),
        args::Command::Orgs(a) => orgs::run(a, &ctx),
        args::Command::Watch(a) => watch::run(a, &ctx),
        args::Command::Fleet(a) => fleet::run(a, &ctx),
    };
    match result {
        Ok(exit) => exit.code(),
        Err(failure) => {
            let exit = failure.exit();
            ctx.report_failure(&failure);
            let _ = std::io::stdout().flush();
            exit.code()
        }
    }
}

/// The completion script for `shell`, generated from the same flag
/// definitions as `--help` and the man pages.
pub fn completion_script(shell: clap_complete::Shell) -> String {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "sithsctl", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Why a command could not do its job.
#[derive(Debug)]
pub enum Failure {
    Card(CardError),
    /// Anything else, with the exit code it calls for and an optional hint.
    Other {
        exit: Exit,
        code: &'static str,
        message: String,
        hint: Option<String>,
    },
}

impl Failure {
    fn exit(&self) -> Exit {
        match self {
            Failure::Card(e) => Exit::from_kind(e.kind()),
            Failure::Other { exit, .. } => *exit,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Failure::Card(e) => e.message(lang),
            Failure::Other { message, .. } => message.clone(),
        }
    }

    fn hint(&self, lang: Lang) -> Option<String> {
        match self {
            Failure::Card(e) => e.hint(lang).map(str::to_string),
            Failure::Other { hint, .. } => hint.clone(),
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Failure::Card(e) => e.code(),
            Failure::Other { code, .. } => code,
        }
    }
}

impl From<CardError> for Failure {
    fn from(e: CardError) -> Self {
        Failure::Card(e)
    }
}
