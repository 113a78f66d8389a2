//! `watch --kiosk`: the desk of a card drive. People come by, insert
//! their card and go; per card one large result, readable from a step
//! away: the name and the HSA-ID to register, or the data to order the
//! organisation's certificate, or that a new card is needed. Then ready
//! for the next card.

use std::io::IsTerminal;

use chrono::NaiveDate;

use super::output::Context;
use super::render::{paint, Paint};
use crate::report::{WatchCheck, WatchEvent, WatchRecord};
use crate::services::order;
use crate::understanding::findings::{Code, Severity};

/// The width of the panel, in characters.
const WIDTH: usize = 64;

/// Letters spread out, for the headline.
fn spread(text: &str) -> String {
    let mut out = String::new();
    for (i, ch) in text.chars().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

/// The holder's name: that of the certificate with the HSA-ID to
/// register, else the first name on the card.
fn name_of(c: &WatchCheck) -> Option<String> {
    let to_register = c.hsa_id_to_register.as_deref();
    c.certificates
        .iter()
        .filter(|x| !x.is_ca)
        .find(|x| to_register.is_some() && x.hsa_id.as_deref() == to_register)
        .or_else(|| {
            c.certificates
                .iter()
                .find(|x| !x.is_ca && x.subject.common_name.is_some())
        })
        .and_then(|x| x.subject.common_name.clone())
}

fn framed(lines: &[String]) -> String {
    let mut out = format!("╔{}╗\n", "═".repeat(WIDTH - 2));
    out.push_str(&format!("║{}║\n", " ".repeat(WIDTH - 2)));
    for l in lines {
        for piece in wrap(l, WIDTH - 6) {
            let pad = (WIDTH - 6).saturating_sub(piece.chars().count());
            out.push_str(&format!("║  {piece}{}  ║\n", " ".repeat(pad)));
        }
    }
    out.push_str(&format!("║{}║\n", " ".repeat(WIDTH - 2)));
    out.push_str(&format!("╚{}╝\n", "═".repeat(WIDTH - 2)));
    out
}

/// `text` cut into lines of at most `width` characters, at spaces where
/// it can be.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.chars().count() > width {
            let head: String = line.chars().take(width).collect();
            let rest: String = line.chars().skip(width).collect();
            lines.push(head);
            line = rest;
        }
    }
    lines.push(line);
    lines
}

/// What the desk shows for a record: a panel for a card, a line when the
/// card is taken out. The screen is cleared first on a terminal.
pub fn show(record: &WatchRecord, ctx: &Context) -> String {
    let lang = ctx.lang;
    let l = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let clear = if std::io::stdout().is_terminal() {
        "\x1b[2J\x1b[H"
    } else {
        ""
    };
    match record.event {
        WatchEvent::CardInserted => {}
        WatchEvent::CardRemoved => {
            return format!(
                "{}\n\n",
                l("Redo för nästa kort.", "Ready for the next card.")
            );
        }
        _ => return String::new(),
    }
    let (mark, colour, headline, mut lines) = match (&record.check, &record.error) {
        (Some(c), _) => panel(c, ctx),
        (None, Some(e)) => (
            "✘",
            Paint::Red,
            l("KORTET GÅR INTE ATT LÄSA", "THE CARD CANNOT BE READ"),
            vec![
                e.message.clone(),
                e.hint.clone().unwrap_or_default(),
                l(
                    "Ta ut kortet och sätt i det igen, helt och med chipet först.",
                    "Take the card out and insert it again, fully, chip first.",
                )
                .into(),
            ],
        ),
        (None, None) => return String::new(),
    };
    lines.insert(0, String::new());
    lines.insert(0, format!("{mark}  {}", spread(headline)));
    let panel = framed(&lines);
    format!(
        "{clear}{}\n{}\n\n",
        paint(&panel, colour, ctx.out.colour),
        l(
            "Ta ut kortet; sedan är det nästa persons tur.",
            "Take the card out; then it is the next person's turn."
        )
    )
}

/// The result for a card that was read.
fn panel(c: &WatchCheck, ctx: &Context) -> (&'static str, Paint, &'static str, Vec<String>) {
    let lang = ctx.lang;
    let l = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let name =
        name_of(c).unwrap_or_else(|| l("(inget namn på kortet)", "(no name on the card)").into());
    let card_number = c.card_number.clone().unwrap_or_else(|| "-".into());
    if let Some(h) = &c.hsa_id_to_register {
        return (
            "✔",
            Paint::Green,
            l("KLART", "DONE"),
            vec![
                name,
                String::new(),
                format!("{}:", l("HSA-id att registrera", "HSA-ID to register")),
                format!("    {h}"),
            ],
        );
    }
    let blocked = c.findings.iter().any(|f| {
        f.severity == Severity::Fail
            && matches!(
                f.code,
                Code::CertificateRevoked | Code::CertificateRevokedCompromised
            )
    });
    if blocked {
        return (
            "✘",
            Paint::Red,
            l("KORTET ÄR SPÄRRAT", "CARD BLOCKED"),
            vec![
                name,
                String::new(),
                l(
                    "Certifikatet som inloggningen använder är spärrat.",
                    "The certificate the login uses is revoked.",
                )
                .into(),
                l(
                    "Ett spärrat kort kan inte låsas upp: nytt kort hos ID-administratören.",
                    "A blocked card cannot be unblocked: a new card from the ID administrator.",
                )
                .into(),
                format!("{}: {card_number}", l("Kortnummer", "Card number")),
            ],
        );
    }
    let Some(o) = &c.order_info else {
        // No organisation asked for: the check's outcome.
        let (mark, colour, word) = if c.passed {
            ("✔", Paint::Green, l("GODKÄNT", "PASS"))
        } else {
            ("✘", Paint::Red, l("UNDERKÄNT", "FAIL"))
        };
        return (
            mark,
            colour,
            word,
            vec![
                name,
                format!("{}: {card_number}", l("Kortnummer", "Card number")),
            ],
        );
    };
    let printed: Option<NaiveDate> = c
        .card_numbers
        .iter()
        .find(|g| g.is_card)
        .and_then(|g| g.printed_expiry.as_deref())
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    if order::card_ends_too_soon(printed, ctx.view.now, ctx.view.warn_days) {
        let end = printed.map(|d| d.to_string()).unwrap_or_default();
        return (
            "✘",
            Paint::Yellow,
            l("NYTT KORT BEHÖVS", "NEW CARD NEEDED"),
            vec![
                name,
                String::new(),
                format!("{}: {end}", l("Kortet går ut", "The card ends")),
                format!(
                    "{} {}: {}",
                    l("Inget certifikat för", "No certificate for"),
                    o.org_name,
                    l("beställ ett nytt kort.", "order a new card.")
                ),
                format!("{}: {card_number}", l("Kortnummer", "Card number")),
            ],
        );
    }
    let until = o
        .valid_until
        .map(|d| d.to_string())
        .unwrap_or_else(|| "-".into());
    let mut lines = vec![
        name,
        String::new(),
        format!(
            "{} {}:",
            l("Beställ certifikat för", "Order the certificate for"),
            o.org_name
        ),
        format!(
            "  {:<13}{}",
            format!("{}:", l("Utfärdare", "Issuer")),
            o.issuer.clone().unwrap_or_else(|| "-".into())
        ),
        format!(
            "  {:<13}{}",
            format!("{}:", l("Kortnummer", "Card number")),
            o.card_number.clone().unwrap_or(card_number)
        ),
        format!(
            "  {:<13}{until}",
            format!("{}:", l("Giltig till", "Valid until"))
        ),
    ];
    if o.valid_until_source == Some(order::ValidUntilSource::LatestIdentificationCertificate) {
        lines.push(
            l(
                "(kontrollera kortets tryckta datum)",
                "(check the date printed on the card)",
            )
            .into(),
        );
    }
    (
        "✘",
        Paint::Red,
        l("BESTÄLL CERTIFIKAT", "ORDER CERTIFICATE"),
        lines,
    )
}
