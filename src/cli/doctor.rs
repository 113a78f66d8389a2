//! `sithsctl doctor`: every layer from the PC/SC library to the login
//! certificate, the most likely cause first, and a block for the ticket.

use std::time::Duration;

use super::args::DoctorArgs;
use super::common::known_cas;
use super::evaluate::{load_inventory, resolve_org};
use super::output::{write_stdout, Context, Spinner};
use super::render::certificates::{day, role};
use super::render::wrap::hanging;
use super::render::{paint, width_of, Paint, Style};
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
        revocation: ctx.revocation.clone(),
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
    let (mut certificates, _) = cert_entries(&d.analysed, &ctx.view);
    if let Some(answers) = &d.revocation {
        super::evaluate::with_revocation(&mut certificates, answers);
    }
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
            let info = order::order_info(&d.analysed, eval, org, ctx.view.now, ctx.view.warn_days);
            if !info.nothing_to_order {
                text.push_str(&super::order::render(&info, ctx.lang, ctx.out.width));
                text.push_str("-----\n");
            }
        }
        write_stdout(&text);
    } else {
        write_stdout(&render(&report, ctx.lang, ctx.out));
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

/// Details narrower than this go on a line of their own under the layer.
const LEAST_DETAIL_WIDTH: usize = 40;

fn render(report: &DoctorReport, lang: Lang, style: Style) -> String {
    let width = style.width;
    let title_width = report
        .layers
        .iter()
        .map(|l| width_of(&l.title))
        .max()
        .unwrap_or(0);
    // "✔ 10. " then the title, padded, then two spaces.
    let detail_at = 6 + title_width + 2;
    let beside = width.saturating_sub(detail_at) >= LEAST_DETAIL_WIDTH;
    let mut out = String::new();
    for (n, l) in report.layers.iter().enumerate() {
        let lead = format!("{} {:>2}. ", mark(l.status, style.colour), n + 1);
        if beside {
            let pad = title_width - width_of(&l.title);
            let first = format!("{lead}{}{}  ", l.title, " ".repeat(pad));
            out.push_str(&hanging(&first, detail_at, &l.detail, width));
        } else {
            out.push_str(&hanging(&lead, 6, &l.title, width));
            if !l.detail.is_empty() {
                out.push_str(&hanging("        ", 8, &l.detail, width));
            }
        }
    }
    out.push('\n');
    if report.causes.is_empty() {
        out.push_str(&hanging(
            "",
            0,
            lang.pick(
                "Allt ser bra ut: kortet läses och har ett giltigt legitimeringscertifikat med HSA-ID.",
                "All good: the card is read and holds a valid identification certificate with an HSA-ID.",
            ),
            width,
        ));
        return out;
    }
    out.push_str(lang.pick("Troligaste orsak först:\n", "Most likely cause first:\n"));
    for (n, c) in report.causes.iter().enumerate() {
        let lead = format!("{} {}. ", mark(c.status, style.colour), n + 1);
        let indent = width_of(&lead);
        let text = format!("{}: {}", c.layer_title(lang), c.message);
        out.push_str(&hanging(&lead, indent, &text, width));
        if !c.advice.is_empty() {
            let arrow = format!("{}→ ", " ".repeat(indent));
            out.push_str(&hanging(&arrow, indent + 2, &c.advice, width));
        }
    }
    out
}

/// A block to paste into a support ticket. Never a personnummer, whatever
/// the flags say: a ticket travels further than the desk. Wrapped to the
/// width like everything else, never in colour.
fn ticket(report: &DoctorReport, d: &Diagnosis, ctx: &Context) -> String {
    let lang = ctx.lang;
    let width = ctx.out.width;
    let l = |sv: &str, en: &str| lang.pick(sv, en).to_string();
    let kv = |out: &mut String, label: String, value: &str| {
        out.push_str(&hanging(&format!("{label}: "), 2, value, width));
    };
    let mut out = format!(
        "----- sithsctl doctor: {} -----\n",
        l("underlag för ärende", "support ticket")
    );
    kv(
        &mut out,
        l("Verktyg", "Tool"),
        &format!("sithsctl {}", env!("CARGO_PKG_VERSION")),
    );
    kv(
        &mut out,
        l("System", "OS"),
        &format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
    );
    kv(&mut out, l("Dator", "Host"), &report.meta.host);
    kv(&mut out, l("Tid", "Time"), &rfc3339(ctx.now));
    let readers = d
        .readers
        .iter()
        .map(|r| format!("{} ({})", r.name, r.state.text(lang)))
        .collect::<Vec<_>>()
        .join("; ");
    kv(
        &mut out,
        l("Läsare", "Readers"),
        if readers.is_empty() { "-" } else { &readers },
    );
    if let Some(card) = &report.card {
        kv(&mut out, l("Läst i", "Read in"), &card.reader);
        kv(
            &mut out,
            "ATR".into(),
            &format!(
                "{}{}",
                card.atr,
                super::inspect::card_name(&card.atr, lang)
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default()
            ),
        );
        if let Some(serial) = card.token.as_ref().and_then(|t| t.serial.as_ref()) {
            kv(&mut out, l("Kortets serienummer", "Token serial"), serial);
        }
    }
    if let Some(n) = d.evaluation.as_ref().and_then(|e| e.card_number.as_ref()) {
        kv(&mut out, l("Kortnummer", "Card number"), n);
    }
    let mut hsa: Vec<&str> = report
        .certificates
        .iter()
        .filter_map(|c| c.hsa_id.as_deref())
        .collect();
    hsa.sort();
    hsa.dedup();
    if !hsa.is_empty() {
        kv(&mut out, "HSA-ID".into(), &hsa.join(", "));
    }
    if !report.certificates.is_empty() {
        out.push_str(&format!("{}:\n", l("Certifikat", "Certificates")));
        for c in &report.certificates {
            let holder = match (&c.hsa_id, &c.personal_number) {
                (Some(h), _) => h.clone(),
                (None, Some(_)) => l("(personnummer)", "(personnummer)"),
                _ => c.subject.common_name.clone().unwrap_or_default(),
            };
            let status = super::render::certificates::status_text(c.status, lang);
            let chain = super::render::certificates::chain_text(&c.chain, lang);
            // Revocation where it was asked, never as fine when it was not.
            let revocation = c
                .revocation
                .as_ref()
                .map(|r| format!(" | {}", crate::services::card_revocation::describe(r, lang)))
                .unwrap_or_default();
            let text = format!(
                "{} | {} | {} | {} .. {} | {status} | {chain}{revocation}",
                role(c, lang),
                holder,
                c.issuer.common_name.clone().unwrap_or_default(),
                day(&c.not_before),
                day(&c.not_after),
            );
            out.push_str(&hanging("  ", 4, &text, width));
        }
    }
    if !report.pins.is_empty() {
        out.push_str(&format!("{}:\n", l("PIN-koder", "PINs")));
        for line in super::pins::lines(&report.pins, lang) {
            out.push_str(&hanging("  ", 4, &line, width));
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
        let text = format!("{} {}: {}", status_mark(x.status), x.title, x.detail);
        out.push_str(&hanging("  ", 4, &text, width));
    }
    if let Some(c) = report.causes.first() {
        kv(
            &mut out,
            l("Troligaste orsak", "Most likely cause"),
            &c.message,
        );
        kv(&mut out, l("Åtgärd", "What to do"), &c.advice);
    }
    out.push_str("-----\n");
    out
}

/// The same marks as the layers on screen and the findings: the ticket
/// says what the screen says.
fn status_mark(status: Status) -> &'static str {
    match status {
        Status::Ok => "✔",
        Status::Warn => "!",
        Status::Fail => "✘",
        Status::Skipped => "-",
    }
}
