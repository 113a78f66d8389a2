//! Finding the inputs: files named on the command line, folders walked
//! for report files, standard input; and what is passed over, and why.

use std::path::{Path, PathBuf};

use crate::base::lang::Lang;

/// Where reports come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File { path: PathBuf, size: u64 },
}

impl Input {
    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".into(),
            Input::File { path, .. } => path.display().to_string(),
        }
    }
}

/// Input passed over, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skip {
    /// The file (or `<stdin>`).
    pub origin: String,
    /// The line where the skipped document began, when known.
    pub line: Option<u64>,
    pub reason: SkipReason,
}

impl Skip {
    /// `origin:line: reason` in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let reason = self.reason.message(lang);
        match self.line {
            Some(line) => format!("{}:{line}: {reason}", self.origin),
            None => format!("{}: {reason}", self.origin),
        }
    }
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Why input was passed over: one variant per cause, told in both
/// languages (the library never words it for one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// The file could not be opened or read.
    Io(std::io::ErrorKind, String),
    /// Reading stopped part-way; the rest of the input is skipped.
    ReadFailed(std::io::ErrorKind, String),
    /// JSON without `schema_version`.
    NoSchemaVersion,
    /// A `schema_version` of another major version.
    OtherMajor(String),
    /// Not a card report, nor a document sithsctl writes.
    NotACardReport(String),
    /// JSON of the wrong shape (line and column in the input).
    NotAReport(usize, usize),
    /// Not JSON (line and column).
    NotJson(usize, usize),
    /// The input ends inside a document.
    CutShort,
    /// More documents skipped in this input than are told one by one.
    More(usize),
}

impl SkipReason {
    /// The reason in `lang`. An operating-system error is named by its
    /// kind where it is a common one, else given as the system said it.
    pub fn message(&self, lang: Lang) -> String {
        let io = |kind: std::io::ErrorKind, text: &str| match kind {
            std::io::ErrorKind::NotFound => lang.pick("finns inte", "not found").to_string(),
            std::io::ErrorKind::PermissionDenied => {
                lang.pick("åtkomst nekad", "permission denied").to_string()
            }
            _ => text.to_string(),
        };
        match self {
            SkipReason::Io(kind, text) => io(*kind, text),
            SkipReason::ReadFailed(kind, text) => format!(
                "{}: {}",
                lang.pick("läsfel, resten hoppas över", "read error, rest skipped"),
                io(*kind, text)
            ),
            SkipReason::NoSchemaVersion => lang
                .pick(
                    "ingen rapport från sithsctl (schema_version saknas)",
                    "not a sithsctl report (no schema_version)",
                )
                .to_string(),
            SkipReason::OtherMajor(v) => match lang {
                Lang::Sv => format!("schema_version {v} är inte 1.x (den här versionen läser 1.x)"),
                Lang::En => format!("schema_version {v} is not 1.x (this build reads 1.x)"),
            },
            SkipReason::NotACardReport(doc) => match lang {
                Lang::Sv => format!("ingen kortrapport (dokument {doc:?})"),
                Lang::En => format!("not a card report (document {doc:?})"),
            },
            SkipReason::NotAReport(line, column) => match lang {
                Lang::Sv => {
                    format!("ingen rapport från sithsctl (fel form, rad {line} kolumn {column})")
                }
                Lang::En => {
                    format!("not a sithsctl report (wrong shape, line {line} column {column})")
                }
            },
            SkipReason::NotJson(line, column) => match lang {
                Lang::Sv => format!("inte JSON (rad {line} kolumn {column})"),
                Lang::En => format!("not JSON (line {line} column {column})"),
            },
            SkipReason::CutShort => lang
                .pick("ett avbrutet dokument", "a document cut short")
                .to_string(),
            SkipReason::More(n) => match lang {
                Lang::Sv => format!("{n} dokument till hoppades över"),
                Lang::En => format!("{n} more documents skipped"),
            },
        }
    }
}

/// Extensions of the files read from a folder; other files there are
/// passed over silently (a README beside the reports is no error).
const REPORT_EXTENSIONS: &[&str] = &["json", "jsonl", "ndjson"];

/// Files named on the command line are read whatever their names; folders
/// are walked (sorted, recursively) for report files. A path that cannot
/// be read is a skip.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<Skip>) {
    let mut inputs = Vec::new();
    let mut skips = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        walk(path, true, &mut inputs, &mut skips);
    }
    (inputs, skips)
}

fn walk(path: &Path, named: bool, inputs: &mut Vec<Input>, skips: &mut Vec<Skip>) {
    match std::fs::metadata(path) {
        Ok(meta) => add(path, &meta, named, inputs, skips),
        Err(e) => skips.push(skip_of(path, e)),
    }
}

fn skip_of(path: &Path, e: std::io::Error) -> Skip {
    Skip {
        origin: path.display().to_string(),
        line: None,
        reason: SkipReason::Io(e.kind(), e.to_string()),
    }
}

fn is_report_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Adds the file or walks the folder at `path`, which is `meta`.
fn add(
    path: &Path,
    meta: &std::fs::Metadata,
    named: bool,
    inputs: &mut Vec<Input>,
    skips: &mut Vec<Skip>,
) {
    if meta.is_dir() {
        let mut entries: Vec<(PathBuf, std::fs::DirEntry)> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| (e.path(), e))).collect(),
            Err(e) => return skips.push(skip_of(path, e)),
        };
        // All in one folder: the paths sort as their names do.
        entries.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
        for (entry_path, entry) in entries {
            // The type read with the folder saves a look-up per file (a
            // folder of 100 000 reports); links are followed as before.
            match entry.file_type() {
                Ok(t) if t.is_file() => {
                    if is_report_file(&entry_path) {
                        match entry.metadata() {
                            Ok(meta) => add(&entry_path, &meta, false, inputs, skips),
                            Err(e) => skips.push(skip_of(&entry_path, e)),
                        }
                    }
                }
                _ => walk(&entry_path, false, inputs, skips),
            }
        }
    } else if named || is_report_file(path) {
        inputs.push(Input::File {
            path: path.to_path_buf(),
            size: meta.len(),
        });
    }
}
