//! `sithsctl inspect`: everything about the card on one screen, and the
//! evaluation `check` shares.

use super::args::{CardFactArgs, InspectArgs};
use super::common::read_and_analyse_from;
use super::output::{write_stdout, Context};
use super::render::certificates::{self, Columns};
use super::render::words::count;
use super::render::wrap::{field, hanging};
use super::render::{paint, Paint, Style};
use super::{Exit, Failure};
use crate::analysis::AnalysedCert;
use crate::findings::Severity;
use crate::inventory::Inventory;
use crate::lang::Lang;
use crate::layout::pkcs15::Wanted;
use crate::order;
use crate::read::Source;
use crate::report::{
    cert_entries, issuer_summaries, CardNumberOut, CardSummary, CertEntry, FindingOut,
    InspectReport, UnreadableCert,
};
use crate::rules::{self, Evaluation, ExpirySource, Options, Policy};
use crate::siths::hsa::HsaId;
use crate::siths::issuers::IssuerClass;
use crate::siths::orgs::{self, Org};

pub fn run(args: &InspectArgs, ctx: &Context) -> Result<Exit, Failure> {
    let org = resolve_org(&args.facts, ctx)?;
    let policy = Policy {
        org: org.clone(),
        ..Default::default()
    };
    let (mut report, eval, analysed) = evaluate(&args.facts, policy, "inspect", ctx, &ctx.source)?;
    // The card lacks the organisation's certificate: the order data, ready.
    if let Some(org) = &org {
        let info = order::order_info(&analysed, &eval, org, ctx.view.now);
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

/// The organisation from `--org` or the configuration's `org`.
pub fn resolve_org(facts: &CardFactArgs, ctx: &Context) -> Result<Option<Org>, Failure> {
    let Some(query) = facts.org.as_ref().or(ctx.config.org.as_ref()) else {
        return Ok(None);
    };
    orgs::resolve(query, &ctx.registry)
        .cloned()
        .map(Some)
        .map_err(|e| Failure::Other {
            exit: Exit::Usage,
            code: "unknown_organisation",
            message: e.to_string(),
            hint: Some(
                ctx.lang
                    .pick(
                        "Se `sithsctl orgs` för kända organisationer; lägg till egna i konfigurationsfilen ([[organisation]]).",
                        "See `sithsctl orgs` for the known organisations; add your own in the configuration file ([[organisation]]).",
                    )
                    .to_string(),
            ),
        })
}

/// The inventory from `--inventory` or the configuration's `inventory`.
pub fn load_inventory(facts: &CardFactArgs, ctx: &Context) -> Result<Option<Inventory>, Failure> {
    let Some(path) = facts.inventory.as_ref().or(ctx.config.inventory.as_ref()) else {
        return Ok(None);
    };
    let bad = |message: String| {
        Failure::Other {
        exit: Exit::Input,
        code: "bad_inventory",
        message: format!("inventory {}: {message}", path.display()),
        hint: Some(
            ctx.lang
                .pick(
                    "Varje rad: kortnummer,tryckt giltighetsdatum (ÅÅÅÅ-MM-DD)[,anteckning]; rubrikrad valfri.",
                    "Each line: card number,printed expiry (YYYY-MM-DD)[,note]; a header line is optional.",
                )
                .to_string(),
        ),
    }
    };
    let text = crate::input::read_text_capped(path, crate::inventory::MAX_INVENTORY_BYTES)
        .map_err(|e| bad(e.to_string()))?;
    Inventory::parse(&text)
        .map(Some)
        .map_err(|e| bad(e.to_string()))
}

/// Reads the card at `source`, applies the rules and builds the inspect document.
pub fn evaluate(
    facts: &CardFactArgs,
    policy: Policy,
    document: &'static str,
    ctx: &Context,
    source: &Source,
) -> Result<(InspectReport, Evaluation, Vec<AnalysedCert>), Failure> {
    let inventory = load_inventory(facts, ctx)?;
    let (read, analysed) = read_and_analyse_from(ctx, source, Wanted::EVERYTHING)?;
    let options = Options {
        now: ctx.view.now,
        warn_days: ctx.view.warn_days,
        show_personal_numbers: ctx.view.show_personal_numbers,
        card_expiry: facts.card_expiry,
        inventory: inventory.as_ref(),
        policy,
    };
    let token_serial = read.card.token.as_ref().and_then(|t| t.serial.as_deref());
    let eval = rules::evaluate(&analysed, token_serial, &options);
    let (certificates, unreadable) = cert_entries(&analysed, &ctx.view);
    let report = InspectReport {
        meta: ctx.meta(document),
        card: CardSummary::new(&read),
        card_number: eval.card_number.clone(),
        card_numbers: eval.groups.iter().map(CardNumberOut::new).collect(),
        issuers: issuer_summaries(&certificates),
        certificates,
        unreadable_certificates: unreadable,
        findings: eval
            .findings
            .iter()
            .map(|f| FindingOut::new(f, ctx.lang))
            .collect(),
        verdict: eval.verdict,
        order_info: None,
    };
    Ok((report, eval, analysed))
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
    let atr = match card.atr_name {
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
    let columns = Columns {
        status: true,
        indent: 2,
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

/// The mark of a finding, coloured on a terminal.
pub fn severity_mark(severity: Severity, colour: bool) -> String {
    let paint_as = match severity {
        Severity::Info => Paint::Green,
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
        out.push_str(&hanging("      → ", 8, &f.hint, style.width));
    }
    out
}
