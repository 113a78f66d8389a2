//! The card's PINs in text: one line each, name and state, in `inspect`,
//! `check` and the `doctor` ticket.

use crate::base::lang::Lang;
use crate::reading::pin::{PinSource, PinStatus};

/// A block listing the PINs (nothing when there are none).
pub fn render(pins: &[PinStatus], lang: Lang, width: usize) -> String {
    if pins.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", lang.pick("PIN-koder:", "PINs:"));
    for line in lines(pins, lang) {
        out.push_str(&super::render::wrap::hanging("  ", 4, &line, width));
    }
    out
}

/// One line per PIN: `"Legitimering" (identification PIN): 3 tries left`,
/// with `(middleware)` when the middleware reported it.
pub fn lines(pins: &[PinStatus], lang: Lang) -> Vec<String> {
    pins.iter()
        .map(|p| {
            let via = match p.source {
                PinSource::Pkcs11 => lang.pick(" (inloggningsprogrammet)", " (middleware)"),
                PinSource::Card => "",
            };
            format!("{}{via}: {}", p.name(lang), p.describe(lang))
        })
        .collect()
}
