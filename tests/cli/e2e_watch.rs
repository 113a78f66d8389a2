//! End to end: `sithsctl watch` through pcscd and the virtual card. A card
//! inserted gives a record, a failing card a failing record in the other
//! reader, and after pcscd restarts a card inserted still gives one.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::cards::{card, write_image};
use super::harness::{
    pcscd_is_up, stack, stop_our_pcscd_now, CardOptions, VirtualCard, READER_0, READER_1,
};

/// How long a record may take to come: reading a card takes well under a
/// second; a reconnect after pcscd restarts a few.
const RECORD: Duration = Duration::from_secs(30);

/// The next `card_inserted` record on the watch's standard output.
fn next_card(rx: &mpsc::Receiver<serde_json::Value>, stderr: &Mutex<String>) -> serde_json::Value {
    let deadline = Instant::now() + RECORD;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(r) if r["event"] == "card_inserted" => return r,
            Ok(_) => continue,
            Err(_) => panic!(
                "no card record within {RECORD:?}; watch said on stderr:\n{}",
                stderr.lock().unwrap()
            ),
        }
    }
}

#[test]
fn watch_checks_each_card_and_survives_pcscd_restarting() {
    let first = stack();
    let dir = tempfile::tempdir().unwrap();
    let image_a = write_image(&card('a'), dir.path(), "a");
    let image_b = write_image(&card('b'), dir.path(), "b");
    let image_d = write_image(&card('d'), dir.path(), "d");
    let append = dir.path().join("watch.jsonl");

    let mut child = Command::new(env!("CARGO_BIN_EXE_sithsctl"))
        .args([
            "watch", "--json", "--count", "3", "--for", "180", "--append",
        ])
        .arg(&append)
        .env("LANG", "en_US.UTF-8")
        .env_remove("SITHSCTL_READER")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start sithsctl watch");
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let record: serde_json::Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
            if tx.send(record).is_err() {
                return;
            }
        }
    });
    let stderr_text = Arc::new(Mutex::new(String::new()));
    {
        let stderr = child.stderr.take().unwrap();
        let text = stderr_text.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut t = text.lock().unwrap();
                t.push_str(&line);
                t.push('\n');
            }
        });
    }

    // Card A in reader 0: a passing record.
    let a = VirtualCard::insert(&first, &image_a, 0, CardOptions::default());
    let rec = next_card(&rx, &stderr_text);
    assert_eq!(rec["document"], "watch");
    assert_eq!(rec["reader"], READER_0, "{rec}");
    assert_eq!(rec["check"]["card_number"], "9752240000000001013", "{rec}");
    assert_eq!(rec["check"]["passed"], true, "{rec}");
    assert!(rec["check"]["hsa_ids"]
        .as_array()
        .is_some_and(|h| h.iter().any(|h| h == "SE2321000057-ANAN01")));
    a.remove();

    // Card B (expired) in reader 1: a failing record.
    let b = VirtualCard::insert(&first, &image_b, 1, CardOptions::default());
    let rec = next_card(&rx, &stderr_text);
    assert_eq!(rec["reader"], READER_1, "{rec}");
    assert_eq!(rec["check"]["card_number"], "9752240000000001021", "{rec}");
    assert_eq!(rec["check"]["passed"], false, "{rec}");
    assert_eq!(rec["check"]["verdict"], "fail", "{rec}");
    assert!(
        rec["check"]["findings"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["severity"] == "fail")),
        "{rec}"
    );
    b.remove();

    // pcscd goes away and comes back; watch reconnects by itself.
    let restarted = stop_our_pcscd_now(&first);
    if restarted {
        assert!(!pcscd_is_up());
    }
    drop(first);
    let second = stack();
    let d = VirtualCard::insert(&second, &image_d, 0, CardOptions::default());
    let rec = next_card(&rx, &stderr_text);
    assert_eq!(rec["reader"], READER_0, "{rec}");
    assert_eq!(rec["check"]["card_number"], "9752240000000001047", "{rec}");

    // --count 3: it ends by itself, cleanly.
    let deadline = Instant::now() + RECORD;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "watch did not stop after 3 cards"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    d.remove();
    let stderr = stderr_text.lock().unwrap().clone();
    assert_eq!(status.code(), Some(0), "{stderr}");
    if restarted {
        assert!(
            stderr.contains("stopped answering") && stderr.contains("Reconnected"),
            "{stderr}"
        );
    }

    // The JSON Lines file: whole lines only, three card records.
    let text = std::fs::read_to_string(&append).unwrap();
    assert!(text.ends_with('\n'));
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("whole JSON lines"))
        .collect();
    let cards: Vec<&serde_json::Value> = records
        .iter()
        .filter(|r| r["event"] == "card_inserted")
        .collect();
    assert_eq!(cards.len(), 3, "{text}");
    for r in &records {
        assert_eq!(r["schema_version"], "1.2.0");
        super::schemas::assert_valid("watch", r);
    }
}
