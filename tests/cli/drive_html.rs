//! The fleet HTML report, rendered in a real browser (headless Chromium,
//! the network shut off): the page holds the rows and the chart's bars,
//! loads nothing from outside, escapes what the reports say, and a
//! screenshot is kept under `target/` to look at.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::cards::{card, write_image};
use super::harness::sithsctl;

const AT: &str = "2026-11-24";

/// `check --org rjl` reports of six test cards, one per file, the way
/// workstations write them; one host name is markup, to be escaped.
fn reports(dir: &Path) -> PathBuf {
    let out = dir.join("reports");
    std::fs::create_dir_all(&out).unwrap();
    let inventory = dir.join("cards.csv");
    std::fs::write(
        &inventory,
        "9752240000000001047,2027-02-10\n9752240000000001013,2030-05-31\n",
    )
    .unwrap();
    for letter in ['a', 'b', 'c', 'd', 'e', 'g'] {
        let image = write_image(&card(letter), dir, &letter.to_string());
        let run = sithsctl(&[
            "--image",
            image.to_str().unwrap(),
            "--at",
            AT,
            "--json",
            "check",
            "--org",
            "rjl",
            "--inventory",
            inventory.to_str().unwrap(),
        ]);
        assert!(run.code == 0 || run.code == 1, "{letter}: {run:?}");
        let mut doc = run.json();
        if letter == 'g' {
            doc["host"] = "<img src=x onerror=alert(1)>ws-9".into();
        }
        std::fs::write(out.join(format!("{letter}.json")), doc.to_string()).unwrap();
    }
    out
}

fn chromium() -> &'static str {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .unwrap_or_else(|| {
            panic!(
                "chromium is not installed, so the HTML report cannot be rendered: \
                 run `scripts/deps.sh test` (or `apt-get install chromium`)"
            )
        })
}

/// Runs headless Chromium on `page` with the network shut off, with
/// `extra` flags; its standard output, within a minute.
fn browse(page: &Path, profile: &Path, extra: &[String]) -> String {
    let out = profile.join("stdout");
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--proxy-server=127.0.0.1:9",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.join("profile").display()
        ))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::read_to_string(&out).unwrap_or_default()
}

/// The http(s) requests a page made, from Chromium's net log.
fn page_requests(netlog: &Path) -> Vec<String> {
    let text =
        std::fs::read_to_string(netlog).unwrap_or_else(|e| panic!("{}: {e}", netlog.display()));
    let log: serde_json::Value = serde_json::from_str(&text).expect("the net log is JSON");
    let start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].clone();
    assert!(
        start.is_u64(),
        "no URL_REQUEST_START_JOB in the net log's constants"
    );
    let mut urls: Vec<String> = log["events"]
        .as_array()
        .expect("net log events")
        .iter()
        .filter(|e| e["type"] == start)
        .filter(|e| e["params"]["initiator"] != "not an origin")
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_string))
        .filter(|u| u.starts_with("http"))
        .collect();
    urls.dedup();
    urls
}

#[test]
fn the_html_report_renders_offline_with_its_rows_and_chart() {
    let dir = tempfile::tempdir().unwrap();
    let reports = reports(dir.path());
    let html = dir.path().join("report.html");
    let run = sithsctl(&[
        "--at",
        AT,
        "fleet",
        "--org",
        "gbg",
        "--html",
        html.to_str().unwrap(),
        reports.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("Report written to"), "{}", run.stderr);
    let json = sithsctl(&[
        "--at",
        AT,
        "--json",
        "fleet",
        "--orders",
        "gbg",
        "--register",
        "gbg",
        reports.to_str().unwrap(),
    ])
    .json();
    let text = std::fs::read_to_string(&html).unwrap();

    // Self-contained: nothing to fetch, no script, and the reports' text escaped.
    let lower = text.to_lowercase();
    for bad in [
        "<script", "<link", "<iframe", "<img", "<object", "@import", "url(", "src=\"", "href=\"",
        "src='", "href='",
    ] {
        assert!(!lower.contains(bad), "the page holds {bad:?}");
    }
    assert!(!lower.contains("http://") && !lower.contains("https://"));
    assert!(
        text.contains("&lt;img src=x onerror=alert(1)&gt;ws-9"),
        "escaped host"
    );

    // Rendered: the rows and the bars are in the DOM.
    let profile = tempfile::tempdir().unwrap();
    let netlog = profile.path().join("net.json");
    let dom = browse(
        &html,
        profile.path(),
        &[
            "--dump-dom".into(),
            format!("--log-net-log={}", netlog.display()),
        ],
    );
    assert!(
        dom.contains("<table id=\"orders-table\""),
        "no order table in the DOM:\n{dom}"
    );
    let section = |id: &str| -> String {
        let start = dom
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no {id}"));
        let end = dom[start..].find("</table>").unwrap() + start;
        dom[start..end].to_string()
    };
    let orders = json["orders"].as_array().unwrap();
    let registrations = json["registrations"].as_array().unwrap();
    assert!(!orders.is_empty() && !registrations.is_empty(), "{json}");
    let order_table = section("orders-table");
    assert_eq!(
        order_table.matches("<tr>").count(),
        orders.len() + 1,
        "{order_table}"
    );
    for o in orders {
        assert!(order_table.contains(o["name"].as_str().unwrap()), "{o}");
    }
    let reg_table = section("registrations-table");
    for r in registrations {
        assert!(reg_table.contains(r["hsa_id"].as_str().unwrap()), "{r}");
    }
    let action_table = section("needs-action-table");
    assert_eq!(
        action_table.matches("<tr>").count(),
        json["needs_action"].as_array().unwrap().len() + 1
    );
    // The chart: two bars a month for every organisation drawn, and the
    // counts the calendar gives.
    let calendar = &json["calendar"];
    let months = calendar["months"].as_array().unwrap().len();
    let drawn = calendar["organisations"].as_array().unwrap().len().min(9);
    assert_eq!(
        dom.matches("<rect class=\"bar ").count(),
        2 * months * drawn,
        "bars"
    );
    for o in calendar["organisations"].as_array().unwrap().iter().take(8) {
        for (m, n) in o["cards"].as_array().unwrap().iter().enumerate() {
            if n.as_u64().unwrap() > 0 {
                let month = calendar["months"][m].as_str().unwrap();
                assert!(
                    dom.contains(&format!(
                        "class=\"bar card\" data-month=\"{month}\" data-count=\"{n}\""
                    )),
                    "no card bar for {month}"
                );
            }
        }
    }

    // Nothing was asked of the network by the page. (The browser's own
    // background requests, made for no page, are "not an origin".)
    assert_eq!(page_requests(&netlog), Vec::<String>::new());
    // The check itself finds a page that loads something from outside.
    let control = dir.path().join("control.html");
    std::fs::write(
        &control,
        "<html><body><img src=\"http://203.0.113.9/x.png\"></body></html>",
    )
    .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let control_log = profile.path().join("net.json");
    browse(
        &control,
        profile.path(),
        &[
            "--dump-dom".into(),
            format!("--log-net-log={}", control_log.display()),
        ],
    );
    assert_eq!(page_requests(&control_log), ["http://203.0.113.9/x.png"]);

    // A screenshot to look at, kept under target/.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fleet-report.png");
    let _ = std::fs::remove_file(&shot);
    let profile = tempfile::tempdir().unwrap();
    browse(
        &html,
        profile.path(),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1200,2000".into(),
        ],
    );
    let png =
        std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", shot.display()));
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );

    // Swedish too.
    let sv = dir.path().join("rapport.html");
    let run = sithsctl(&[
        "--at",
        AT,
        "--lang",
        "sv",
        "fleet",
        "--org",
        "gbg",
        "--html",
        sv.to_str().unwrap(),
        reports.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let sv = std::fs::read_to_string(&sv).unwrap();
    assert!(
        sv.contains("<html lang=\"sv\">")
            && sv.contains("Utgångskalender")
            && sv.contains("Beställningslista")
    );
    // A report without certificates is counted and named, not guessed.
    let old = dir.path().join("old-order.json");
    std::fs::write(
        &old,
        r#"{"schema_version":"1.2.0","document":"order-info","host":"h","generated_at":"2026-11-01T00:00:00Z","card":{},"order":{"card_number":"9752240000000009999"}}"#,
    )
    .unwrap();
    let run = sithsctl(&[
        "--at",
        AT,
        "fleet",
        "--org",
        "gbg",
        reports.to_str().unwrap(),
        old.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("1 reports without certificates to judge from")
            && run
                .stdout
                .contains("old-order.json:1  order-info  9752240000000009999"),
        "{}",
        run.stdout
    );
    super::e2e_drive::assert_no_personal_number("the HTML report", &text);
    super::e2e_drive::assert_no_personal_number("the Swedish HTML report", &sv);
}
