//! End to end: a card drive through pcscd. Five virtual cards come to the
//! desk one after another in one reader while `watch --org gbg --kiosk
//! --append` runs; then `fleet --orders gbg` and `--register gbg` give
//! exactly the right rows, as CSV (English and Swedish) and as a workbook
//! read back with a spreadsheet reader. No output holds a personnummer.

use std::path::Path;
use std::time::{Duration, Instant};

use calamine::{open_workbook, Data, Reader, Xlsx};

use super::cards::{card, write_image};
use super::harness::{sithsctl, sithsctl_background, stack, CardOptions, VirtualCard, READER_0};

const AT: &str = "2026-11-24";
const RECORD: Duration = Duration::from_secs(30);

/// The personnummer on the test cards (A and E), whole, short, and the
/// birth dates a masked one would still show.
pub const PERSONAL_NUMBERS: [&str; 6] = [
    "191212121212",
    "1212121212",
    "19121212",
    "198112189876",
    "8112189876",
    "19811218",
];

/// Fails if `text` (the contents of `what`) holds a personnummer.
pub fn assert_no_personal_number(what: &str, text: &str) {
    for p in PERSONAL_NUMBERS {
        assert!(
            !text.contains(p),
            "{what} holds the personnummer {p}:\n{text}"
        );
    }
}

fn count(file: &Path, event: &str) -> usize {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.ends_with('}') && l.contains(&format!("\"event\":\"{event}\"")))
        .count()
}

fn wait_until(file: &Path, event: &str, n: usize, watch: &mut super::harness::Background) {
    let deadline = Instant::now() + RECORD;
    while count(file, event) < n {
        assert!(
            watch.running(),
            "watch ended early: {:?}",
            watch.wait(Duration::ZERO)
        );
        assert!(
            Instant::now() < deadline,
            "no {n}th {event} in {} within {RECORD:?}; stderr:\n{}",
            file.display(),
            watch.stderr()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// CSV text (RFC 4180, no quoted line breaks here) as rows of fields.
fn rows(text: &str, sep: char) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    assert!(text.ends_with("\r\n"), "CRLF line ends: {text:?}");
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut fields = Vec::new();
            let mut field = String::new();
            let mut quoted = false;
            let mut chars = l.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' if quoted && chars.peek() == Some(&'"') => {
                        field.push('"');
                        chars.next();
                    }
                    '"' => quoted = !quoted,
                    c if c == sep && !quoted => fields.push(std::mem::take(&mut field)),
                    c => field.push(c),
                }
            }
            fields.push(field);
            fields
        })
        .collect()
}

fn owned(rows: &[[&str; 7]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

const CHECK_PRINTED: &str =
    "Valid until is the end of the card's latest identification certificate: check the date printed on the card";

/// The order list the five cards must give (from tests/data/pki/README.md
/// and the inventory below), by name.
fn expected_orders() -> Vec<Vec<String>> {
    owned(&[
        [
            "Anna Andersson",
            "SE2321000057-ANAN01",
            "9752240000000001013",
            "SITHS e-id Person HSA-id 3 CA v1",
            "2030-05-31",
            "2030-05-31",
            "",
        ],
        [
            "Erik Nyström",
            "",
            "9752240000000001054",
            "SITHS e-id Person ID 3 CA v1",
            "2029-06-01",
            "",
            CHECK_PRINTED,
        ],
        [
            "Gösta Ek",
            "SE2321000057-GOEK04",
            "9752240000000001070",
            "SITHS e-id Person HSA-id 3 CA v1",
            "2029-03-01",
            "",
            CHECK_PRINTED,
        ],
        [
            "Märta Lindqvist",
            "SE2321000057-MALI03",
            "9752240000000001047",
            "SITHS e-id Person HSA-id 3 CA v1",
            "",
            "2026-12-10",
            "The card ends on 2026-12-10: a new card is needed, no order",
        ],
    ])
}

fn expected_registrations() -> Vec<Vec<String>> {
    vec![vec![
        "Örjan Åberg".to_string(),
        "SE2120001355-GBG777".to_string(),
        "2029-10-01".to_string(),
    ]]
}

/// A sheet of the workbook as text rows (dates as YYYY-MM-DD), checking
/// that date columns hold real dates.
fn sheet(book: &Path, name: &str, date_columns: &[usize]) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(book).unwrap_or_else(|e| panic!("{}: {e}", book.display()));
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}; sheets {:?}", wb.sheet_names()));
    range
        .rows()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, cell)| match cell {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    Data::DateTime(d) => {
                        assert!(date_columns.contains(&c), "{name} {r}:{c} is a date");
                        d.as_datetime()
                            .map(|t| t.date().to_string())
                            .unwrap_or_else(|| panic!("{name} {r}:{c}: {d:?}"))
                    }
                    other => panic!("{name} {r}:{c}: unexpected cell {other:?}"),
                })
                .collect::<Vec<String>>()
        })
        .map(|mut row| {
            // The reader pads short rows; the lists never end in an empty
            // column but the note.
            while row.len() < 3 {
                row.push(String::new());
            }
            row
        })
        .collect()
}

#[test]
fn a_card_drive_from_the_desk_to_the_lists() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Örjan has the Göteborg certificate; Anna, Gösta and Märta do not;
    // Märta's card ends in 16 days; Erik's holds personnummer
    // certificates only.
    let queue = ['c', 'a', 'd', 'e', 'g'];
    let images: Vec<_> = queue
        .iter()
        .map(|&l| write_image(&card(l), d, &l.to_string()))
        .collect();
    let inventory = d.join("cards.csv");
    std::fs::write(
        &inventory,
        "card number,printed expiry,note\n9752240000000001047,2026-12-10,\n9752240000000001013,2030-05-31,\n",
    )
    .unwrap();
    let append = d.join("drive.jsonl");
    let mut watch = sithsctl_background(
        &[
            "--at",
            AT,
            "watch",
            "--org",
            "gbg",
            "--kiosk",
            "--inventory",
            inventory.to_str().unwrap(),
            "--append",
            append.to_str().unwrap(),
            "--count",
            "5",
            "--for",
            "240",
        ],
        &[],
    );
    for (i, image) in images.iter().enumerate() {
        let card = VirtualCard::insert(&stack, image, 0, CardOptions::default());
        wait_until(&append, "card_inserted", i + 1, &mut watch);
        card.remove();
        if i + 1 < images.len() {
            wait_until(&append, "card_removed", i + 1, &mut watch);
        }
    }
    let run = watch
        .wait(RECORD)
        .unwrap_or_else(|| panic!("watch did not stop after 5 cards: {}", watch.stderr()));
    assert_eq!(run.code, 0, "{run:?}");
    // The desk: one result per card.
    let desk = &run.stdout;
    for want in [
        "Örjan Åberg",
        "HSA-ID to register",
        "SE2120001355-GBG777",
        "O R D E R",
        "Anna Andersson",
        "N E W   C A R D",
        "Märta Lindqvist",
        "Erik Nyström",
        "Gösta Ek",
        "Valid until:",
        "2030-05-31",
        "Ready for the next card.",
    ] {
        assert!(
            desk.contains(want),
            "the desk does not show {want:?}:\n{desk}"
        );
    }
    assert_eq!(desk.matches("╔").count(), 5, "{desk}");
    let records = std::fs::read_to_string(&append).unwrap();
    let cards: Vec<serde_json::Value> = records
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["event"] == "card_inserted")
        .collect();
    assert_eq!(cards.len(), 5);
    for r in &cards {
        assert_eq!(r["reader"], READER_0);
        super::schemas::assert_valid("watch", r);
    }

    // The lists.
    let records_path = append.to_str().unwrap();
    let orders = sithsctl(&["--at", AT, "fleet", "--orders", "gbg", records_path]);
    assert_eq!(orders.code, 0, "{orders:?}");
    let got = rows(&orders.stdout, ',');
    assert_eq!(
        got[0],
        [
            "Name",
            "HSA-IDs",
            "Card number",
            "Issuer",
            "Valid until",
            "Card expiry",
            "Note"
        ]
    );
    assert_eq!(got[1..].to_vec(), expected_orders(), "{}", orders.stdout);
    let register = sithsctl(&["--at", AT, "fleet", "--register", "gbg", records_path]);
    assert_eq!(register.code, 0, "{register:?}");
    let got = rows(&register.stdout, ',');
    assert_eq!(
        got[0],
        ["Name", "HSA-ID to register", "Certificate valid to"]
    );
    assert_eq!(got[1..].to_vec(), expected_registrations());
    // In Swedish: Swedish headers, `;`, a byte-order mark.
    let sv = sithsctl(&[
        "--at",
        AT,
        "--lang",
        "sv",
        "fleet",
        "--orders",
        "gbg",
        records_path,
    ]);
    assert!(
        sv.stdout
            .starts_with("\u{feff}Namn;HSA-id;Kortnummer;Utfärdare;Giltig till;"),
        "{}",
        sv.stdout
    );
    let sv_rows = rows(&sv.stdout, ';');
    assert_eq!(sv_rows.len(), 5);
    assert!(sv_rows[4][6].contains("nytt kort behövs"), "{sv_rows:?}");

    // The workbook, read back.
    let book = d.join("drive.xlsx");
    let x = sithsctl(&[
        "--at",
        AT,
        "fleet",
        "--orders",
        "gbg",
        "--register",
        "gbg",
        "--xlsx",
        book.to_str().unwrap(),
        records_path,
    ]);
    assert_eq!(x.code, 0, "{x:?}");
    assert!(x.stderr.contains("Workbook written to"), "{}", x.stderr);
    let orders_sheet = sheet(&book, "Orders", &[4, 5]);
    assert_eq!(orders_sheet[0][0], "Name");
    let mut want = expected_orders();
    for row in want.iter_mut() {
        // Trailing empty cells are not stored.
        while row.last().is_some_and(|c| c.is_empty()) {
            row.pop();
        }
    }
    let got: Vec<Vec<String>> = orders_sheet[1..]
        .iter()
        .map(|r| {
            let mut r = r.clone();
            while r.last().is_some_and(|c| c.is_empty()) {
                r.pop();
            }
            r
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        sheet(&book, "Registration", &[2])[1..].to_vec(),
        expected_registrations()
    );
    // In Swedish: the sheets and headers in Swedish, the same rows.
    let book_sv = d.join("drive-sv.xlsx");
    let x = sithsctl(&[
        "--lang",
        "sv",
        "--at",
        AT,
        "fleet",
        "--orders",
        "gbg",
        "--register",
        "gbg",
        "--xlsx",
        book_sv.to_str().unwrap(),
        records_path,
    ]);
    assert_eq!(x.code, 0, "{x:?}");
    let orders_sv = sheet(&book_sv, "Beställning", &[4, 5]);
    assert_eq!(orders_sv[0][..3], ["Namn", "HSA-id", "Kortnummer"]);
    assert_eq!(orders_sv.len(), orders_sheet.len());
    let register_sv = sheet(&book_sv, "Registrering", &[2]);
    assert_eq!(register_sv[0][1], "HSA-id att registrera");
    assert_eq!(register_sv[1..].to_vec(), expected_registrations());
    // Not overwritten without --force.
    let again = sithsctl(&[
        "--at",
        AT,
        "fleet",
        "--orders",
        "gbg",
        "--xlsx",
        book.to_str().unwrap(),
        records_path,
    ]);
    assert_eq!(again.code, 2, "{again:?}");
    assert!(again.stderr.contains("--force"), "{}", again.stderr);

    // No personnummer anywhere: the records, the desk, the lists, the
    // workbook's cells, the report and the JSON.
    let html = d.join("drive.html");
    let report = sithsctl(&[
        "--at",
        AT,
        "fleet",
        "--org",
        "gbg",
        "--json",
        "--html",
        html.to_str().unwrap(),
        records_path,
    ]);
    assert_eq!(report.code, 0, "{report:?}");
    let mut cells = String::new();
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    for name in wb.sheet_names() {
        for row in wb.worksheet_range(&name).unwrap().rows() {
            for c in row {
                cells.push_str(&c.to_string());
                cells.push('\n');
            }
        }
    }
    for (what, text) in [
        ("the watch records", records.clone()),
        ("the desk", run.stdout.clone()),
        ("the order CSV", orders.stdout.clone()),
        ("the Swedish order CSV", sv.stdout.clone()),
        ("the registration CSV", register.stdout.clone()),
        ("the workbook", cells),
        ("the HTML report", std::fs::read_to_string(&html).unwrap()),
        ("the fleet document", report.stdout.clone()),
    ] {
        assert_no_personal_number(what, &text);
    }
}
