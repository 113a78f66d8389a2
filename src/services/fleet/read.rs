//! Reading the inputs on several threads: small files handed out in runs
//! and read whole, large files and streams cut into blocks between
//! documents, with bounded memory; each job parsed into a batch of
//! observations for the folding thread.

use std::io::Read;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use super::fold::{fold, State};
use super::observation::{Batch, Observation};
use super::parse::{count_lines, parse_all};
use super::summary::{FleetInputs, FleetSummary};
use super::tally::Options;
use super::walk::{Input, Skip, SkipReason};

/// Files up to this size are read whole by a parsing thread; larger ones
/// (and standard input) are cut into blocks by the reading thread.
pub(super) const WHOLE_FILE: u64 = 8 << 20;
/// The size of a block read from a large file or a stream.
const BLOCK: usize = 4 << 20;
/// A single document larger than this is not a report: it is cut off and
/// reported, so a corrupt stream cannot make memory grow without end.
const MAX_DOCUMENT: usize = 64 << 20;
/// Small files are handed to a parsing thread in runs of up to this many
/// files or [`RUN_BYTES`]: one message per file made the threads spend more
/// time waking each other than parsing (a folder of 100 000 reports).
pub(super) const RUN_FILES: usize = 256;
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
                    reason: SkipReason::Io(e.kind(), e.to_string()),
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
                    reason: SkipReason::ReadFailed(e.kind(), e.to_string()),
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

/// Where the last document in `bytes` begins: a `{` first on its line,
/// which is where JSON Lines records and sithsctl's pretty documents
/// begin (a raw newline never occurs inside a JSON string, so this never
/// cuts a string; a foreign document cut in two is reported as skipped).
pub(super) fn last_document_start(bytes: &[u8]) -> Option<usize> {
    bytes.windows(2).rposition(|w| w == b"\n{").map(|p| p + 1)
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
            reason: SkipReason::Io(e.kind(), e.to_string()),
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
