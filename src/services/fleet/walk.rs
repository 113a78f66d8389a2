//! Finding the inputs: files named on the command line, folders walked
//! for report files, standard input; and what is passed over, and why.

use std::path::{Path, PathBuf};

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
    pub reason: String,
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.origin, self.reason),
            None => write!(f, "{}: {}", self.origin, self.reason),
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
        reason: e.to_string(),
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
