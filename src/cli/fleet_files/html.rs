//! The report to look at: one self-contained HTML page (no scripts, no
//! fonts, no images, nothing fetched; it opens offline and prints well),
//! with the summary, the expiry calendar, the cards that need action and
//! what to do, the order list and the registration list. Every text from
//! the reports is escaped.

use super::markup::escape;
use super::{order_rows, registration_rows, Cell, List};
use crate::base::lang::Lang;
use crate::cli::render::words::org_number;
use crate::report::FleetSummary;

const STYLE: &str = "
body { font-family: sans-serif; margin: 2em; color: #111; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 2px solid #333; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
td.n { text-align: right; }
tr:nth-child(even) td { background: #f6f6f6; }
.fail { color: #a00000; font-weight: bold; } .warn { color: #805000; font-weight: bold; }
.summary td:first-child { width: 40%; }
svg.calendar text { font-size: 11px; fill: #111; }
svg.calendar text.org { font-size: 13px; font-weight: bold; }
svg.calendar text.month { text-anchor: middle; font-size: 10px; }
svg.calendar text.count { text-anchor: middle; font-size: 9px; }
svg.calendar text.scale { text-anchor: end; font-size: 9px; fill: #555; }
svg.calendar .cert { fill: #2f5f9f; } svg.calendar .card { fill: #d07a20; }
svg.calendar .axis { stroke: #333; stroke-width: 1; }
p.note { color: #444; }
@media print {
  body { margin: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  tr, svg.calendar g.panel { break-inside: avoid; }
  thead { display: table-header-group; }
}
";

fn table(out: &mut String, id: &str, headers: &[&str], rows: &[Vec<Cell>]) {
    out.push_str(&format!("<table id=\"{}\"><thead><tr>", escape(id)));
    for h in headers {
        out.push_str(&format!("<th>{}</th>", escape(h)));
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str(&format!("<td>{}</td>", escape(&cell.text())));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

/// What to do about a reason, by its code.
fn what_to_do(code: &str, lang: Lang) -> &'static str {
    let l = |sv, en| lang.pick(sv, en);
    match code {
        "missing_org_certificate" => l(
            "Beställ organisationens certifikat till kortet (se beställningslistan); registrera sedan HSA-id:t.",
            "Order the organisation's certificate for the card (see the order list); then register the HSA-ID.",
        ),
        "expired" => l(
            "Förnya certifikatet; gäller kortet fortfarande behövs inget nytt kort.",
            "Renew the certificate; while the card is still valid, no new card is needed.",
        ),
        "expiring" => l(
            "Förnya certifikatet före slutdatumet.",
            "Renew the certificate before it ends.",
        ),
        "card_expired" | "card_expiring" => l(
            "Beställ ett nytt kort: inget nytt certifikat kan läggas på detta.",
            "Order a new card: no new certificate can be put on this one.",
        ),
        _ => l(
            "Läs kortet med `sithsctl inspect` och följ råden (docs/findings.md).",
            "Read the card with `sithsctl inspect` and follow its advice (docs/findings.md).",
        ),
    }
}

/// The whole page.
pub fn page(s: &FleetSummary, lang: Lang) -> String {
    let l = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let at = s.at.get(..10).unwrap_or(&s.at).to_string();
    let at_day = chrono::NaiveDate::parse_from_str(&at, "%Y-%m-%d").unwrap_or_default();
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n",
        l("sv", "en"),
        escape(&format!(
            "{} {at}",
            l("SITHS-kort: översikt", "SITHS cards: overview")
        ))
    ));
    out.push_str(&format!(
        "<h1>{}</h1>\n<p class=\"note\">{} {} · sithsctl {}</p>\n",
        escape(l("SITHS-kort: översikt", "SITHS cards: overview")),
        escape(l("Bedömt per", "Judged as of")),
        escape(&at),
        escape(env!("CARGO_PKG_VERSION")),
    ));

    // Summary.
    out.push_str(&format!(
        "<h2 id=\"summary\">{}</h2>\n<table class=\"summary\"><tbody>\n",
        escape(l("Sammanfattning", "Summary"))
    ));
    let mut row = |label: &str, value: String| {
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{}</td></tr>\n",
            escape(label),
            escape(&value)
        ));
    };
    let i = &s.inputs;
    row(l("Kortrapporter", "Card reports"), i.reports.to_string());
    row(l("Filer", "Files"), i.files.to_string());
    row(l("Överhoppade", "Skipped"), i.skipped.to_string());
    row(
        l(
            "Rapporter utan certifikat (ej bedömda)",
            "Reports without certificates (not judged)",
        ),
        i.without_certificates.to_string(),
    );
    let c = &s.cards;
    row(l("Kort", "Cards"), c.total.to_string());
    row(l("Godkända", "Pass"), c.pass.to_string());
    row(l("Varning", "Warn"), c.warn.to_string());
    row(l("Underkända", "Fail"), c.fail.to_string());
    let k = &s.certificates;
    row(l("Certifikat", "Certificates"), k.total.to_string());
    row(l("Utgångna", "Expired"), k.expired.to_string());
    row(
        l("Går ut inom 90 dagar", "Ending within 90 days"),
        k.expiring_within_90_days.to_string(),
    );
    if let Some(o) = &s.org {
        row(
            &format!(
                "{} {} ({})",
                l("Kort med certifikat för", "Cards with a certificate for"),
                o.name,
                org_number(&o.number)
            ),
            o.cards_with_certificate.to_string(),
        );
        row(
            &format!(
                "{} {} ({})",
                l(
                    "Kort utan certifikat för",
                    "Cards without a certificate for"
                ),
                o.name,
                org_number(&o.number)
            ),
            o.cards_missing_certificate.to_string(),
        );
    }
    out.push_str("</tbody></table>\n");
    if !s.unjudged.is_empty() {
        out.push_str(&format!(
            "<p class=\"note\">{}</p>\n<ul id=\"unjudged\">\n",
            escape(l(
                "Rapporter utan certifikat att bedöma från (räknas inte som kort):",
                "Reports without certificates to judge from (not counted as cards):"
            ))
        ));
        for u in &s.unjudged {
            out.push_str(&format!(
                "<li>{}:{} ({}, {})</li>\n",
                escape(&u.origin),
                u.line,
                escape(&u.document),
                escape(u.card_number.as_deref().unwrap_or("-"))
            ));
        }
        out.push_str("</ul>\n");
    }

    // The calendar.
    out.push_str(&format!(
        "<h2 id=\"calendar\">{}</h2>\n<p class=\"note\">{}</p>\n",
        escape(l("Utgångskalender", "Expiry calendar")),
        escape(&format!(
            "{} {}",
            l(
                "Certifikat och kort som går ut per månad, per organisation, de närmaste",
                "Certificates and cards ending per month, per organisation, over the next"
            ),
            l("18 månaderna.", "18 months.")
        ))
    ));
    out.push_str(&super::svg::calendar(&s.calendar, lang));

    // Cards that need action.
    out.push_str(&format!(
        "<h2 id=\"needs-action\">{} ({})</h2>\n",
        escape(l("Kort som behöver åtgärdas", "Cards that need action")),
        s.needs_action.len()
    ));
    let action_rows: Vec<Vec<Cell>> = s
        .needs_action
        .iter()
        .map(|a| {
            let why: Vec<String> = a.reasons.iter().map(|r| r.detail.clone()).collect();
            let mut todo: Vec<&str> = Vec::new();
            for r in &a.reasons {
                let t = what_to_do(&r.code, lang);
                if !todo.contains(&t) {
                    todo.push(t);
                }
            }
            vec![
                Cell::Text(a.card_number.clone()),
                Cell::Text(a.host.clone()),
                Cell::Text(a.seen_at.get(..10).unwrap_or(&a.seen_at).to_string()),
                Cell::Text(why.join("; ")),
                Cell::Text(todo.join(" ")),
            ]
        })
        .collect();
    table(
        &mut out,
        "needs-action-table",
        &[
            l("Kortnummer", "Card number"),
            l("Dator", "Host"),
            l("Sedd", "Seen"),
            l("Varför", "Why"),
            l("Vad göra", "What to do"),
        ],
        &action_rows,
    );

    // The lists.
    for (list, id) in [
        (List::Orders, "orders"),
        (List::Registrations, "registrations"),
    ] {
        let rows = match list {
            List::Orders => s.orders.as_deref().map(|o| order_rows(o, at_day, lang)),
            List::Registrations => s.registrations.as_deref().map(registration_rows),
        };
        let Some(rows) = rows else { continue };
        let org = match list {
            List::Orders => s
                .orders
                .as_ref()
                .and_then(|o| o.first())
                .map(|o| o.org_number.clone()),
            List::Registrations => s
                .registrations
                .as_ref()
                .and_then(|r| r.first())
                .map(|r| r.org_number.clone()),
        };
        out.push_str(&format!(
            "<h2 id=\"{id}\">{}{} ({})</h2>\n",
            escape(match list {
                List::Orders => l("Beställningslista", "Order list"),
                List::Registrations => l("HSA-id att registrera", "HSA-IDs to register"),
            }),
            escape(
                &org.map(|o| match s.org.as_ref().filter(|x| x.number == o) {
                    Some(x) => format!(": {} ({})", x.name, org_number(&o)),
                    None => format!(": {}", org_number(&o)),
                })
                .unwrap_or_default()
            ),
            rows.len()
        ));
        table(&mut out, &format!("{id}-table"), &list.headers(lang), &rows);
    }
    out.push_str("</body></html>\n");
    out
}
