//! `sithsctl inspect`: everything about the card on one screen, and the
//! evaluation `check` shares.

use super::args::InspectArgs;
use super::evaluate::{evaluate, resolve_org};
use super::output::{write_stdout, Context};
use super::render::certificates::{self, Columns};
use super::render::words::count;
use super::render::wrap::{field, hanging};
use super::render::{paint, Paint, Style};
use super::{Exit, Failure};
use crate::base::lang::Lang;
use crate::report::{CertEntry, FindingOut, InspectReport, UnreadableCert};
use crate::services::order;
use crate::understanding::findings::Severity;
use crate::understanding::rules::{ExpirySource, Policy};
use crate::understanding::siths::hsa::HsaId;
use crate::understanding::siths::issuers::IssuerClass;

pub fn run(args: &InspectArgs, ctx: &Context) -> Result<Exit, Failure> {
    let org = resolve_org(&args.facts, ctx)?;
    let policy = Policy {
        org: org.clone(),
        ..Default::default()
    };
    let (mut report, eval, analysed) = evaluate(&args.facts, policy, "inspect", ctx, &ctx.source)?;
    // The card lacks the organisation's certificate: the order data, ready.
    if let Some(org) = &org {
        let info = order::order_info(&analysed, &eval, org, ctx.view.now, ctx.view.warn_days);
        if !info.nothing_to_order {
            report.order_info = Some(info);
        }
    }
    if ctx.json {
        ctx.print_json(&report)?;
    } else {
        write_stdout(&render(&report, ctx));
    }
    Ok(Exit::Ok)
}

/// The organisation a certificate belongs to: from its HSA-ID's number,
/// else its subject's O.
fn org_of(c: &CertEntry, ctx: &Context) -> String {
    let by_number = c
        .hsa_id
        .as_deref()
        .map(HsaId::lenient)
        .and_then(|h| h.org_number)
        .and_then(|n| ctx.registry.by_number(&n).map(|o| o.name.clone()));
    by_number
        .or_else(|| c.subject.organization.clone())
        .unwrap_or_else(|| "-".to_string())
}

fn class_text(class: IssuerClass, lang: Lang) -> &'static str {
    match class {
        IssuerClass::Production => lang.pick("produktion", "production"),
        IssuerClass::Legacy => lang.pick("gammal PKI", "legacy"),
        IssuerClass::Test => lang.pick("TEST-PKI", "TEST PKI"),
        IssuerClass::Unknown => lang.pick("okänd", "unknown"),
    }
}

/// A group of certificates: card number and organisation.
type GroupKey = (Option<String>, String);

/// The text shown by `inspect`.
pub fn render(report: &InspectReport, ctx: &Context) -> String {
    let lang = ctx.lang;
    let style = ctx.out;
    let width = style.width;
    let card = &report.card;
    let mut out = String::new();
    let line = |out: &mut String, k: &str, v: &str| out.push_str(&field(0, k, 14, v, width));
    line(&mut out, lang.pick("Läsare:", "Reader:"), &card.reader);
    let atr = match card_name(&card.atr, lang) {
        Some(name) => format!("{} ({name})", card.atr),
        None => card.atr.clone(),
    };
    line(&mut out, "ATR:", &atr);
    if let Some(t) = &card.token {
        let mut parts = Vec::new();
        if let Some(s) = &t.serial {
            parts.push(format!("{} {s}", lang.pick("serienummer", "serial")));
        }
        if let Some(l) = &t.label {
            parts.push(format!("{} {l}", lang.pick("etikett", "label")));
        }
        if !parts.is_empty() {
            line(&mut out, "Token:", &parts.join(", "));
        }
    }
    for g in &report.card_numbers {
        let Some(n) = &g.card_number else { continue };
        let mut v = n.clone();
        if g.card_number_valid == Some(false) {
            v.push_str(lang.pick(" (felaktigt)", " (malformed)"));
        }
        if let Some(d) = &g.printed_expiry {
            let from = match g.expiry_source {
                Some(ExpirySource::Inventory) => lang.pick("inventarielistan", "the inventory"),
                _ => "--card-expiry",
            };
            v.push_str(&format!(
                ", {} {d} ({} {from})",
                lang.pick("kortet giltigt till", "card valid until"),
                lang.pick("enligt", "from")
            ));
        }
        if let Some(note) = &g.note {
            v.push_str(&format!(", {note}"));
        }
        if !g.is_card {
            v.push_str(lang.pick(" (annat kort!)", " (another card!)"));
        }
        line(&mut out, lang.pick("Kortnummer:", "Card number:"), &v);
    }

    if report.certificates.is_empty() && report.unreadable_certificates.is_empty() {
        out.push_str(lang.pick(
            "\nInga certifikat på kortet.\n",
            "\nNo certificates on the card.\n",
        ));
    }
    // Certificates grouped by card number and organisation; CAs last.
    let mut groups: Vec<(GroupKey, Vec<&CertEntry>)> = Vec::new();
    for c in report.certificates.iter().filter(|c| !c.is_ca) {
        let key = (c.card_number.clone(), org_of(c, ctx));
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, rows)) => rows.push(c),
            None => groups.push((key, vec![c])),
        }
    }
    let cas: Vec<&CertEntry> = report.certificates.iter().filter(|c| c.is_ca).collect();
    let not_checked = certificates::shared_not_checked(&report.certificates);
    let columns = Columns {
        status: true,
        indent: 2,
        revocation: not_checked.is_none()
            && report.certificates.iter().any(|c| c.revocation.is_some()),
        ..Default::default()
    };
    let mut lists: Vec<&[&CertEntry]> = groups.iter().map(|(_, rows)| rows.as_slice()).collect();
    lists.push(&cas);
    let layout = certificates::layout(&lists, columns, lang, width);
    for ((number, org), rows) in &groups {
        let title = format!(
            "{} {} · {org}",
            lang.pick("Kort", "Card"),
            number
                .as_deref()
                .unwrap_or(lang.pick("(inget kortnummer)", "(no card number)"))
        );
        out.push('\n');
        out.push_str(&hanging(
            "",
            0,
            &paint(&title, Paint::Bold, style.colour),
            width,
        ));
        out.push_str(&certificates::render(rows, columns, layout, lang, style));
    }
    if !cas.is_empty() {
        out.push('\n');
        out.push_str(&paint(
            lang.pick("CA-certifikat på kortet", "CA certificates on the card"),
            Paint::Bold,
            style.colour,
        ));
        out.push('\n');
        out.push_str(&certificates::render(&cas, columns, layout, lang, style));
    }
    out.push_str(&render_unreadable(
        &report.unreadable_certificates,
        lang,
        width,
    ));
    if let Some(r) = not_checked {
        let note = format!(
            "{} {}",
            lang.pick("Spärrkontroll:", "Revocation:"),
            crate::services::card_revocation::describe(r, lang)
        );
        out.push('\n');
        out.push_str(&hanging("", 2, &note, width));
    }

    if !report.issuers.is_empty() {
        out.push_str(&format!("\n{}\n", lang.pick("Utfärdare:", "Issuers:")));
        for i in &report.issuers {
            let mut what = class_text(i.class, lang).to_string();
            if let Some(l) = i.assurance_level {
                what.push_str(&format!(
                    ", {} {l}",
                    lang.pick("tillitsnivå", "assurance level")
                ));
            }
            let text = format!(
                "{} ({what}): {}",
                i.common_name.as_deref().unwrap_or("?"),
                count(
                    i.certificates as u64,
                    lang,
                    ("certifikat", "certifikat"),
                    ("certificate", "certificates")
                )
            );
            out.push_str(&hanging("  ", 4, &text, width));
        }
    }
    out.push_str(&super::pins::render(&report.pins, lang, style.width));
    out.push_str(&render_findings(&report.findings, lang, style));
    if let Some(info) = &report.order_info {
        out.push('\n');
        out.push_str(&super::order::render(info, lang, width));
    }
    out
}

/// Certificates that could not be parsed, one paragraph each.
pub fn render_unreadable(unreadable: &[UnreadableCert], lang: Lang, width: usize) -> String {
    let mut out = String::new();
    for u in unreadable {
        let text = format!(
            "{} {} ({}): {}",
            lang.pick("Oläsbart certifikat", "Unreadable certificate"),
            u.label.clone().unwrap_or_default(),
            u.path,
            u.error
        );
        out.push_str(&hanging("", 0, &text, width));
    }
    out
}

/// What to call the card behind an ATR (as JSON's hex), in `lang`.
pub fn card_name(atr_hex: &str, lang: Lang) -> Option<&'static str> {
    let atr = hex::decode(atr_hex).ok()?;
    crate::understanding::siths::atr::name_in(&atr, lang)
}

/// The mark of a finding, coloured on a terminal.
pub fn severity_mark(severity: Severity, colour: bool) -> String {
    let paint_as = match severity {
        Severity::Ok => Paint::Green,
        // Information is neither good nor bad: not painted.
        Severity::Info => return severity.mark().to_string(),
        Severity::Warn => Paint::Yellow,
        Severity::Fail => Paint::Red,
    };
    paint(severity.mark(), paint_as, colour)
}

/// The findings, each with its mark and what to do, wrapped under itself.
pub fn render_findings(findings: &[FindingOut], lang: Lang, style: Style) -> String {
    let mut out = format!("\n{}\n", lang.pick("Resultat:", "Findings:"));
    if findings.is_empty() {
        let mark = severity_mark(Severity::Info, style.colour);
        out.push_str(&format!(
            "  {mark} {}\n",
            lang.pick("Inga anmärkningar.", "Nothing to remark.")
        ));
    }
    for f in findings {
        let mark = severity_mark(f.severity, style.colour);
        out.push_str(&hanging(&format!("  {mark} "), 4, &f.message, style.width));
        // Facts of the same cause hang under it, unmarked: not further
        // failures.
        for d in &f.details {
            out.push_str(&hanging("      · ", 8, &d.message, style.width));
        }
        out.push_str(&hanging("      → ", 8, &f.hint, style.width));
    }
    out
}
