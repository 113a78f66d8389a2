//! The files a card drive sends on: the order and registration lists as
//! CSV (`csv`) and as an Excel workbook (`xlsx`), and the report to look
//! at as one self-contained HTML page (`html`, its chart drawn in `svg`).
//! The words of both lists, in Swedish and English, are here, so every
//! format says the same.

pub mod csv;
pub mod html;
mod markup;
mod svg;
pub mod xlsx;

use crate::base::lang::Lang;
use crate::report::{FleetOrder, FleetRegistration};
use crate::services::order::ValidUntilSource;

/// The two lists of a card drive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Orders,
    Registrations,
}

impl List {
    /// The sheet's (and section's) name.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            List::Orders => lang.pick("Beställning", "Orders"),
            List::Registrations => lang.pick("Registrering", "Registration"),
        }
    }

    pub fn headers(self, lang: Lang) -> Vec<&'static str> {
        let l = |sv, en| lang.pick(sv, en);
        match self {
            List::Orders => vec![
                l("Namn", "Name"),
                l("HSA-id", "HSA-IDs"),
                l("Kortnummer", "Card number"),
                l("Utfärdare", "Issuer"),
                l("Giltig till", "Valid until"),
                l("Kortets slutdatum", "Card expiry"),
                l("Anmärkning", "Note"),
            ],
            List::Registrations => vec![
                l("Namn", "Name"),
                l("HSA-id att registrera", "HSA-ID to register"),
                l("Certifikatet giltigt till", "Certificate valid to"),
            ],
        }
    }
}

/// A cell: text, or a date (a real date in a workbook).
pub enum Cell {
    Text(String),
    Date(Option<chrono::NaiveDate>),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

/// Why no order can be made, or what to check, for an order row.
pub fn order_note(o: &FleetOrder, at: chrono::NaiveDate, lang: Lang) -> String {
    let l = |sv: &str, en: &str| lang.pick(sv, en).to_string();
    if o.revoked {
        return l(
            "Kortet är spärrat (legitimeringscertifikatet är spärrat): nytt kort behövs, ingen beställning",
            "The card is blocked (its identification certificate is revoked): a new card is needed, no order",
        );
    }
    if o.new_card_needed {
        let end = o.card_expiry.map(|d| d.to_string()).unwrap_or_default();
        return if o.card_expiry.is_some_and(|d| d < at) {
            format!(
                "{} {end}: {}",
                l("Kortet gick ut", "The card expired on"),
                l(
                    "nytt kort behövs, ingen beställning",
                    "a new card is needed, no order"
                )
            )
        } else {
            format!(
                "{} {end}: {}",
                l("Kortet går ut", "The card ends on"),
                l(
                    "nytt kort behövs, ingen beställning",
                    "a new card is needed, no order"
                )
            )
        };
    }
    match o.valid_until_source {
        Some(ValidUntilSource::LatestIdentificationCertificate) => l(
            "Giltig till är slutet på kortets senaste legitimeringscertifikat: kontrollera kortets tryckta datum",
            "Valid until is the end of the card's latest identification certificate: check the date printed on the card",
        ),
        Some(ValidUntilSource::PrintedExpiry) => String::new(),
        None => l(
            "Inget legitimeringscertifikat på kortet: kontrollera kortet",
            "No identification certificate on the card: check the card",
        ),
    }
}

/// The rows of a list, as cells.
pub fn order_rows(orders: &[FleetOrder], at: chrono::NaiveDate, lang: Lang) -> Vec<Vec<Cell>> {
    orders
        .iter()
        .map(|o| {
            vec![
                Cell::Text(o.name.clone().unwrap_or_default()),
                Cell::Text(o.hsa_ids.join(" ")),
                Cell::Text(o.card_number.clone().unwrap_or_default()),
                Cell::Text(o.issuer.clone().unwrap_or_default()),
                Cell::Date(o.valid_until),
                Cell::Date(o.card_expiry),
                Cell::Text(order_note(o, at, lang)),
            ]
        })
        .collect()
}

pub fn registration_rows(rows: &[FleetRegistration]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|r| {
            vec![
                Cell::Text(r.name.clone().unwrap_or_default()),
                Cell::Text(r.hsa_id.clone()),
                Cell::Date(Some(r.valid_to)),
            ]
        })
        .collect()
}

/// The rows of `list` in `summary`; empty when it was not asked for.
pub fn rows_of(
    list: List,
    summary: &crate::report::FleetSummary,
    at: chrono::NaiveDate,
    lang: Lang,
) -> Vec<Vec<Cell>> {
    match list {
        List::Orders => summary
            .orders
            .as_deref()
            .map(|o| order_rows(o, at, lang))
            .unwrap_or_default(),
        List::Registrations => summary
            .registrations
            .as_deref()
            .map(registration_rows)
            .unwrap_or_default(),
    }
}
