//! `sithsctl order-info`: what to send the certificate administrator to put
//! an organisation's certificate on the card the person already has.

use super::args::OrderInfoArgs;
use super::evaluate::{evaluate, resolve_org};
use super::output::{write_stdout, Context};
use super::render::words::org_number;
use super::render::wrap::{field, hanging, indented};
use super::{Exit, Failure};
use crate::base::lang::Lang;
use crate::report::OrderInfoReport;
use crate::services::order::{self, OrderInfo, Refusal, ValidUntilSource};
use crate::understanding::rules::Policy;

pub fn run(args: &OrderInfoArgs, ctx: &Context) -> Result<Exit, Failure> {
    let Some(org) = resolve_org(&args.facts, ctx)? else {
        return Err(Failure::Other {
            exit: Exit::Usage,
            code: "usage",
            message: ctx
                .lang
                .pick(
                    "order-info behöver en organisation: --org ORG (eller `org` i konfigurationsfilen)",
                    "order-info needs an organisation: --org ORG (or `org` in the configuration file)",
                )
                .to_string(),
            hint: None,
        });
    };
    let policy = Policy {
        org: Some(org.clone()),
        ..Default::default()
    };
    // The order data needs no PIN state: the card is not asked.
    let quiet = Context {
        pin_status: false,
        ..ctx.clone()
    };
    let (inspect, eval, analysed) =
        evaluate(&args.facts, policy, "order-info", &quiet, &ctx.source)?;
    let info = order::order_info(&analysed, &eval, &org, ctx.view.now, ctx.view.warn_days);
    let refused = info.refused.is_some();
    if ctx.json {
        ctx.print_json(&OrderInfoReport {
            meta: ctx.meta("order-info"),
            card: inspect.card,
            order: info,
            certificates: inspect.certificates,
            card_numbers: inspect.card_numbers,
        })?;
    } else {
        write_stdout(&render(&info, ctx.lang, ctx.out.width));
    }
    // No order for a card that ends too soon: the answer is "a new card",
    // and a script must not send an order on.
    Ok(if refused { Exit::CheckFailed } else { Exit::Ok })
}

/// The order data for people: what to send the certificate administrator,
/// or the HSA-ID to register when there is nothing to order.
pub fn render(info: &OrderInfo, lang: Lang, width: usize) -> String {
    let l = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let number = org_number(&info.org_number);
    // An unlisted organisation is named by its number already.
    let org = if info.org_name.ends_with(&number) {
        info.org_name.clone()
    } else {
        format!("{} ({number})", info.org_name)
    };
    let mut out = String::new();
    if info.nothing_to_order {
        let text = format!(
            "{} {org}.",
            l(
                "Inget att beställa: kortet har redan ett giltigt legitimeringscertifikat för",
                "Nothing to order: the card already holds a valid identification certificate for"
            )
        );
        out.push_str(&hanging("", 0, &text, width));
        if let Some(h) = &info.hsa_id_to_register {
            let label = format!(
                "{}: ",
                l(
                    "HSA-ID att registrera i journalsystemet",
                    "HSA-ID to register in the record system"
                )
            );
            out.push_str(&hanging(&label, 2, h, width));
        }
        return out;
    }
    if let Some(why) = info.refused {
        out.push_str(&hanging("", 0, &refusal(why, info, &org, lang), width));
        return out;
    }
    let title = format!(
        "{} {org}",
        l(
            "Beställningsunderlag: certifikat till befintligt kort för",
            "Order data: a certificate on the existing card for"
        )
    );
    out.push_str(&hanging("", 0, &title, width));
    let dash = "-".to_string();
    let issuer = match (&info.issuer, &info.issuer_organization) {
        (Some(cn), Some(o)) => format!("{cn} ({o})"),
        (Some(cn), None) => cn.clone(),
        _ => dash.clone(),
    };
    let generation = info
        .card_generation
        .map(|g| format!(", {}", g.text(lang)))
        .unwrap_or_default();
    let line = |out: &mut String, label: &str, value: &str| {
        out.push_str(&field(2, &format!("{label}:"), 14, value, width));
    };
    line(
        &mut out,
        l("Utfärdare", "Issuer"),
        &format!("{issuer}{generation}"),
    );
    line(
        &mut out,
        l("Kortnummer", "Card number"),
        info.card_number.as_ref().unwrap_or(&dash),
    );
    if !info.other_card_numbers.is_empty() {
        let note = format!(
            "{} {}",
            l(
                "Obs: certifikaten på kortet har olika kortnummer; kontrollera numret på kortet:",
                "Note: the certificates on the card carry different card numbers; check the number on the card:"
            ),
            info.other_card_numbers.join(", ")
        );
        out.push_str(&indented(16, &note, width));
    }
    let until = info.valid_until.map(|d| d.to_string()).unwrap_or(dash);
    let source = match info.valid_until_source {
        Some(ValidUntilSource::PrintedExpiry) => {
            l("kortets tryckta giltighetsdatum", "the date printed on the card")
        }
        Some(ValidUntilSource::LatestIdentificationCertificate) => l(
            "slutdatum för kortets senaste legitimeringscertifikat: kontrollera det tryckta datumet på kortet",
            "end of the card's latest identification certificate: check the date printed on the card",
        ),
        None => "",
    };
    line(
        &mut out,
        l("Giltig till", "Valid until"),
        &format!("{until} ({} {source})", l("senast;", "at the latest;")),
    );
    let then = format!(
        "{} `sithsctl check --org {}` {}",
        l(
            "När certifikatet är laddat: kör",
            "Once the certificate is loaded: run"
        ),
        org_number(&info.org_number),
        l(
            "och registrera det nya HSA-ID:t i journalsystemet.",
            "and register the new HSA-ID in the record system."
        )
    );
    out.push_str(&hanging("", 0, &then, width));
    out
}

/// Why no order is offered: the card has ended or is about to, so a new
/// card is needed, with the card's date.
fn refusal(why: Refusal, info: &OrderInfo, org: &str, lang: Lang) -> String {
    let l = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let end = info
        .card_end
        .map(|d| d.to_string())
        .unwrap_or_else(|| "-".into());
    let text = match why {
        Refusal::CardExpired => format!(
            "{} {end}. {}",
            l("Ingen beställning: kortet gick ut", "No order: the card expired on"),
            l(
                "Ett certifikat kan inte gälla längre än kortet: beställ ett nytt kort hos ID-administratören.",
                "A certificate cannot outlast the card: order a new card from the ID administrator."
            )
        ),
        Refusal::CardExpiring => format!(
            "{} {end}. {}",
            l("Ingen beställning: kortet går snart ut,", "No order: the card ends soon, on"),
            l(
                "Beställ ett nytt kort hos ID-administratören i stället för ett certifikat till det här.",
                "Order a new card from the ID administrator instead of a certificate for this one."
            )
        ),
        Refusal::CardEndUnknown => l(
            "Ingen beställning: kortets certifikat har gått ut och kortets tryckta datum är okänt. Ange det med --card-expiry; har kortet gått ut behövs ett nytt kort.",
            "No order: the card's certificates have ended and the card's printed date is not known. Give it with --card-expiry; if the card has ended, a new card is needed."
        )
        .to_string(),
    };
    format!("{} {org}: {text}", lang.pick("För", "For"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disagreeing_card_numbers_are_told_and_lines_fit() {
        let info = OrderInfo {
            org_number: "2120001355".into(),
            org_name: "Göteborgs Stad".into(),
            nothing_to_order: false,
            hsa_id_to_register: None,
            issuer: Some("SITHS e-id Person HSA-id 3 CA v1".into()),
            issuer_organization: Some("Inera AB".into()),
            card_generation: None,
            card_number: Some("9752240000000001070".into()),
            other_card_numbers: vec!["9752240000000001773".into()],
            valid_until: chrono::NaiveDate::from_ymd_opt(2030, 6, 1),
            valid_until_source: Some(ValidUntilSource::PrintedExpiry),
            refused: None,
            card_end: None,
        };
        let text = render(&info, Lang::En, 60);
        assert!(text.contains("different card numbers"), "{text}");
        assert!(text.contains("(212000-1355)"), "{text}");
        assert!(text.contains("212000-1355`"), "{text}");
        for line in text.lines() {
            assert!(super::super::render::width_of(line) <= 60, "{line}");
        }
    }
}
