//! `sithsctl certs`: the certificates on the card, one line each.

use super::args::CertsArgs;
use super::common::read_and_analyse;
use super::output::{table, write_stdout, Context};
use super::{Exit, Failure};
use crate::base::lang::Lang;
use crate::reading::layout::pkcs15::Wanted;
use crate::report::{cert_entries, CardSummary, CertsReport};
use crate::understanding::cert::Role;

pub fn run(args: &CertsArgs, ctx: &Context) -> Result<Exit, Failure> {
    let (read, analysed) = read_and_analyse(ctx, Wanted::CERTIFICATES)?;
    if let Some(dir) = &args.export {
        super::certs_export::export(dir, &analysed, args.force, ctx)?;
    }
    let (certificates, unreadable) = cert_entries(&analysed, &ctx.view);
    let report = CertsReport {
        meta: ctx.meta("certs"),
        card: CardSummary::new(&read),
        certificates,
        unreadable_certificates: unreadable,
    };
    if ctx.json {
        ctx.print_json(&report)?;
    } else {
        write_stdout(&render(&report, ctx.lang));
    }
    Ok(if report.unreadable_certificates.is_empty() {
        Exit::Ok
    } else {
        Exit::Card
    })
}

pub fn role_text(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Identification => lang.pick("legitimering", "identification"),
        Role::Signature => lang.pick("underskrift", "signature"),
        Role::Other => lang.pick("övrigt", "other"),
    }
}

fn render(report: &CertsReport, lang: Lang) -> String {
    let card = &report.card;
    let mut out = format!("{}: {}\n", lang.pick("Läsare", "Reader"), card.reader);
    if let Some(token) = &card.token {
        if let Some(serial) = &token.serial {
            out.push_str(&format!(
                "{}: {serial}\n",
                lang.pick("Kortets serienummer", "Token serial")
            ));
        }
    }
    if report.certificates.is_empty() && report.unreadable_certificates.is_empty() {
        out.push_str(lang.pick(
            "Inga certifikat på kortet.\n",
            "No certificates on the card.\n",
        ));
        return out;
    }
    let mut table = table(vec![
        lang.pick("Etikett", "Label"),
        lang.pick("Typ", "Role"),
        lang.pick("Innehavare", "Holder"),
        "HSA-ID",
        lang.pick("Kortnummer", "Card number"),
        lang.pick("Utfärdare", "Issuer"),
        lang.pick("Giltig till", "Valid to"),
        lang.pick("Dagar kvar", "Days left"),
    ]);
    for c in &report.certificates {
        let hsa = c
            .hsa_id
            .clone()
            .or_else(|| c.personal_number.as_ref().map(|p| format!("({p})")))
            .unwrap_or_default();
        table.add_row(vec![
            c.label.clone().unwrap_or_default(),
            role_text(c.role, lang).to_string(),
            c.subject.common_name.clone().unwrap_or_default(),
            hsa,
            c.card_number.clone().unwrap_or_default(),
            c.issuer.common_name.clone().unwrap_or_default(),
            c.not_after.get(..10).unwrap_or(&c.not_after).to_string(),
            c.days_left.to_string(),
        ]);
    }
    out.push_str(&format!("{table}\n"));
    for u in &report.unreadable_certificates {
        out.push_str(&format!(
            "{} {} ({}): {}\n",
            lang.pick("Oläsbart certifikat", "Unreadable certificate"),
            u.label.clone().unwrap_or_default(),
            u.path,
            u.error
        ));
    }
    out
}
