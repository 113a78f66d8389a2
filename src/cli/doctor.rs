//! `sithsctl doctor`: every layer from the PC/SC library to the login
//! certificate, the most likely cause first, and a block for the ticket.

use std::time::Duration;

use super::args::DoctorArgs;
use super::common::known_cas;
use super::inspect::{load_inventory, resolve_org};
use super::output::{paint, write_stdout, Context, Paint, Spinner};
use super::{Exit, Failure};
use crate::base::lang::Lang;
use crate::reading::read::Source;
use crate::report::{cert_entries, rfc3339, CardSummary, DoctorReport, FindingOut};
use crate::services::doctor::{self, Diagnosis, DoctorOptions, Environment, FailureKind, Status};
use crate::services::order;
use crate::understanding::findings::Verdict;

pub fn run(args: &DoctorArgs, ctx: &Context) -> Result<Exit, Failure> {
    let options = DoctorOptions {
        reader: match &ctx.source {
            Source::Pcsc { reader } => reader.clone(),
            _ => None,
        },
        timeout: ctx.timeout,
        lang: ctx.lang,
        org: resolve_org(&args.facts, ctx)?,
        card_expiry: args.facts.card_expiry,
        inventory: load_inventory(&args.facts, ctx)?,
        now: ctx.view.now,
        warn_days: ctx.view.warn_days,
        cas: known_cas(ctx)?,
        wait: args.wait.map(Duration::from_secs),
    };
    let env: Box<dyn Environment> = match &ctx.source {
        Source::Pcsc { .. } => Box::new(doctor::PcscEnvironment {
            timeout: ctx.timeout,
            pin_status: ctx.pin_status,
        }),
        other => Box::new(doctor::ImageEnvironment {
            source: other.clone(),
            pin_status: ctx.pin_status,
        }),
    };
    let spinner = Spinner::start(ctx, ctx.lang.pick("Undersöker…", "Checking…"));
    let d = doctor::diagnose(env.as_ref(), &options);
    drop(spinner);
    let (certificates, _) = cert_entries(&d.analysed, &ctx.view);
    let findings: Vec<FindingOut> = d
        .evaluation
        .as_ref()
        .map(|e| {
            e.findings
                .iter()
                .map(|f| FindingOut::new(f, ctx.lang))
                .collect()
        })
        .unwrap_or_default();
    let report = DoctorReport {
        meta: ctx.meta("doctor"),
        layers: d.layers.clone(),
        causes: d.causes.clone(),
        verdict: verdict(&d),
        card: d.read.as_ref().map(CardSummary::new),
        certificates,
        findings,
        ready_after_insertion_ms: d.ready_after_insertion_ms,
        pins: d.pins.clone(),
    };
    if ctx.json {
        ctx.print_json(&report)?;
    } else if args.ticket {
        let mut text = ticket(&report, &d, ctx);
        // The organisation's certificate is missing: add the order data.
        if let (Some(org), Some(eval)) = (&options.org, &d.evaluation) {
            let info = order::order_info(&d.analysed, eval, org, ctx.view.now);
            if !info.nothing_to_order {
                text.push_str(&order::render(&info, ctx.lang));
                text.push_str("-----\n");
            }
        }
        write_stdout(&text);
    } else {
        write_stdout(&render(&report, ctx.lang, ctx.colour));
    }
    Ok(match d.failure() {
        Some(FailureKind::Environment) => Exit::Environment,
        Some(FailureKind::Card) => Exit::Card,
        Some(FailureKind::Check) => Exit::CheckFailed,
        None => Exit::Ok,
    })
}

fn verdict(d: &Diagnosis) -> Verdict {
    if d.causes.iter().any(|c| c.status == Status::Fail) {
        Verdict::Fail
    } else if d.causes.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Warn
    }
}

fn mark(status: Status, colour: bool) -> String {
    match status {
        Status::Ok => paint("✔", Paint::Green, colour),
        Status::Warn => paint("!", Paint::Yellow, colour),
        Status::Fail => paint("✘", Paint::Red, colour),
        Status::Skipped => "-".to_string(),
    }
}

fn render(report: &DoctorReport, lang: Lang, colour: bool) -> String {
    let width = report
        .layers
        .iter()
        .map(|l| l.title.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (n, l) in report.layers.iter().enumerate() {
        let pad = width - l.title.chars().count();
        out.push_str(&format!(
            "{} {:>2}. {}{}  {}\n",
            mark(l.status, colour),
            n + 1,
            l.title,
            " ".repeat(pad),
            l.detail
        ));
    }
    out.push('\n');
    if report.causes.is_empty() {
        out.push_str(lang.pick(
            "Allt ser bra ut: kortet läses och har ett giltigt legitimeringscertifikat med HSA-ID.\n",
            "All good: the card is read and holds a valid identification certificate with an HSA-ID.\n",
        ));
        return out;
    }
    out.push_str(lang.pick("Troligaste orsak först:\n", "Most likely cause first:\n"));
    for (n, c) in report.causes.iter().enumerate() {
        out.push_str(&format!(
            "{} {}. {}: {}\n",
            mark(c.status, colour),
            n + 1,
            c.layer_title(lang),
            c.message
        ));
        if !c.advice.is_empty() {
            out.push_str(&format!("     → {}\n", c.advice));
        }
    }
    out
}

/// A block to paste into a support ticket. Never a personnummer, whatever
/// the flags say: a ticket travels further than the desk.
fn ticket(report: &DoctorReport, d: &Diagnosis, ctx: &Context) -> String {
    let lang = ctx.lang;
    let l = |sv: &str, en: &str| lang.pick(sv, en).to_string();
    let mut out = format!(
        "----- sithsctl doctor: {} -----\n",
        l("underlag för ärende", "support ticket")
    );
    out.push_str(&format!(
        "{}: sithsctl {}\n",
        l("Verktyg", "Tool"),
        env!("CARGO_PKG_VERSION")
    ));
    out.push_str(&format!(
        "{}: {} {}\n",
        l("System", "OS"),
        std::env::consts::OS,
        std::env::consts::ARCH
    ));
    out.push_str(&format!("{}: {}\n", l("Dator", "Host"), report.meta.host));
    out.push_str(&format!("{}: {}\n", l("Tid", "Time"), rfc3339(ctx.now)));
    let readers = d
        .readers
        .iter()
        .map(|r| format!("{} ({})", r.name, r.state.text(lang)))
        .collect::<Vec<_>>()
        .join("; ");
    out.push_str(&format!(
        "{}: {}\n",
        l("Läsare", "Readers"),
        if readers.is_empty() {
            "-".into()
        } else {
            readers
        }
    ));
    if let Some(card) = &report.card {
        out.push_str(&format!("{}: {}\n", l("Läst i", "Read in"), card.reader));
        out.push_str(&format!(
            "ATR: {}{}\n",
            card.atr,
            card.atr_name.map(|n| format!(" ({n})")).unwrap_or_default()
        ));
        if let Some(serial) = card.token.as_ref().and_then(|t| t.serial.as_ref()) {
            out.push_str(&format!(
                "{}: {serial}\n",
                l("Kortets serienummer", "Token serial")
            ));
        }
    }
    if let Some(n) = d.evaluation.as_ref().and_then(|e| e.card_number.as_ref()) {
        out.push_str(&format!("{}: {n}\n", l("Kortnummer", "Card number")));
    }
    let mut hsa: Vec<&str> = report
        .certificates
        .iter()
        .filter_map(|c| c.hsa_id.as_deref())
        .collect();
    hsa.sort();
    hsa.dedup();
    if !hsa.is_empty() {
        out.push_str(&format!("HSA-ID: {}\n", hsa.join(", ")));
    }
    if !report.certificates.is_empty() {
        out.push_str(&format!("{}:\n", l("Certifikat", "Certificates")));
        for c in &report.certificates {
            let holder = match (&c.hsa_id, &c.personal_number) {
                (Some(h), _) => h.clone(),
                (None, Some(_)) => l("(personnummer)", "(personnummer)"),
                _ => c.subject.common_name.clone().unwrap_or_default(),
            };
            let status = serde_json::to_value(c.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {} | {} | {} | {} .. {} | {status}\n",
                super::certs::role_text(c.role, lang),
                holder,
                c.issuer.common_name.clone().unwrap_or_default(),
                c.not_before.get(..10).unwrap_or_default(),
                c.not_after.get(..10).unwrap_or_default(),
            ));
        }
    }
    if !report.pins.is_empty() {
        out.push_str(&format!("{}:\n", l("PIN-koder", "PINs")));
        for line in super::pins::lines(&report.pins, lang) {
            out.push_str(&format!("  {line}\n"));
        }
    }
    let failing: Vec<_> = report
        .layers
        .iter()
        .filter(|x| matches!(x.status, Status::Fail | Status::Warn))
        .collect();
    out.push_str(&format!(
        "{}:\n",
        l("Lager med fel eller varning", "Failing or warning layers")
    ));
    if failing.is_empty() {
        out.push_str(&format!("  {}\n", l("inga", "none")));
    }
    for x in failing {
        out.push_str(&format!(
            "  [{}] {}: {}\n",
            status_word(x.status),
            x.title,
            x.detail
        ));
    }
    if let Some(c) = report.causes.first() {
        out.push_str(&format!(
            "{}: {}\n",
            l("Troligaste orsak", "Most likely cause"),
            c.message
        ));
        out.push_str(&format!("{}: {}\n", l("Åtgärd", "What to do"), c.advice));
    }
    out.push_str("-----\n");
    out
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Ok => "ok",
        Status::Warn => "warn",
        Status::Fail => "fail",
        Status::Skipped => "skipped",
    }
}
