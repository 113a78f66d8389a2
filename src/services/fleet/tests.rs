//! Fleet end to end on files and folders written for each test, and the
//! cutting of blocks.

use std::path::PathBuf;
use std::sync::Mutex;

use super::read::{last_document_start, RUN_FILES, WHOLE_FILE};
use super::*;
use crate::understanding::siths::orgs::Registry;

fn run(text: &str) -> (FleetSummary, Vec<Skip>) {
    let skips = Mutex::new(Vec::new());
    let dir = tempfile_dir();
    let path = dir.join("r.jsonl");
    std::fs::write(&path, text).unwrap();
    let (inputs, _) = expand(std::slice::from_ref(&path));
    let options = options();
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
    // Judged at `at`, not by the verdict stored: the certificate ends in
    // 16 days, so the card warns although its report passed.
    assert_eq!(
        (s.cards.total, s.cards.pass, s.cards.warn, s.cards.fail),
        (1, 0, 1, 0)
    );
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
        threads: 2,
        ..Options::new("2026-11-24T00:00:00Z".parse().unwrap(), Registry::builtin())
    }
}

#[test]
fn a_folder_of_many_pretty_files_is_read_in_runs_and_counted_once_each() {
    let dir = tempfile_dir();
    let pretty = |number: &str| {
        let v: serde_json::Value = serde_json::from_str(&CHECK.replace("9752", number)).unwrap();
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
    let text = ["readers", "certs", "orgs", "doctor", "fleet"]
        .map(|d| format!("{{\"schema_version\":\"1.2.0\",\"document\":\"{d}\"}}\n"))
        .concat();
    let (s, skips) = run(&text);
    assert!(skips.is_empty(), "{skips:?}");
    assert_eq!((s.inputs.ignored, s.inputs.skipped), (5, 0));
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
