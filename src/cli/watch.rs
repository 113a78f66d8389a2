//! `sithsctl watch`: follow readers and cards, check every card inserted
//! with the same policy as `check`, one line (or JSON record) per card.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;

use super::args::WatchArgs;
use super::output::{write_stdout, Context};
use super::render::{paint, Paint};
use super::{check, Exit, Failure};
use crate::base::lang::Lang;
use crate::reading::read::Source;
use crate::report::{rfc3339, ErrorBody, Meta, WatchCheck, WatchEvent, WatchRecord};
use crate::services::watch::{Change, Watcher};

/// How long one look waits for a change: also how soon Ctrl-C and `--for`
/// are noticed.
const POLL: Duration = Duration::from_millis(500);
/// How long the service may stay away before watch gives up (exit 3).
const GIVE_UP: Duration = Duration::from_secs(600);

pub fn run(args: &WatchArgs, ctx: &Context) -> Result<Exit, Failure> {
    if ctx.json || args.append.is_some() {
        ctx.require_document("watch")?;
    }
    // Fail on a bad --org or inventory now, not at the first card.
    check::resolve_policy(&args.policy, ctx)?;
    let mut append = match &args.append {
        Some(path) => Some(open_append(path)?),
        None => None,
    };
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // A second handler cannot be set (tests call `run` once per process).
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let deadline = args
        .for_seconds
        .map(|s| Instant::now() + Duration::from_secs(s));
    let mut watcher = Watcher::new(GIVE_UP);
    let mut cards = 0u64;
    let lang = ctx.lang;
    loop {
        if stop.load(Ordering::SeqCst) || args.count.is_some_and(|n| cards >= n) {
            break;
        }
        let wait = match deadline {
            Some(d) => match d.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => left.min(POLL),
                _ => break,
            },
            None => POLL,
        };
        let changes = watcher.poll(wait).map_err(Failure::Card)?;
        for change in changes {
            let record = match change {
                Change::ServiceLost { error } => {
                    note(&format!(
                        "{}: {error}; {}",
                        lang.pick(
                            "Korttjänsten svarar inte",
                            "The smart card service stopped answering"
                        ),
                        lang.pick("försöker ansluta igen", "reconnecting")
                    ));
                    continue;
                }
                Change::ServiceBack => {
                    note(lang.pick(
                        "Ansluten till korttjänsten igen.",
                        "Reconnected to the smart card service.",
                    ));
                    continue;
                }
                Change::ReaderAdded { reader } => event(WatchEvent::ReaderAdded, reader),
                Change::ReaderRemoved { reader } => event(WatchEvent::ReaderRemoved, reader),
                Change::CardRemoved { reader } => event(WatchEvent::CardRemoved, reader),
                Change::CardInserted { reader } => {
                    if args.count.is_some_and(|n| cards >= n) {
                        continue;
                    }
                    cards += 1;
                    check_card(args, ctx, reader)
                }
            };
            emit(&record, ctx, append.as_mut(), args.kiosk)?;
        }
    }
    Ok(Exit::Ok)
}

/// A record without a check.
fn event(event: WatchEvent, reader: String) -> WatchRecord {
    let now = Utc::now();
    WatchRecord {
        meta: Meta::new("watch", now),
        time: rfc3339(now),
        reader,
        event,
        check: None,
        error: None,
    }
}

/// Reads and checks the card in `reader`, judged now (or at `--at`).
fn check_card(args: &WatchArgs, ctx: &Context, reader: String) -> WatchRecord {
    let mut card_ctx = ctx.clone();
    card_ctx.now = Utc::now();
    if !ctx.view_fixed {
        card_ctx.view.now = card_ctx.now;
    }
    let source = Source::Pcsc {
        reader: Some(reader.clone()),
    };
    let mut record = event(WatchEvent::CardInserted, reader);
    match check::build(&args.policy, &card_ctx, &source) {
        Ok(report) => record.check = Some(WatchCheck::new(&report)),
        Err(failure) => {
            record.error = Some(ErrorBody {
                code: failure.code().to_string(),
                exit_code: failure.exit() as u8,
                message: failure.message(ctx.lang),
                hint: failure.hint(ctx.lang),
            })
        }
    }
    record
}

/// Prints a record (a line of text for card records, JSON with `--json`)
/// and appends it to the `--append` file.
fn emit(
    record: &WatchRecord,
    ctx: &Context,
    append: Option<&mut std::fs::File>,
    kiosk: bool,
) -> Result<(), Failure> {
    if ctx.json {
        write_stdout(&ctx.json_line(record)?);
    } else if kiosk {
        write_stdout(&super::kiosk::show(record, ctx));
    } else {
        // Card lines go to standard output, the others are notes on
        // standard error: each coloured as its stream allows.
        let colour = match record.event {
            WatchEvent::CardInserted => ctx.out.colour,
            _ => ctx.err.colour,
        };
        let line = text_line(record, ctx.lang, colour);
        match record.event {
            WatchEvent::CardInserted => write_stdout(&line),
            _ => note(line.trim_end()),
        }
    }
    if let Some(file) = append {
        let line = ctx.json_line(record)?;
        // One write of the whole line, then to the disk: a crash leaves
        // whole records only.
        file.write_all(line.as_bytes())
            .and_then(|_| file.sync_data())
            .map_err(|e| Failure::Other {
                exit: Exit::Input,
                code: "append_failed",
                message: format!("cannot append to the watch file: {e}"),
                hint: None,
            })?;
    }
    Ok(())
}

/// The line shown for a record.
fn text_line(record: &WatchRecord, lang: Lang, colour: bool) -> String {
    let what = match record.event {
        WatchEvent::CardInserted => match (&record.check, &record.error) {
            (Some(c), _) => {
                let verdict = if c.passed {
                    paint(lang.pick("GODKÄNT", "PASS"), Paint::Green, colour)
                } else {
                    paint(lang.pick("UNDERKÄNT", "FAIL"), Paint::Red, colour)
                };
                let mut parts = vec![
                    verdict,
                    c.card_number.clone().unwrap_or_else(|| "-".into()),
                    if c.hsa_ids.is_empty() {
                        "-".into()
                    } else {
                        c.hsa_ids.join(",")
                    },
                ];
                let codes: Vec<String> = c
                    .findings
                    .iter()
                    .filter(|f| f.severity != crate::understanding::findings::Severity::Info)
                    .map(|f| {
                        serde_json::to_value(f.code)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default()
                    })
                    .collect();
                if !codes.is_empty() {
                    parts.push(codes.join(","));
                }
                parts.join("  ")
            }
            (None, Some(e)) => format!(
                "{}  {}",
                paint(lang.pick("OLÄSBART", "UNREADABLE"), Paint::Red, colour),
                e.message
            ),
            (None, None) => String::new(),
        },
        WatchEvent::CardRemoved => lang.pick("kortet togs ut", "card removed").into(),
        WatchEvent::ReaderAdded => lang.pick("läsaren finns", "reader present").into(),
        WatchEvent::ReaderRemoved => lang.pick("läsaren togs bort", "reader removed").into(),
    };
    format!("{}  {}  {what}\n", record.time, record.reader)
}

/// A note for people on standard error.
fn note(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

/// Opens the JSON Lines file for appending; a last line cut short by an
/// earlier crash is ended first, so the next record starts on its own line.
fn open_append(path: &Path) -> Result<std::fs::File, Failure> {
    let bad = |e: std::io::Error| Failure::Other {
        exit: Exit::Input,
        code: "append_failed",
        message: format!("cannot append to {}: {e}", path.display()),
        hint: None,
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .read(true)
        .open(path)
        .map_err(bad)?;
    let len = file.metadata().map_err(bad)?.len();
    if len > 0 {
        use std::io::{Read, Seek, SeekFrom};
        let mut last = [0u8; 1];
        file.seek(SeekFrom::Start(len - 1)).map_err(bad)?;
        file.read_exact(&mut last).map_err(bad)?;
        if last[0] != b'\n' {
            file.write_all(b"\n").map_err(bad)?;
        }
    }
    Ok(file)
}
