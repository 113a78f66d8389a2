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
    pcscd_is_up, restack, sithsctl, sithsctl_background, stack, stop_our_pcscd_now, Background,
    CardOptions, Run, VirtualCard, READER_0, READER_1,
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
    // Keep the stack: dropping and taking it again would let another test
    // insert its cards, which this watch would report.
    restack(&first);
    let d = VirtualCard::insert(&first, &image_d, 0, CardOptions::default());
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
        assert_eq!(r["schema_version"], sithsctl::report::SCHEMA_VERSION);
        super::schemas::assert_valid("watch", r);
    }
}

/// The records in a watch `--append` file (or on its standard output),
/// each line whole JSON and a valid watch record.
fn whole_records(text: &str) -> Vec<serde_json::Value> {
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "cut short: {text:?}"
    );
    text.lines()
        .map(|l| {
            let r: serde_json::Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("not a whole JSON line ({e}): {l:?}"));
            super::schemas::assert_valid("watch", &r);
            r
        })
        .collect()
}

/// Waits until `file` holds a whole `card_inserted` record.
fn wait_for_card_record(file: &std::path::Path, watch: &mut Background) {
    let deadline = Instant::now() + RECORD;
    loop {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        if text
            .lines()
            .any(|l| l.contains("\"card_inserted\"") && l.ends_with('}'))
        {
            return;
        }
        assert!(
            watch.running(),
            "watch ended early: {:?}",
            watch.wait(Duration::ZERO)
        );
        assert!(
            Instant::now() < deadline,
            "no record in {} within {RECORD:?}; stderr:\n{}",
            file.display(),
            watch.stderr()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Ctrl-C (SIGINT) to the watch process, and how it ended.
fn interrupt(watch: &mut Background) -> Run {
    let rc = unsafe { libc::kill(watch.pid() as i32, libc::SIGINT) };
    assert_eq!(rc, 0, "kill: {}", std::io::Error::last_os_error());
    watch
        .wait(Duration::from_secs(10))
        .unwrap_or_else(|| panic!("watch did not end within 10 s of Ctrl-C"))
}

fn assert_clean_end(run: &Run) {
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(!run.stderr.contains("RUST_BACKTRACE"), "{}", run.stderr);
}

/// Issue #6: Ctrl-C ends watch with exit 0, the `--append` file and the
/// standard output holding whole records only.
#[test]
fn watch_ends_cleanly_on_ctrl_c() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let image_a = write_image(&card('a'), dir.path(), "a");
    let append = dir.path().join("watch.jsonl");
    let _a = VirtualCard::insert(&stack, &image_a, 0, CardOptions::default());

    let mut watch = sithsctl_background(
        &["watch", "--json", "--append", append.to_str().unwrap()],
        &[],
    );
    wait_for_card_record(&append, &mut watch);
    let started = Instant::now();
    let run = interrupt(&mut watch);
    assert_clean_end(&run);
    // Noticed within one look (500 ms) and a little.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );

    let records = whole_records(&std::fs::read_to_string(&append).unwrap());
    let cards: Vec<_> = records
        .iter()
        .filter(|r| r["event"] == "card_inserted")
        .collect();
    assert_eq!(cards.len(), 1, "{records:?}");
    assert_eq!(cards[0]["reader"], READER_0);
    assert_eq!(cards[0]["check"]["card_number"], "9752240000000001013");
    // Standard output has the same records, whole too.
    let printed = whole_records(&run.stdout);
    assert_eq!(printed.len(), records.len(), "{run:?}");
}

/// Ctrl-C while a (slow) card is being read: the read finishes, its record
/// is written whole, then watch ends with exit 0.
#[test]
fn watch_ctrl_c_during_a_read_still_writes_the_whole_record() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let image_a = write_image(&card('a'), dir.path(), "a");
    let append = dir.path().join("watch.jsonl");
    // A line cut short by an earlier crash: ended first, then whole lines.
    std::fs::write(&append, "{\"cut\": ").unwrap();

    let mut watch = sithsctl_background(
        &["watch", "--json", "--append", append.to_str().unwrap()],
        &[],
    );
    std::thread::sleep(Duration::from_millis(1000));
    let slow = VirtualCard::insert(
        &stack,
        &image_a,
        1,
        CardOptions {
            delay_ms: 100,
            ..Default::default()
        },
    );
    // Mid-read: the card has answered a command.
    let deadline = Instant::now() + RECORD;
    while !slow.events().iter().any(|e| e["event"] == "apdu") {
        assert!(Instant::now() < deadline, "watch never read the card");
        std::thread::sleep(Duration::from_millis(20));
    }
    let run = interrupt(&mut watch);
    assert_clean_end(&run);

    let text = std::fs::read_to_string(&append).unwrap();
    let (cut, rest) = text.split_once('\n').unwrap();
    assert_eq!(cut, "{\"cut\": ");
    let records = whole_records(rest);
    let card = records
        .iter()
        .find(|r| r["event"] == "card_inserted")
        .unwrap_or_else(|| panic!("no card record: {text}"));
    assert_eq!(card["reader"], READER_1);
    assert_eq!(
        card["check"]["card_number"], "9752240000000001013",
        "{card}"
    );
    whole_records(&run.stdout);
}

/// `--for 2` ends watch after about two seconds, with exit 0.
#[test]
fn watch_for_two_seconds_ends_on_time() {
    let _stack = stack();
    let started = Instant::now();
    let run = sithsctl(&["watch", "--json", "--for", "2"]);
    let took = started.elapsed();
    assert_clean_end(&run);
    whole_records(&run.stdout);
    assert!(
        took >= Duration::from_millis(1900) && took < Duration::from_secs(5),
        "watch --for 2 took {took:?}"
    );
}
