//! `sithsctl inspect`: everything about the card on one screen, and the
//! evaluation `check` shares.

use comfy_table::{Cell, Color, Table};

use super::args::{CardFactArgs, InspectArgs};
use super::common::read_and_analyse_from;
use super::output::{table, write_stdout, Context};
use super::{Exit, Failure};
use crate::base::lang::Lang;
use crate::reading::layout::pkcs15::Wanted;
use crate::reading::read::Source;
use crate::report::{
    cert_entries, issuer_summaries, CardNumberOut, CardSummary, CertEntry, FindingOut,
    InspectReport,
};
use crate::services::order;
use crate::understanding::analysis::AnalysedCert;
use crate::understanding::cert::{Role, Validity};
use crate::understanding::findings::role_word;
use crate::understanding::inventory::Inventory;
use crate::understanding::rules::{self, Evaluation, ExpirySource, Options, Policy};
use crate::understanding::siths::hsa::HsaId;
use crate::understanding::siths::issuers::IssuerClass;
use crate::understanding::siths::orgs::{self, Org};

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
    let text = crate::base::input::read_text_capped(
        path,
        crate::understanding::inventory::MAX_INVENTORY_BYTES,
    )
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
    let wanted = Wanted::EVERYTHING.asking_pin_status(ctx.pin_status);
    let (read, analysed) = read_and_analyse_from(ctx, source, wanted)?;
    let options = Options {
        now: ctx.view.now,
        warn_days: ctx.view.warn_days,
        show_personal_numbers: ctx.view.show_personal_numbers,
        card_expiry: facts.card_expiry,
        inventory: inventory.as_ref(),
        policy,
    };
    let token_serial = read.card.token.as_ref().and_then(|t| t.serial.as_deref());
    let mut eval = rules::evaluate(&analysed, token_serial, &options);
    rules::apply_pins(&mut eval, &read.pins, &options.policy);
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
        pins: read.pins.clone(),
    };
    Ok((report, eval, analysed))
}

fn status_text(status: Validity, lang: Lang) -> &'static str {
    match status {
        Validity::Valid => lang.pick("giltigt", "valid"),
        Validity::Expiring => lang.pick("går snart ut", "expiring"),
        Validity::Expired => lang.pick("utgånget", "expired"),
        Validity::NotYetValid => lang.pick("ej giltigt än", "not yet valid"),
    }
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

/// The text shown by `inspect` (and at the top of `check`).
pub fn render(report: &InspectReport, ctx: &Context) -> String {
    let lang = ctx.lang;
    let colour = ctx.colour;
    let card = &report.card;
    let mut out = String::new();
    let line = |out: &mut String, k: &str, v: &str| out.push_str(&format!("{k:<14}{v}\n"));
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
    let mut keys: Vec<(Option<String>, String)> = Vec::new();
    for c in report.certificates.iter().filter(|c| !c.is_ca) {
        let key = (c.card_number.clone(), org_of(c, ctx));
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    for (number, org) in &keys {
        out.push_str(&format!(
            "\n{} {} · {org}\n",
            lang.pick("Kort", "Card"),
            number
                .as_deref()
                .unwrap_or(lang.pick("(inget kortnummer)", "(no card number)"))
        ));
        let rows: Vec<&CertEntry> = report
            .certificates
            .iter()
            .filter(|c| !c.is_ca && &c.card_number == number && &org_of(c, ctx) == org)
            .collect();
        out.push_str(&format!("{}\n", cert_table(&rows, lang, colour)));
    }
    let cas: Vec<&CertEntry> = report.certificates.iter().filter(|c| c.is_ca).collect();
    if !cas.is_empty() {
        out.push_str(&format!(
            "\n{}\n{}\n",
            lang.pick("CA-certifikat på kortet", "CA certificates on the card"),
            cert_table(&cas, lang, colour)
        ));
    }
    for u in &report.unreadable_certificates {
        out.push_str(&format!(
            "{} {} ({}): {}\n",
            lang.pick("Oläsbart certifikat", "Unreadable certificate"),
            u.label.clone().unwrap_or_default(),
            u.path,
            u.error
        ));
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
            out.push_str(&format!(
                "  {} ({what}): {} {}\n",
                i.common_name.as_deref().unwrap_or("?"),
                i.certificates,
                lang.pick("certifikat", "certificate(s)")
            ));
        }
    }
    out.push_str(&super::pins::render(&report.pins, lang));
    out.push_str(&render_findings(&report.findings, lang));
    if let Some(info) = &report.order_info {
        out.push('\n');
        out.push_str(&order::render(info, lang));
    }
    out
}

fn cert_table(rows: &[&CertEntry], lang: Lang, colour: bool) -> Table {
    let mut table = table(vec![
        lang.pick("Typ", "Role"),
        lang.pick("Innehavare", "Holder"),
        "HSA-ID",
        lang.pick("Utfärdare", "Issuer"),
        lang.pick("Nivå", "Level"),
        lang.pick("Giltig från", "Valid from"),
        lang.pick("Giltig till", "Valid to"),
        lang.pick("Dagar kvar", "Days left"),
        lang.pick("Status", "Status"),
    ]);
    for c in rows {
        let hsa = c
            .hsa_id
            .clone()
            .or_else(|| c.personal_number.as_ref().map(|p| format!("({p})")))
            .unwrap_or_default();
        let role = if c.is_ca && c.role == Role::Other {
            "CA"
        } else {
            role_word(c.role, lang)
        };
        let mut status = Cell::new(status_text(c.status, lang));
        if colour {
            status = status.fg(match c.status {
                Validity::Valid => Color::Green,
                Validity::Expiring | Validity::NotYetValid => Color::Yellow,
                Validity::Expired => Color::Red,
            });
        }
        let day = |s: &str| s.get(..10).unwrap_or(s).to_string();
        table.add_row(vec![
            Cell::new(role),
            Cell::new(c.subject.common_name.clone().unwrap_or_default()),
            Cell::new(hsa),
            Cell::new(c.issuer.common_name.clone().unwrap_or_default()),
            Cell::new(
                c.issuer
                    .assurance_level
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "-".into()),
            ),
            Cell::new(day(&c.not_before)),
            Cell::new(day(&c.not_after)),
            Cell::new(c.days_left.to_string()),
            status,
        ]);
    }
    table
}

/// The findings, each with its mark and what to do.
pub fn render_findings(findings: &[FindingOut], lang: Lang) -> String {
    let mut out = format!("\n{}\n", lang.pick("Resultat:", "Findings:"));
    if findings.is_empty() {
        out.push_str(lang.pick("  ✔ Inga anmärkningar.\n", "  ✔ Nothing to remark.\n"));
    }
    for f in findings {
        out.push_str(&format!(
            "  {} {}\n      → {}\n",
            f.severity_mark(),
            f.message,
            f.hint
        ));
    }
    out
}

impl FindingOut {
    fn severity_mark(&self) -> &'static str {
        self.severity.mark()
    }
}
