//! `sithsctl fleet`: a summary of many reports, as a table, CSV (the
//! cards that need action) or a `fleet` document. Exit 1 when any input
//! was skipped, 0 otherwise.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};

use super::args::FleetArgs;
use super::output::{table, write_stdout, Context};
use super::{Exit, Failure};
use crate::base::lang::Lang;
use crate::report::{FleetReport, FleetSummary};
use crate::services::fleet::{expand, summarise, Input, Options};
use crate::understanding::siths::orgs;

pub fn run(args: &FleetArgs, ctx: &Context) -> Result<Exit, Failure> {
    if ctx.json && args.csv {
        return Err(Failure::Other {
            exit: Exit::Usage,
            code: "usage",
            message: "--csv and --json cannot be used together".into(),
            hint: None,
        });
    }
    if ctx.json {
        ctx.require_document("fleet")?;
    }
    let resolve = |query: &Option<String>| -> Result<Option<orgs::Org>, Failure> {
        match query {
            Some(query) => Ok(Some(orgs::resolve(query, &ctx.registry).cloned().map_err(
                |e| Failure::Other {
                    exit: Exit::Usage,
                    code: "unknown_organisation",
                    message: e.to_string(),
                    hint: Some("See `sithsctl orgs` for the known organisations.".into()),
                },
            )?)),
            None => Ok(None),
        }
    };
    let org = resolve(&args.org)?;
    let mut orders = resolve(&args.orders)?;
    let mut register = resolve(&args.register)?;
    // A workbook without a list named holds both lists for --org.
    if args.xlsx.is_some() && orders.is_none() && register.is_none() {
        if org.is_none() {
            return Err(Failure::Other {
                exit: Exit::Usage,
                code: "usage",
                message: ctx
                    .lang
                    .pick(
                        "--xlsx behöver en lista: --orders ORG, --register ORG (eller --org ORG för båda)",
                        "--xlsx needs a list: --orders ORG, --register ORG (or --org ORG for both)",
                    )
                    .into(),
                hint: None,
            });
        }
        orders = org.clone();
        register = org.clone();
    }
    // The report's lists: those asked for, else both for --org.
    if args.html.is_some() && orders.is_none() && register.is_none() {
        orders = org.clone();
        register = org.clone();
    }
    let lists_to_stdout =
        !ctx.json && args.xlsx.is_none() && (args.orders.is_some() || args.register.is_some());
    if lists_to_stdout && args.orders.is_some() && args.register.is_some() {
        return Err(Failure::Other {
            exit: Exit::Usage,
            code: "usage",
            message: ctx
                .lang
                .pick(
                    "en lista i taget som CSV: --orders eller --register, eller båda i en arbetsbok med --xlsx FIL",
                    "one list at a time as CSV: --orders or --register, or both in a workbook with --xlsx FILE",
                )
                .into(),
            hint: None,
        });
    }
    let card_dates = match args.inventory.as_ref().or(ctx.config.inventory.as_ref()) {
        Some(path) => super::fleet_drive::inventory_dates(path, ctx)?,
        None => Default::default(),
    };
    // The org judged: --org, else the list's.
    let judged_org = org
        .clone()
        .or_else(|| orders.clone())
        .or_else(|| register.clone());
    let (inputs, not_found) = expand(&args.paths);
    let skipped = AtomicU64::new(0);
    let tell = |s: &crate::services::fleet::Skip| {
        skipped.fetch_add(1, Ordering::Relaxed);
        let text = format!("{}: {s}\n", ctx.lang.pick("hoppar över", "skipped"));
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    };
    for s in &not_found {
        tell(s);
    }
    let total: u64 = inputs
        .iter()
        .map(|i| match i {
            Input::File { size, .. } => *size,
            Input::Stdin => 0,
        })
        .sum();
    let bar = progress_bar(total);
    let progress = |n: u64| {
        if let Some(b) = &bar {
            b.inc(n);
        }
    };
    let options = Options {
        org: judged_org,
        orders,
        register,
        card_dates,
        card_days: ctx.view.warn_days,
        lang: ctx.lang,
        threads: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(8),
        ..Options::new(ctx.view.now, ctx.registry.clone())
    };
    let mut summary = summarise(&inputs, &options, &tell, &progress);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    summary.inputs.skipped += not_found.len() as u64;
    let any_skipped = summary.inputs.skipped > 0 || skipped.load(Ordering::Relaxed) > 0;
    super::fleet_drive::write_files(args, &summary, ctx)?;
    if ctx.json {
        ctx.print_json(&FleetReport {
            meta: ctx.meta("fleet"),
            summary,
        })?;
    } else if lists_to_stdout {
        write_stdout(&super::fleet_drive::list_csv(args, &summary, ctx));
    } else if args.csv {
        write_stdout(&csv(&summary));
    } else {
        write_stdout(&summary_text(&summary, ctx.lang));
    }
    Ok(if any_skipped {
        Exit::CheckFailed
    } else {
        Exit::Ok
    })
}

/// A bar on standard error, only when that is a terminal.
fn progress_bar(total: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || total == 0 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

/// The cards that need action, one row each.
fn csv(s: &FleetSummary) -> String {
    let mut out = String::from("card_number,host,seen_at,verdict,reasons,details\n");
    for a in &s.needs_action {
        let codes: Vec<&str> = a.reasons.iter().map(|r| r.code.as_str()).collect();
        let details: Vec<&str> = a.reasons.iter().map(|r| r.detail.as_str()).collect();
        let verdict = serde_json::to_value(a.verdict)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let row = [
            a.card_number.as_str(),
            a.host.as_str(),
            a.seen_at.as_str(),
            verdict.as_str(),
            &codes.join(" "),
            &details.join("; "),
        ]
        .map(csv_field);
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// Quotes a CSV field when it must be, and defuses spreadsheet formulas.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn summary_text(s: &FleetSummary, lang: Lang) -> String {
    let l = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let mut out = String::new();
    let i = &s.inputs;
    out.push_str(&format!(
        "{}: {} {} {} {} ({} {}, {} {}); {} {}\n\n",
        l("Rapporter", "Reports"),
        i.reports,
        l("kortrapporter från", "card reports from"),
        i.files,
        l("filer", "files"),
        i.ignored,
        l("andra dokument", "other documents"),
        i.skipped,
        l("överhoppade", "skipped"),
        l("giltighet bedömd", "expiry judged at"),
        s.at
    ));
    let c = &s.cards;
    let mut t = table(vec![
        l("Kort", "Cards"),
        l("totalt", "total"),
        l("godkänt", "pass"),
        l("varning", "warn"),
        l("underkänt", "fail"),
        l("kontrollerade", "checked"),
        l("klarade", "passed"),
        l("oläsbara", "unreadable reads"),
    ]);
    t.add_row(vec![
        String::new(),
        c.total.to_string(),
        c.pass.to_string(),
        c.warn.to_string(),
        c.fail.to_string(),
        c.checked.to_string(),
        c.passed.to_string(),
        c.unreadable_reads.to_string(),
    ]);
    out.push_str(&format!("{t}\n\n"));
    let k = &s.certificates;
    let mut t = table(vec![
        l("Certifikat", "Certificates"),
        l("totalt", "total"),
        l("giltiga", "valid"),
        l("går snart ut", "expiring"),
        l("utgångna", "expired"),
        l("ej giltiga än", "not yet valid"),
        l("≤30 dagar", "≤30 days"),
        l("≤60 dagar", "≤60 days"),
        l("≤90 dagar", "≤90 days"),
    ]);
    t.add_row(vec![
        String::new(),
        k.total.to_string(),
        k.valid.to_string(),
        k.expiring.to_string(),
        k.expired.to_string(),
        k.not_yet_valid.to_string(),
        k.expiring_within_30_days.to_string(),
        k.expiring_within_60_days.to_string(),
        k.expiring_within_90_days.to_string(),
    ]);
    out.push_str(&format!("{t}\n"));
    if let Some(o) = &s.org {
        out.push_str(&format!(
            "\n{} ({}): {} {}, {} {}\n",
            o.name,
            o.number,
            o.cards_with_certificate,
            l(
                "kort med dess legitimeringscertifikat",
                "cards with its identification certificate"
            ),
            o.cards_missing_certificate,
            l("utan", "without")
        ));
    }
    if !s.organisations.is_empty() {
        let mut t = table(vec![
            l("Organisation", "Organisation"),
            l("nummer", "number"),
            l("kort", "cards"),
            l("certifikat", "certificates"),
        ]);
        for o in &s.organisations {
            t.add_row(vec![
                o.name.clone().unwrap_or_else(|| "-".into()),
                o.number.clone(),
                o.cards.to_string(),
                o.certificates.to_string(),
            ]);
        }
        out.push_str(&format!("\n{t}\n"));
    }
    if !s.issuers.is_empty() {
        let mut t = table(vec![
            l("Utfärdare", "Issuer"),
            l("certifikat", "certificates"),
        ]);
        for x in &s.issuers {
            t.add_row(vec![x.common_name.clone(), x.certificates.to_string()]);
        }
        out.push_str(&format!("\n{t}\n"));
    }
    if i.without_certificates > 0 {
        out.push_str(&format!(
            "\n{} {}:\n",
            i.without_certificates,
            l(
                "rapporter utan certifikat att bedöma från (räknas inte som kort)",
                "reports without certificates to judge from (not counted as cards)"
            )
        ));
        for u in &s.unjudged {
            out.push_str(&format!(
                "  {}:{}  {}  {}\n",
                u.origin,
                u.line,
                u.document,
                u.card_number.as_deref().unwrap_or("-")
            ));
        }
    }
    out.push_str(&format!(
        "\n{}: {}\n",
        l("Kort som behöver åtgärdas", "Cards that need action"),
        s.needs_action.len()
    ));
    if !s.needs_action.is_empty() {
        let mut t = table(vec![
            l("Kortnummer", "Card number"),
            l("dator", "host"),
            l("sedd", "seen"),
            l("vad", "what"),
        ]);
        for a in &s.needs_action {
            let what: Vec<String> = a
                .reasons
                .iter()
                .map(|r| format!("{}: {}", r.code, r.detail))
                .collect();
            t.add_row(vec![
                a.card_number.clone(),
                a.host.clone(),
                a.seen_at.get(..10).unwrap_or(&a.seen_at).to_string(),
                what.join("\n"),
            ]);
        }
        out.push_str(&format!("{t}\n"));
    }
    out
}
