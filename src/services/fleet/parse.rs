//! Cutting bytes into documents: every document in a file or block
//! parsed in turn, parsing started again after one that is not JSON, and
//! each skip reported with the line it began on.

use super::doc::{observe, Doc};
use super::observation::{Batch, Observation};
use super::walk::{Skip, SkipReason};

pub(super) fn count_lines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Parses every document in `bytes`. After a document that is not JSON,
/// parsing starts again at the next line that opens a document (`{` in
/// the first column), which is where JSON Lines records and sithsctl's
/// pretty documents begin. Each skip is reported; at most the first few
/// of one job in full.
pub(super) fn parse_all(
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
    let mut skip = |at: usize, reason: SkipReason, batch: &mut Batch| {
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
    let (mut counted_to, mut lines_to) = (0usize, 0u64);
    while pos < bytes.len() {
        let mut stream = serde_json::Deserializer::from_slice(&bytes[pos..]).into_iter::<Doc>();
        let mut start = pos;
        let mut failed = None;
        while let Some(item) = stream.next() {
            match item {
                Ok(doc) => match observe(doc) {
                    Ok(Observation::Unjudged(mut u)) => {
                        // Counted from the last such report on, so a long
                        // stream of them is not counted over and over.
                        lines_to += count_lines(&bytes[counted_to..start.max(counted_to)]);
                        counted_to = start.max(counted_to);
                        u.origin = origin.to_string();
                        u.line = first_line + lines_to;
                        batch.push(Observation::Unjudged(u));
                    }
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
            SkipReason::CutShort
        } else if e.is_data() {
            SkipReason::NotAReport(e.line(), e.column())
        } else {
            SkipReason::NotJson(e.line(), e.column())
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
            reason: SkipReason::More(skipped - TOLD),
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
