//! Summaries of many reports, for `sithsctl fleet`: `inspect` and `check`
//! documents and `watch` records, as files, folders, JSON Lines or a
//! stream, of any 1.x schema version.
//!
//! Streaming and bounded: inputs are cut into documents as they are read,
//! parsed on every core, and folded into one small state per card (its
//! latest report only, reduced to what the summary needs). Memory grows
//! with the number of distinct cards, never with the number of reports.
//!
//! The library prints nothing: skipped input and progress are handed to
//! the caller's callbacks.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::report::{
    rfc3339, FleetAction, FleetCards, FleetCertificates, FleetInputs, FleetIssuerCount, FleetOrg,
    FleetOrgCount, FleetReason, FleetSummary,
};
use crate::understanding::findings::Verdict;
use crate::understanding::siths::hsa::HsaId;
use crate::understanding::siths::orgs::{Org, Registry};

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

/// What the summary is judged against.
#[derive(Clone, Debug)]
pub struct Options {
    /// Expiry is judged at this time.
    pub at: DateTime<Utc>,
    /// With `--org`: count the cards without its identification certificate.
    pub org: Option<Org>,
    /// For organisation names.
    pub registry: Registry,
    /// Parsing threads.
    pub threads: usize,
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

/// Files up to this size are read whole by a parsing thread; larger ones
/// (and standard input) are cut into blocks by the reading thread.
const WHOLE_FILE: u64 = 8 << 20;
/// The size of a block read from a large file or a stream.
const BLOCK: usize = 4 << 20;
/// A single document larger than this is not a report: it is cut off and
/// reported, so a corrupt stream cannot make memory grow without end.
const MAX_DOCUMENT: usize = 64 << 20;
/// Small files are handed to a parsing thread in runs of up to this many
/// files or [`RUN_BYTES`]: one message per file made the threads spend more
/// time waking each other than parsing (a folder of 100 000 reports).
const RUN_FILES: usize = 256;
/// See [`RUN_FILES`]: about 160 pretty `check` reports, small enough that
/// both threads stay busy to the end.
const RUN_BYTES: u64 = 1 << 20;

enum Job<'a> {
    /// Small files, each read whole by the parsing thread.
    Files(&'a [Input]),
    Block {
        bytes: Vec<u8>,
        origin: Arc<str>,
        first_line: u64,
    },
}

/// Reads every input and summarises it. `on_skip` hears of each input
/// passed over; `on_progress` of the bytes read so far (both are called
/// from several threads).
pub fn summarise(
    inputs: &[Input],
    options: &Options,
    on_skip: &(dyn Fn(&Skip) + Sync),
    on_progress: &(dyn Fn(u64) + Sync),
) -> FleetSummary {
    let threads = options.threads.max(1);
    let (job_tx, job_rx) = sync_channel::<Job>(threads * 2);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (obs_tx, obs_rx) = sync_channel::<Batch>(threads * 4);
    let inputs_count = FleetInputs {
        files: inputs.len() as u64,
        ..Default::default()
    };
    let state = std::thread::scope(|scope| {
        let aggregator = scope.spawn(move || fold(obs_rx));
        for _ in 0..threads {
            let job_rx = job_rx.clone();
            let obs_tx = obs_tx.clone();
            scope.spawn(move || work(&job_rx, &obs_tx, on_skip, on_progress));
        }
        drop(obs_tx);
        let mut rest = inputs;
        while let Some(first) = rest.first() {
            let run = small_file_run(rest);
            if run == 0 {
                produce(first, &job_tx, on_skip, on_progress);
                rest = &rest[1..];
            } else {
                let _ = job_tx.send(Job::Files(&rest[..run]));
                rest = &rest[run..];
            }
        }
        drop(job_tx);
        aggregator.join().unwrap_or_default()
    });
    state.summary(options, inputs_count)
}

/// How many of the first inputs are small files to be read whole, up to
/// [`RUN_FILES`] of them and about [`RUN_BYTES`].
fn small_file_run(inputs: &[Input]) -> usize {
    let mut bytes = 0u64;
    let mut n = 0;
    for input in inputs.iter().take(RUN_FILES) {
        match input {
            Input::File { size, .. } if *size <= WHOLE_FILE && bytes < RUN_BYTES => {
                bytes += size;
                n += 1;
            }
            _ => break,
        }
    }
    n
}

/// The summary of the reports in `bytes`, the contents of one report
/// file or stream, and what was passed over in it: the parser that
/// [`summarise`] runs on every input, on one thread, for the fuzz target
/// and tests.
pub fn summarise_bytes(bytes: &[u8], options: &Options) -> (FleetSummary, Vec<Skip>) {
    let skips = Mutex::new(Vec::new());
    let mut batch = Vec::new();
    let on_skip = |s: &Skip| {
        if let Ok(mut skips) = skips.lock() {
            skips.push(s.clone());
        }
    };
    parse_all(bytes, "<bytes>", 1, &on_skip, &mut batch);
    let mut state = State::default();
    state.fold(batch);
    let inputs = FleetInputs {
        files: 1,
        ..Default::default()
    };
    let summary = state.summary(options, inputs);
    (summary, skips.into_inner().unwrap_or_default())
}

/// Hands a large file or a stream to the parsing threads as blocks cut
/// between documents.
fn produce(
    input: &Input,
    jobs: &SyncSender<Job>,
    on_skip: &(dyn Fn(&Skip) + Sync),
    on_progress: &(dyn Fn(u64) + Sync),
) {
    let origin: Arc<str> = input.name().into();
    let reader: Box<dyn Read> = match input {
        Input::File { path, .. } => match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                return on_skip(&Skip {
                    origin: origin.to_string(),
                    line: None,
                    reason: e.to_string(),
                })
            }
        },
        Input::Stdin => Box::new(std::io::stdin().lock()),
    };
    cut_blocks(
        reader,
        &origin,
        on_skip,
        on_progress,
        |bytes, first_line| {
            let _ = jobs.send(Job::Block {
                bytes,
                origin: origin.clone(),
                first_line,
            });
        },
    );
}

/// Reads `reader` to its end in blocks cut where a document begins, and
/// gives each block with the number of its first line to `block`.
fn cut_blocks(
    mut reader: impl Read,
    origin: &str,
    on_skip: &(dyn Fn(&Skip) + Sync),
    on_progress: &(dyn Fn(u64) + Sync),
    mut block: impl FnMut(Vec<u8>, u64),
) {
    let mut pending: Vec<u8> = Vec::with_capacity(BLOCK * 2);
    let mut scanned = 0usize;
    let mut line = 1u64;
    let mut chunk = vec![0u8; BLOCK];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                on_skip(&Skip {
                    origin: origin.to_string(),
                    line: Some(line),
                    reason: format!("read error, rest skipped: {e}"),
                });
                break;
            }
        };
        on_progress(n as u64);
        pending.extend_from_slice(&chunk[..n]);
        let cut = last_document_start(&pending[scanned.saturating_sub(1)..])
            .map(|c| c + scanned.saturating_sub(1))
            .filter(|&c| c > 0);
        scanned = pending.len();
        let cut = match cut {
            Some(c) => c,
            None if pending.len() > MAX_DOCUMENT => pending.len(),
            None => continue,
        };
        let rest = pending.split_off(cut);
        let bytes = std::mem::replace(&mut pending, rest);
        let lines = count_lines(&bytes);
        block(bytes, line);
        line += lines;
        scanned = pending.len();
    }
    if pending.iter().any(|b| !b.is_ascii_whitespace()) {
        block(pending, line);
    }
}

fn count_lines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Where the last document in `bytes` begins: a `{` first on its line,
/// which is where JSON Lines records and sithsctl's pretty documents
/// begin (a raw newline never occurs inside a JSON string, so this never
/// cuts a string; a foreign document cut in two is reported as skipped).
fn last_document_start(bytes: &[u8]) -> Option<usize> {
    bytes.windows(2).rposition(|w| w == b"\n{").map(|p| p + 1)
}

/// Card observations from one job, sent together.
type Batch = Vec<Observation>;

/// What the summary keeps of one report.
#[derive(Debug)]
enum Observation {
    Card(CardObservation),
    /// A card that could not be read (a watch record or `error` document).
    Unreadable,
    /// A document that is not a card report.
    Ignored,
    /// Counted after a skip was reported.
    Skipped,
}

#[derive(Debug)]
struct CardObservation {
    key: Box<str>,
    card_number: Option<Box<str>>,
    host: Box<str>,
    time: i64,
    verdict: Verdict,
    checked: bool,
    passed: bool,
    certs: Vec<CertObservation>,
    /// Warn and fail finding codes, with `true` for fail.
    problems: Vec<(Box<str>, bool)>,
}

#[derive(Debug)]
struct CertObservation {
    not_before: i64,
    not_after: i64,
    role: RoleKind,
    issuer: Option<Box<str>>,
    org: Option<Box<str>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RoleKind {
    Identification,
    Signature,
    Other,
}

// What is read of a document: everything else is skipped unparsed into
// values (serde's IgnoredAny), which is most of the bytes.
#[derive(Deserialize)]
struct Doc<'a> {
    #[serde(borrow)]
    schema_version: Option<Cow<'a, str>>,
    #[serde(borrow)]
    document: Option<Cow<'a, str>>,
    #[serde(borrow)]
    host: Option<Cow<'a, str>>,
    #[serde(borrow)]
    generated_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    card_number: Option<Cow<'a, str>>,
    #[serde(borrow)]
    verdict: Option<Cow<'a, str>>,
    #[serde(borrow)]
    certificates: Option<Vec<CertIn<'a>>>,
    #[serde(borrow)]
    findings: Option<Vec<FindingIn<'a>>>,
    policy: Option<PolicyIn>,
    #[serde(borrow)]
    time: Option<Cow<'a, str>>,
    #[serde(borrow)]
    event: Option<Cow<'a, str>>,
    #[serde(borrow)]
    check: Option<WatchCheckIn<'a>>,
}

#[derive(Deserialize)]
struct CertIn<'a> {
    #[serde(borrow)]
    role: Option<Cow<'a, str>>,
    #[serde(borrow)]
    hsa_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    issuer: Option<IssuerIn<'a>>,
    #[serde(borrow)]
    not_before: Option<Cow<'a, str>>,
    #[serde(borrow)]
    not_after: Option<Cow<'a, str>>,
    #[serde(default)]
    is_ca: bool,
    #[serde(borrow)]
    sha256: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct IssuerIn<'a> {
    #[serde(borrow)]
    common_name: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct FindingIn<'a> {
    #[serde(borrow)]
    code: Cow<'a, str>,
    #[serde(borrow)]
    severity: Cow<'a, str>,
}

#[derive(Deserialize)]
struct PolicyIn {
    #[serde(default)]
    passed: bool,
}

#[derive(Deserialize)]
struct WatchCheckIn<'a> {
    #[serde(borrow)]
    verdict: Option<Cow<'a, str>>,
    #[serde(default)]
    passed: bool,
    #[serde(borrow)]
    card_number: Option<Cow<'a, str>>,
    #[serde(borrow)]
    findings: Option<Vec<FindingIn<'a>>>,
    #[serde(borrow)]
    certificates: Option<Vec<CertIn<'a>>>,
}

/// A parsing thread: takes jobs until there are none.
fn work(
    jobs: &Mutex<Receiver<Job>>,
    out: &SyncSender<Batch>,
    on_skip: &(dyn Fn(&Skip) + Sync),
    on_progress: &(dyn Fn(u64) + Sync),
) {
    // One buffer for every small file this thread reads.
    let mut buffer = Vec::new();
    loop {
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        let mut batch = Vec::new();
        match job {
            Job::Files(files) => {
                let mut read = 0u64;
                for input in files {
                    if let Input::File { path, .. } = input {
                        read += read_small_file(
                            path,
                            &mut buffer,
                            &mut batch,
                            out,
                            on_skip,
                            on_progress,
                        );
                    }
                }
                on_progress(read);
            }
            Job::Block {
                bytes,
                origin,
                first_line,
            } => parse_all(&bytes, &origin, first_line, on_skip, &mut batch),
        }
        if out.send(batch).is_err() {
            return;
        }
    }
}

/// Reads a file that was small when the folder was walked into `buffer`
/// and parses it into `batch`; returns the bytes read. One that is larger
/// now (it grew, or it is a device or a pipe that told no size) is read
/// on in blocks, with bounded memory.
fn read_small_file(
    path: &Path,
    buffer: &mut Vec<u8>,
    batch: &mut Batch,
    out: &SyncSender<Batch>,
    on_skip: &(dyn Fn(&Skip) + Sync),
    on_progress: &(dyn Fn(u64) + Sync),
) -> u64 {
    let origin = || path.display().to_string();
    let failed = |e: std::io::Error, batch: &mut Batch| {
        on_skip(&Skip {
            origin: origin(),
            line: None,
            reason: e.to_string(),
        });
        batch.push(Observation::Skipped);
    };
    buffer.clear();
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            failed(e, batch);
            return 0;
        }
    };
    if let Err(e) = (&mut file).take(WHOLE_FILE + 1).read_to_end(buffer) {
        failed(e, batch);
        return 0;
    }
    if buffer.len() as u64 <= WHOLE_FILE {
        parse_all(buffer, &origin(), 1, on_skip, batch);
        return buffer.len() as u64;
    }
    let origin = origin();
    let start = std::io::Cursor::new(std::mem::take(buffer));
    cut_blocks(
        start.chain(file),
        &origin,
        on_skip,
        on_progress,
        |bytes, first_line| {
            let mut blocks = Vec::new();
            parse_all(&bytes, &origin, first_line, on_skip, &mut blocks);
            let _ = out.send(blocks);
        },
    );
    0
}

/// Parses every document in `bytes`. After a document that is not JSON,
/// parsing starts again at the next line that opens a document (`{` in
/// the first column), which is where JSON Lines records and sithsctl's
/// pretty documents begin. Each skip is reported; at most the first few
/// of one job in full.
fn parse_all(
    bytes: &[u8],
    origin: &str,
    first_line: u64,
    on_skip: &(dyn Fn(&Skip) + Sync),
    batch: &mut Batch,
) {
    /// Skips told in full per input or block; the rest are summed up in
    /// one message.
    const TOLD: usize = 3;
    let mut skipped = 0usize;
    let mut skip = |at: usize, reason: String, batch: &mut Batch| {
        skipped += 1;
        batch.push(Observation::Skipped);
        if skipped <= TOLD {
            on_skip(&Skip {
                origin: origin.to_string(),
                line: Some(first_line + count_lines(&bytes[..at.min(bytes.len())])),
                reason,
            });
        }
    };
    // A file written by Windows PowerShell 5 (`Out-File -Encoding utf8`)
    // starts with a byte-order mark.
    let mut pos = if first_line == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    while pos < bytes.len() {
        let mut stream = serde_json::Deserializer::from_slice(&bytes[pos..]).into_iter::<Doc>();
        let mut start = pos;
        let mut failed = None;
        while let Some(item) = stream.next() {
            match item {
                Ok(doc) => match observe(doc) {
                    Ok(o) => batch.push(o),
                    Err(reason) => skip(start, reason, batch),
                },
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
            start = pos + skip_whitespace(&bytes[pos..], stream.byte_offset());
        }
        let Some(e) = failed else { break };
        let at = pos + skip_whitespace(&bytes[pos..], stream.byte_offset());
        let reason = if e.is_eof() {
            "a document cut short".to_string()
        } else if e.is_data() {
            format!("not a sithsctl report ({e})")
        } else {
            format!("not JSON ({e})")
        };
        skip(at, reason, batch);
        pos = match find_next_document(bytes, at + 1) {
            Some(next) => next,
            None => break,
        };
    }
    if skipped > TOLD {
        on_skip(&Skip {
            origin: origin.to_string(),
            line: None,
            reason: format!("{} more documents skipped", skipped - TOLD),
        });
    }
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && bytes[at].is_ascii_whitespace() {
        at += 1;
    }
    at
}

/// The start of the next line at or after `from` that begins with `{`.
fn find_next_document(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        let nl = bytes[i..].iter().position(|&b| b == b'\n')? + i;
        if bytes.get(nl + 1) == Some(&b'{') {
            return Some(nl + 1);
        }
        i = nl + 1;
    }
    None
}

/// The organisation number in an HSA-ID: `SE` + 10 digits + `-` read at
/// once (nearly every ID), anything else through the full parser.
fn org_number_of(hsa_id: &str) -> Option<String> {
    let b = hsa_id.as_bytes();
    if b.len() > 13
        && b.starts_with(b"SE")
        && b[12] == b'-'
        && b[2..12].iter().all(u8::is_ascii_digit)
    {
        return Some(hsa_id[2..12].to_string());
    }
    HsaId::lenient(hsa_id).org_number
}

fn time_of(text: Option<&str>) -> i64 {
    text.and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp())
        .unwrap_or(i64::MIN)
}

fn verdict_of(text: Option<&str>) -> Result<Verdict, String> {
    match text {
        Some("pass") => Ok(Verdict::Pass),
        Some("warn") => Ok(Verdict::Warn),
        Some("fail") => Ok(Verdict::Fail),
        other => Err(format!("unknown verdict {other:?}")),
    }
}

/// What one document contributes, or why it is skipped.
fn observe(doc: Doc) -> Result<Observation, String> {
    let version = doc
        .schema_version
        .as_deref()
        .ok_or("not a sithsctl report (no schema_version)")?;
    if !version.starts_with("1.") {
        return Err(format!(
            "schema_version {version} is not 1.x (this build reads 1.x)"
        ));
    }
    let document = doc.document.as_deref().unwrap_or_default();
    let host: Box<str> = doc.host.as_deref().unwrap_or("-").into();
    let (verdict, checked, passed, card_number, certs, findings, time) = match document {
        "inspect" | "check" => (
            doc.verdict,
            document == "check",
            doc.policy.as_ref().is_some_and(|p| p.passed),
            doc.card_number,
            doc.certificates.unwrap_or_default(),
            doc.findings.unwrap_or_default(),
            time_of(doc.generated_at.as_deref()),
        ),
        "watch" => {
            if doc.event.as_deref() != Some("card_inserted") {
                return Ok(Observation::Ignored);
            }
            let Some(check) = doc.check else {
                return Ok(Observation::Unreadable);
            };
            (
                check.verdict,
                true,
                check.passed,
                check.card_number,
                check.certificates.unwrap_or_default(),
                check.findings.unwrap_or_default(),
                time_of(doc.time.as_deref().or(doc.generated_at.as_deref())),
            )
        }
        "error" => return Ok(Observation::Unreadable),
        // Every other document sithsctl writes (`order-info` too) is no
        // card report, and no error either.
        other if crate::report::document_since(other).is_some() => return Ok(Observation::Ignored),
        other => return Err(format!("not a card report (document {other:?})")),
    };
    let verdict = verdict_of(verdict.as_deref())?;
    // Without a card number a card is known by its first certificate.
    let key: Box<str> = match (
        &card_number,
        certs.first().and_then(|c| c.sha256.as_deref()),
    ) {
        (Some(n), _) => n.as_ref().into(),
        (None, Some(sha)) => format!("sha256:{sha}").into(),
        (None, None) => format!("{host}|{time}").into(),
    };
    let certs: Vec<CertObservation> = certs
        .iter()
        .filter(|c| !c.is_ca)
        .map(|c| CertObservation {
            not_before: time_of(c.not_before.as_deref()),
            not_after: time_of(c.not_after.as_deref()),
            role: match c.role.as_deref() {
                Some("identification") => RoleKind::Identification,
                Some("signature") => RoleKind::Signature,
                _ => RoleKind::Other,
            },
            issuer: c
                .issuer
                .as_ref()
                .and_then(|i| i.common_name.as_deref())
                .map(Into::into),
            org: c.hsa_id.as_deref().and_then(org_number_of).map(Into::into),
        })
        .collect();
    Ok(Observation::Card(CardObservation {
        key,
        card_number: card_number.map(|n| n.as_ref().into()),
        host,
        time,
        verdict,
        checked,
        passed,
        certs,
        problems: findings
            .iter()
            .filter(|f| f.severity == "warn" || f.severity == "fail")
            .map(|f| (f.code.as_ref().into(), f.severity == "fail"))
            .collect(),
    }))
}

/// Names (hosts, issuers, organisation numbers, finding codes) kept once.
#[derive(Default)]
struct Interner {
    names: Vec<Box<str>>,
    index: HashMap<Box<str>, u32>,
}

/// No name.
const NONE: u32 = u32::MAX;

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.into());
        self.index.insert(name.into(), id);
        id
    }

    fn opt(&mut self, name: Option<&str>) -> u32 {
        name.map_or(NONE, |n| self.id(n))
    }

    fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", |n| n)
    }
}

/// One card, by its latest report, reduced to what the summary needs.
struct CardState {
    card_number: Option<Box<str>>,
    host: u32,
    time: i64,
    verdict: Verdict,
    checked: bool,
    passed: bool,
    certs: Vec<CertState>,
    /// Finding codes (interned), with `true` for fail.
    problems: Vec<(u32, bool)>,
}

struct CertState {
    not_before: i64,
    not_after: i64,
    role: RoleKind,
    issuer: u32,
    org: u32,
}

fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Pass => 0,
        Verdict::Warn => 1,
        Verdict::Fail => 2,
    }
}

#[derive(Default)]
struct State {
    cards: HashMap<Box<str>, CardState>,
    names: Interner,
    reports: u64,
    ignored: u64,
    skipped: u64,
    unreadable: u64,
}

/// The aggregating thread: folds every observation into the per-card state.
fn fold(rx: Receiver<Batch>) -> State {
    let mut state = State::default();
    for batch in rx {
        state.fold(batch);
    }
    state
}

impl State {
    fn fold(&mut self, batch: Batch) {
        for o in batch {
            match o {
                Observation::Card(c) => self.add(c),
                Observation::Unreadable => self.unreadable += 1,
                Observation::Ignored => self.ignored += 1,
                Observation::Skipped => self.skipped += 1,
            }
        }
    }

    fn add(&mut self, c: CardObservation) {
        self.reports += 1;
        // The latest report of a card wins; on a tie the worse verdict, so
        // the outcome does not depend on the order threads finish in.
        if let Some(old) = self.cards.get(&c.key) {
            if (old.time, rank(old.verdict)) >= (c.time, rank(c.verdict)) {
                return;
            }
        }
        let names = &mut self.names;
        let card = CardState {
            card_number: c.card_number,
            host: names.id(&c.host),
            time: c.time,
            verdict: c.verdict,
            checked: c.checked,
            passed: c.passed,
            certs: c
                .certs
                .iter()
                .map(|x| CertState {
                    not_before: x.not_before,
                    not_after: x.not_after,
                    role: x.role,
                    issuer: names.opt(x.issuer.as_deref()),
                    org: names.opt(x.org.as_deref()),
                })
                .collect(),
            problems: c
                .problems
                .iter()
                .map(|(code, fail)| (names.id(code), *fail))
                .collect(),
        };
        self.cards.insert(c.key, card);
    }

    fn summary(self, options: &Options, mut inputs: FleetInputs) -> FleetSummary {
        const DAY: i64 = 86_400;
        /// A certificate counts as expiring within this many days.
        const EXPIRING_DAYS: i64 = 30;
        let at = options.at.timestamp();
        inputs.reports = self.reports;
        inputs.ignored = self.ignored;
        inputs.skipped += self.skipped;
        let mut cards = FleetCards {
            unreadable_reads: self.unreadable,
            ..Default::default()
        };
        let mut certs = FleetCertificates::default();
        let mut org_count: HashMap<u32, (u64, u64)> = HashMap::new();
        let mut issuer_count: HashMap<u32, u64> = HashMap::new();
        let mut org_with = 0u64;
        let mut org_missing = 0u64;
        let mut actions = Vec::new();
        let wanted_org = options.org.as_ref().map(|o| o.number.as_str());
        for (key, card) in &self.cards {
            cards.total += 1;
            let pin_blocked = |(code, _): &(u32, bool)| {
                matches!(
                    self.names.name(*code),
                    "pin_blocked" | "pin_blocked_required"
                )
            };
            if card.problems.iter().any(pin_blocked) {
                cards.pin_blocked += 1;
            }
            match card.verdict {
                Verdict::Pass => cards.pass += 1,
                Verdict::Warn => cards.warn += 1,
                Verdict::Fail => cards.fail += 1,
            }
            if card.checked {
                cards.checked += 1;
                if card.passed {
                    cards.passed += 1;
                }
            }
            let mut orgs_here: Vec<u32> = Vec::new();
            let mut has_org_cert = false;
            for c in &card.certs {
                certs.total += 1;
                // An end date that could not be read (`i64::MIN`) counts
                // as ended: saturating, so it cannot wrap round to valid.
                let left = c.not_after.saturating_sub(at);
                if c.not_before > at {
                    certs.not_yet_valid += 1;
                } else if left < 0 {
                    certs.expired += 1;
                } else {
                    if left <= EXPIRING_DAYS * DAY {
                        certs.expiring += 1;
                    } else {
                        certs.valid += 1;
                    }
                    if left <= 30 * DAY {
                        certs.expiring_within_30_days += 1;
                    }
                    if left <= 60 * DAY {
                        certs.expiring_within_60_days += 1;
                    }
                    if left <= 90 * DAY {
                        certs.expiring_within_90_days += 1;
                    }
                }
                if c.issuer != NONE {
                    *issuer_count.entry(c.issuer).or_default() += 1;
                }
                if c.org != NONE {
                    org_count.entry(c.org).or_default().1 += 1;
                    if !orgs_here.contains(&c.org) {
                        orgs_here.push(c.org);
                    }
                    if c.role == RoleKind::Identification
                        && c.not_before <= at
                        && left >= 0
                        && Some(self.names.name(c.org)) == wanted_org
                    {
                        has_org_cert = true;
                    }
                }
            }
            for o in orgs_here {
                org_count.entry(o).or_default().0 += 1;
            }
            let mut reasons: Vec<FleetReason> = Vec::new();
            for &(code, fail) in &card.problems {
                let code = self.names.name(code).to_string();
                if reasons.iter().any(|r| r.code == code) {
                    continue;
                }
                reasons.push(FleetReason {
                    detail: format!(
                        "{} finding in the report (see docs/findings.md)",
                        if fail { "failing" } else { "warning" }
                    ),
                    code,
                });
            }
            // Per role, the certificate that lasts longest decides: an old
            // one beside its renewal needs nothing done.
            for (role, word) in [
                (RoleKind::Identification, "identification"),
                (RoleKind::Signature, "signature"),
            ] {
                let of_role: Vec<&CertState> =
                    card.certs.iter().filter(|c| c.role == role).collect();
                let Some(best) = of_role.iter().map(|c| c.not_after).max() else {
                    continue;
                };
                let left = best.saturating_sub(at);
                if best == i64::MIN {
                    reasons.push(FleetReason {
                        code: "expired".into(),
                        detail: format!(
                            "no valid {word} certificate: the end date in the report could not be read"
                        ),
                    });
                } else if left < 0 {
                    reasons.push(FleetReason {
                        code: "expired".into(),
                        detail: format!(
                            "no valid {word} certificate: the last one ended {}",
                            day(best)
                        ),
                    });
                } else if left <= EXPIRING_DAYS * DAY {
                    reasons.push(FleetReason {
                        code: "expiring".into(),
                        detail: format!(
                            "{word} certificate ends {} (in {} days)",
                            day(best),
                            left / DAY
                        ),
                    });
                }
            }
            if let Some(org) = &options.org {
                if has_org_cert {
                    org_with += 1;
                } else {
                    org_missing += 1;
                    reasons.push(FleetReason {
                        code: "missing_org_certificate".into(),
                        detail: format!(
                            "no valid identification certificate for {} ({})",
                            org.name, org.number
                        ),
                    });
                }
            }
            if !reasons.is_empty() {
                actions.push(FleetAction {
                    card_number: card.card_number.as_deref().unwrap_or(key).to_string(),
                    host: self.names.name(card.host).to_string(),
                    seen_at: timestamp(card.time),
                    verdict: card.verdict,
                    reasons,
                });
            }
        }
        actions.sort_by(|a, b| a.card_number.cmp(&b.card_number));
        let mut organisations: Vec<FleetOrgCount> = org_count
            .into_iter()
            .map(|(id, (cards, certificates))| {
                let number = self.names.name(id).to_string();
                FleetOrgCount {
                    name: options.registry.by_number(&number).map(|o| o.name.clone()),
                    number,
                    cards,
                    certificates,
                }
            })
            .collect();
        organisations.sort_by(|a, b| b.cards.cmp(&a.cards).then(a.number.cmp(&b.number)));
        let mut issuers: Vec<FleetIssuerCount> = issuer_count
            .into_iter()
            .map(|(id, certificates)| FleetIssuerCount {
                common_name: self.names.name(id).to_string(),
                certificates,
            })
            .collect();
        issuers.sort_by(|a, b| {
            b.certificates
                .cmp(&a.certificates)
                .then(a.common_name.cmp(&b.common_name))
        });
        FleetSummary {
            at: rfc3339(options.at),
            inputs,
            cards,
            certificates: certs,
            org: options.org.as_ref().map(|o| FleetOrg {
                number: o.number.clone(),
                name: o.name.clone(),
                cards_with_certificate: org_with,
                cards_missing_certificate: org_missing,
            }),
            organisations,
            issuers,
            needs_action: actions,
        }
    }
}

fn timestamp(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(rfc3339)
        .unwrap_or_default()
}

fn day(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (FleetSummary, Vec<Skip>) {
        let skips = Mutex::new(Vec::new());
        let dir = tempfile_dir();
        let path = dir.join("r.jsonl");
        std::fs::write(&path, text).unwrap();
        let (inputs, _) = expand(std::slice::from_ref(&path));
        let options = Options {
            at: "2026-11-24T00:00:00Z".parse().unwrap(),
            org: None,
            registry: Registry::builtin(),
            threads: 2,
        };
        let s = summarise(
            &inputs,
            &options,
            &|s| skips.lock().unwrap().push(s.clone()),
            &|_| {},
        );
        let _ = std::fs::remove_dir_all(&dir);
        (s, skips.into_inner().unwrap())
    }

    fn tempfile_dir() -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "sithsctl-fleet-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    const CHECK: &str = r#"{"schema_version":"1.1.0","document":"check","host":"ws1","generated_at":"2026-11-01T00:00:00Z","card_number":"9752","verdict":"pass","policy":{"passed":true},"findings":[],"certificates":[{"role":"identification","hsa_id":"SE2321000057-A1","issuer":{"common_name":"CA 1"},"not_before":"2025-01-01T00:00:00Z","not_after":"2026-12-10T00:00:00Z","is_ca":false,"sha256":"aa"}]}"#;

    #[test]
    fn latest_report_wins_and_expiry_is_judged_at_the_given_time() {
        let older = CHECK
            .replace("2026-11-01T00", "2026-10-01T00")
            .replace("\"pass\"", "\"fail\"");
        let text = format!(
            "{older}
{CHECK}
"
        );
        let (s, skips) = run(&text);
        assert!(skips.is_empty(), "{skips:?}");
        assert_eq!(s.inputs.reports, 2);
        assert_eq!((s.cards.total, s.cards.pass, s.cards.fail), (1, 1, 0));
        assert_eq!(s.certificates.expiring_within_30_days, 1);
        assert_eq!(s.needs_action.len(), 1);
        assert_eq!(s.needs_action[0].reasons[0].code, "expiring");
        assert_eq!(s.organisations[0].number, "2321000057");
        assert_eq!(s.issuers[0].common_name, "CA 1");
    }

    #[test]
    fn broken_and_foreign_lines_are_skipped_and_the_rest_counted() {
        let other = CHECK.replace("9752", "9753");
        let text = format!("{CHECK}\n{{\"schema_version\": \n{{\"foo\":1}}\n{other}\n");
        let (s, skips) = run(&text);
        assert_eq!(s.cards.total, 2, "{skips:?}");
        assert_eq!(skips.len(), 2, "{skips:?}");
        assert_eq!(skips[0].line, Some(2));
        assert_eq!(skips[1].line, Some(3));
        assert_eq!(s.inputs.skipped, 2);
    }

    fn options() -> Options {
        Options {
            at: "2026-11-24T00:00:00Z".parse().unwrap(),
            org: None,
            registry: Registry::builtin(),
            threads: 2,
        }
    }

    #[test]
    fn a_folder_of_many_pretty_files_is_read_in_runs_and_counted_once_each() {
        let dir = tempfile_dir();
        let pretty = |number: &str| {
            let v: serde_json::Value =
                serde_json::from_str(&CHECK.replace("9752", number)).unwrap();
            serde_json::to_string_pretty(&v).unwrap() + "\n"
        };
        // More files than one run holds, in two folders, with a broken
        // file, a README and a JSON Lines file among them.
        for i in 0..(RUN_FILES + 40) {
            let sub = dir.join(if i % 2 == 0 { "a" } else { "b" });
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("{i}.json")), pretty(&format!("1{i:04}"))).unwrap();
        }
        std::fs::write(dir.join("a/broken.json"), "{\"schema_version\": ").unwrap();
        std::fs::write(dir.join("a/README.md"), "not a report").unwrap();
        std::fs::write(
            dir.join("b/more.jsonl"),
            format!("{CHECK}\n{}\n", CHECK.replace("9752", "9")),
        )
        .unwrap();
        let (inputs, not_found) = expand(std::slice::from_ref(&dir));
        assert!(not_found.is_empty(), "{not_found:?}");
        assert_eq!(inputs.len(), RUN_FILES + 42);
        let skips = Mutex::new(Vec::new());
        let read = std::sync::atomic::AtomicU64::new(0);
        let s = summarise(
            &inputs,
            &options(),
            &|s| skips.lock().unwrap().push(s.clone()),
            &|n| {
                read.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
            },
        );
        let total: u64 = inputs
            .iter()
            .map(|i| match i {
                Input::File { size, .. } => *size,
                Input::Stdin => 0,
            })
            .sum();
        let _ = std::fs::remove_dir_all(&dir);
        let skips = skips.into_inner().unwrap();
        assert_eq!(skips.len(), 1, "{skips:?}");
        assert!(skips[0].origin.ends_with("broken.json"), "{skips:?}");
        assert_eq!(s.inputs.files, (RUN_FILES + 42) as u64);
        assert_eq!(s.inputs.reports, (RUN_FILES + 42) as u64);
        assert_eq!(s.inputs.skipped, 1);
        assert_eq!(s.cards.total, (RUN_FILES + 42) as u64);
        assert_eq!(read.into_inner(), total);
    }

    #[test]
    fn a_file_larger_than_when_the_folder_was_walked_is_read_in_blocks() {
        let dir = tempfile_dir();
        let path = dir.join("grew.jsonl");
        let line = format!("{CHECK}\n");
        let copies = (WHOLE_FILE as usize / line.len()) + 2;
        std::fs::write(&path, line.repeat(copies)).unwrap();
        let inputs = [Input::File {
            path: path.clone(),
            size: 10,
        }];
        let s = summarise(&inputs, &options(), &|s| panic!("{s}"), &|_| {});
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(s.inputs.reports, copies as u64);
        assert_eq!(s.cards.total, 1);
    }

    #[test]
    fn other_sithsctl_documents_are_ignored_not_skipped() {
        let text = ["readers", "certs", "orgs", "doctor", "fleet", "order-info"]
            .map(|d| format!("{{\"schema_version\":\"1.2.0\",\"document\":\"{d}\"}}\n"))
            .concat();
        let (s, skips) = run(&text);
        assert!(skips.is_empty(), "{skips:?}");
        assert_eq!((s.inputs.ignored, s.inputs.skipped), (6, 0));
    }

    /// Found by the `report` fuzz target: an end date that does not parse
    /// overflowed `not_after - at` (and in a release build wrapped round,
    /// so the certificate counted as valid).
    #[test]
    fn a_certificate_whose_end_date_cannot_be_read_counts_as_ended() {
        let text = CHECK.replace("2026-12-10T00:00:00Z", "2026-12-1T000:00:00Z") + "\n";
        let (s, skips) = run(&text);
        assert!(skips.is_empty(), "{skips:?}");
        assert_eq!((s.certificates.total, s.certificates.expired), (1, 1));
        assert_eq!(s.certificates.expiring_within_90_days, 0);
        assert_eq!(s.needs_action.len(), 1);
        let reason = &s.needs_action[0].reasons[0];
        assert_eq!(reason.code, "expired");
        assert!(reason.detail.contains("could not be read"), "{reason:?}");
    }

    #[test]
    fn blocks_are_cut_where_a_document_begins() {
        let text = b"{\"a\":\"}{\"}\n{\"b\":[1,\n  {}]}\n{\"c\":";
        let cut = last_document_start(text).unwrap();
        assert_eq!(&text[cut..], b"{\"c\":");
        assert_eq!(last_document_start(b"{\"a\": 1"), None);
    }
}
