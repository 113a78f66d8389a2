//! Dynamic shell completion (`source <(COMPLETE=bash sithsctl)`): the
//! flags as in the static scripts, and for `--reader` the readers PC/SC
//! lists right now. Never touches a card: only the reader list and the
//! slot states, within a short time bound.

use std::ffi::OsStr;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Duration;

use clap_complete::engine::CompletionCandidate;

use crate::reading::card::pcsc::{Pcsc, ReaderInfo};
use crate::reading::read::with_deadline;

/// How long completion may wait for pcscd (plus the deadline's own half
/// second of grace): a shell that hangs on Tab is worse than no names.
const LIST_READERS_TIMEOUT: Duration = Duration::from_millis(300);

/// The shell asking (`COMPLETE`'s value), noted before clap_complete
/// clears the variable: bash inserts candidates as typed, so names with
/// spaces must come escaped for it; the other shells quote themselves.
static SHELL: OnceLock<String> = OnceLock::new();

/// Answers a completion request when `COMPLETE` is set, with the exit
/// code to end with; `None` at once otherwise. Like
/// `CompleteEnv::complete()`, but returning instead of exiting.
pub fn complete_if_asked() -> Option<ExitCode> {
    use clap::CommandFactory;
    if let Some(shell) = std::env::var_os("COMPLETE") {
        let shell = std::path::Path::new(&shell)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let _ = SHELL.set(shell);
    }
    let current_dir = std::env::current_dir().ok();
    match clap_complete::CompleteEnv::with_factory(super::Cli::command)
        .try_complete(std::env::args_os(), current_dir.as_deref())
    {
        Ok(false) => None,
        Ok(true) => Some(ExitCode::SUCCESS),
        Err(e) => {
            let _ = e.print();
            Some(ExitCode::from(e.exit_code() as u8))
        }
    }
}

/// The readers PC/SC lists now, or none when the service does not answer
/// in time.
fn readers_now() -> Vec<ReaderInfo> {
    with_deadline(LIST_READERS_TIMEOUT, "listing readers", || {
        Pcsc::establish()?.readers()
    })
    .unwrap_or_default()
}

/// Candidates for `--reader`: each reader's index and name (as `--reader`
/// takes them), the name matched case-insensitively anywhere, like
/// `--reader` itself.
pub fn reader_candidates(current: &OsStr) -> Vec<CompletionCandidate> {
    let bash = SHELL.get().is_some_and(|s| s == "bash");
    let typed = current.to_string_lossy();
    let quote = typed
        .chars()
        .next()
        .filter(|c| bash && (*c == '"' || *c == '\''));
    let wanted = typed
        .trim_start_matches(['"', '\''])
        .replace('\\', "")
        .to_lowercase();
    let readers = readers_now();
    let mut out = Vec::new();
    for r in &readers {
        let index = r.index.to_string();
        if index.starts_with(&wanted) {
            out.push(CompletionCandidate::new(index).help(Some(r.name.clone().into())));
        }
    }
    for r in &readers {
        if !r.name.to_lowercase().contains(&wanted) {
            continue;
        }
        let value = match (bash, quote) {
            (true, Some(q)) => format!("{q}{}{q}", r.name),
            (true, None) => bash_escape(&r.name),
            (false, _) => r.name.clone(),
        };
        out.push(CompletionCandidate::new(value).help(Some(
            format!("{}, {}", r.index, r.state.text(crate::base::lang::Lang::En)).into(),
        )));
    }
    out
}

/// A word bash reads back as `text`: every character outside a safe set
/// behind a backslash.
fn bash_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !(c.is_alphanumeric() || "-_.,:/+@%=".contains(c)) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::bash_escape;

    #[test]
    fn bash_escape_keeps_a_reader_name_one_word() {
        assert_eq!(bash_escape("Virtual PCD 00 00"), r"Virtual\ PCD\ 00\ 00");
        assert_eq!(
            bash_escape("OMNIKEY 3x21 [Reader (1)]"),
            r"OMNIKEY\ 3x21\ \[Reader\ \(1\)\]"
        );
    }
}
