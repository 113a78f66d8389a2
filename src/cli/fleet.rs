//! `sithsctl fleet`: a summary of many reports, as a table, CSV (the
//! cards that need action) or a `fleet` document. Exit 1 when any input
//! was skipped, 0 otherwise.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};

use super::args::FleetArgs;
use super::fleet_reasons::reason_text;
use super::output::{write_stdout, Context};
use super::render::table::{Kind, Table};
use super::render::words::{self, count, org_number};
use super::render::wrap::{field, hanging, BULLET};
use super::render::Style;
use super::{Exit, Failure};
use crate::base::lang::Lang;
use crate::report::{FleetReport, FleetSummary};
use crate::services::fleet::{expand, summarise, Input, Options};

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
    let resolve = |query: &Option<String>| -> Result<Option<crate::understanding::siths::orgs::Org>, Failure> {
        match query {
            Some(query) => Ok(Some(super::evaluate::resolve_org_query(query, ctx)?)),
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
        let text = format!(
            "{}: {}\n",
            ctx.lang.pick("hoppar över", "skipped"),
            s.message(ctx.lang)
        );
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
        write_stdout(&summary_text(&summary, ctx.lang, ctx.out));
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
        let details: Vec<String> = a
            .reasons
            .iter()
            .map(|r| words::dash_org_numbers(&r.detail))
            .collect();
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

fn summary_text(s: &FleetSummary, lang: Lang, style: Style) -> String {
    let l = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let width = style.width;
    let mut out = String::new();
    let i = &s.inputs;
    let reports = format!(
        "{} {} {}; {}, {}",
        count(
            i.reports,
            lang,
            ("kortrapport", "kortrapporter"),
            ("card report", "card reports")
        ),
        l("från", "from"),
        count(i.files, lang, ("fil", "filer"), ("file", "files")),
        count(
            i.ignored,
            lang,
            ("annat dokument", "andra dokument"),
            ("other document", "other documents")
        ),
        count(
            i.skipped,
            lang,
            ("överhoppad", "överhoppade"),
            ("skipped", "skipped")
        ),
    );
    out.push_str(&field(0, l("Rapporter:", "Reports:"), 20, &reports, width));
    out.push_str(&field(
        0,
        l("Giltighet bedömd:", "Validity judged at:"),
        20,
        &s.at,
        width,
    ));
    let c = &s.cards;
    let number = l("Antal", "Number");
    let counts = |title: &str, rows: &[(&str, u64)]| {
        let mut t = Table::new(&[(title, Kind::Text), (number, Kind::Number)]);
        for (what, n) in rows {
            t.row(vec![(*what).into(), n.to_string().into()]);
        }
        t.render_or_blocks(width, style.colour)
    };
    out.push('\n');
    out.push_str(&counts(
        l("Kort", "Cards"),
        &[
            (l("alla", "all"), c.total),
            (l("godkända", "passed"), c.pass),
            (l("med varningar", "with warnings"), c.warn),
            (l("underkända", "failed"), c.fail),
            (
                l("kontrollerade mot krav", "checked against a policy"),
                c.checked,
            ),
            (l("varav godkända", "of which passed"), c.passed),
            (
                l("misslyckade läsningar", "reads that failed"),
                c.unreadable_reads,
            ),
            (l("spärrad PIN", "PIN blocked"), c.pin_blocked),
            (l("spärrat certifikat", "certificate revoked"), c.revoked),
        ],
    ));
    let k = &s.certificates;
    out.push('\n');
    out.push_str(&counts(
        l("Certifikat", "Certificates"),
        &[
            (l("alla", "all"), k.total),
            (l("giltiga", "valid"), k.valid),
            (l("går snart ut", "expiring"), k.expiring),
            (l("utgångna", "expired"), k.expired),
            (l("ej giltiga än", "not yet valid"), k.not_yet_valid),
            (
                l("går ut inom 30 dagar", "ending within 30 days"),
                k.expiring_within_30_days,
            ),
            (
                l("inom 60 dagar", "within 60 days"),
                k.expiring_within_60_days,
            ),
            (
                l("inom 90 dagar", "within 90 days"),
                k.expiring_within_90_days,
            ),
        ],
    ));
    if let Some(o) = &s.org {
        let text = format!(
            "{} ({}): {} {}, {} {}.",
            o.name,
            org_number(&o.number),
            l(
                "legitimeringscertifikat på",
                "identification certificate on"
            ),
            count(
                o.cards_with_certificate,
                lang,
                ("kort", "kort"),
                ("card", "cards")
            ),
            l("saknas på", "missing on"),
            count(
                o.cards_missing_certificate,
                lang,
                ("kort", "kort"),
                ("card", "cards")
            ),
        );
        out.push('\n');
        out.push_str(&hanging("", 0, &text, width));
    }
    if !s.organisations.is_empty() {
        let mut t = Table::new(&[
            (l("Organisation", "Organisation"), Kind::Text),
            (l("Nummer", "Number"), Kind::Ident),
            (l("Kort", "Cards"), Kind::Number),
            (l("Certifikat", "Certificates"), Kind::Number),
        ]);
        for o in &s.organisations {
            t.row(vec![
                o.name.clone().unwrap_or_else(|| "-".into()).into(),
                org_number(&o.number).into(),
                o.cards.to_string().into(),
                o.certificates.to_string().into(),
            ]);
        }
        out.push('\n');
        out.push_str(&t.render_or_blocks(width, style.colour));
    }
    if !s.issuers.is_empty() {
        let mut t = Table::new(&[
            (l("Utfärdare", "Issuer"), Kind::Text),
            (l("Certifikat", "Certificates"), Kind::Number),
        ]);
        for x in &s.issuers {
            t.row(vec![
                x.common_name.clone().into(),
                x.certificates.to_string().into(),
            ]);
        }
        out.push('\n');
        out.push_str(&t.render_or_blocks(width, style.colour));
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
    out.push('\n');
    out.push_str(&format!(
        "{}: {}\n",
        l("Kort som behöver åtgärdas", "Cards that need action"),
        s.needs_action.len()
    ));
    if !s.needs_action.is_empty() {
        let mut t = Table::new(&[
            (l("Kortnummer", "Card number"), Kind::Ident),
            (l("Dator", "Host"), Kind::Ident),
            (l("Sedd", "Seen"), Kind::Ident),
            (l("Vad", "What"), Kind::Text),
        ])
        .min_text(30);
        for a in &s.needs_action {
            let bullet = if a.reasons.len() > 1 { BULLET } else { "" };
            let what: Vec<String> = a
                .reasons
                .iter()
                .map(|r| format!("{bullet}{}", reason_text(r, s, lang)))
                .collect();
            t.row(vec![
                a.card_number.clone().into(),
                a.host.clone().into(),
                a.seen_at.get(..10).unwrap_or(&a.seen_at).into(),
                what.join("\n").into(),
            ]);
        }
        out.push_str(&t.render_or_blocks(width, style.colour));
    }
    out
}
