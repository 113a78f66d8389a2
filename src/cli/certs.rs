//! `sithsctl certs`: the certificates on the card, one line each.

use super::args::CertsArgs;
use super::common::read_and_analyse;
use super::output::{write_stdout, Context};
use super::render::certificates::{self, Columns};
use super::render::wrap::field;
use super::render::Style;
use super::{Exit, Failure};
use crate::base::lang::Lang;
use crate::reading::layout::pkcs15::Wanted;
use crate::report::{cert_entries, CardSummary, CertEntry, CertsReport};

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
        write_stdout(&render(&report, ctx.lang, ctx.out));
    }
    Ok(if report.unreadable_certificates.is_empty() {
        Exit::Ok
    } else {
        Exit::Card
    })
}

fn render(report: &CertsReport, lang: Lang, style: Style) -> String {
    let width = style.width;
    let card = &report.card;
    let mut out = String::new();
    let line = |out: &mut String, k: &str, v: &str| out.push_str(&field(0, k, 14, v, width));
    line(&mut out, lang.pick("Läsare:", "Reader:"), &card.reader);
    if let Some(serial) = card.token.as_ref().and_then(|t| t.serial.as_ref()) {
        line(&mut out, lang.pick("Serienummer:", "Token serial:"), serial);
    }
    // One card number for every certificate that has one: said once.
    let mut numbers: Vec<&str> = report
        .certificates
        .iter()
        .filter_map(|c| c.card_number.as_deref())
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    if let [number] = numbers.as_slice() {
        line(&mut out, lang.pick("Kortnummer:", "Card number:"), number);
    }
    if report.certificates.is_empty() && report.unreadable_certificates.is_empty() {
        out.push_str(lang.pick(
            "Inga certifikat på kortet.\n",
            "No certificates on the card.\n",
        ));
        return out;
    }
    if !report.certificates.is_empty() {
        let rows: Vec<&CertEntry> = report.certificates.iter().collect();
        let columns = Columns {
            label: true,
            card_number: numbers.len() > 1,
            ..Default::default()
        };
        let layout = certificates::layout(&[&rows], columns, lang, width);
        if layout == certificates::Layout::Table {
            out.push('\n');
        }
        out.push_str(&certificates::render(&rows, columns, layout, lang, style));
    }
    out.push_str(&super::inspect::render_unreadable(
        &report.unreadable_certificates,
        lang,
        width,
    ));
    out
}
