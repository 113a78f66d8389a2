//! Certificates for people: a table when it fits the width, else one block
//! per certificate (role and status first, then holder, HSA-ID, issuer and
//! end date), as `ykman piv info` shows its slots.

use super::table::{Cell, Kind, Table};
use super::words::{capitalised, personal_number, short_issuer};
use super::wrap::field;
use super::{paint, Paint, Style};
use crate::base::lang::Lang;
use crate::report::CertEntry;
use crate::services::card_revocation;
use crate::services::revocation::{RevocationResult, Status};
use crate::understanding::cert::{Anchor, ChainCheck, Role, Validity};
use crate::understanding::findings::role_word;

/// Which columns a list of certificates shows besides the usual ones.
#[derive(Clone, Copy, Debug, Default)]
pub struct Columns {
    /// The PKCS#15 label (`certs`).
    pub label: bool,
    /// The card number, when the certificates do not all share one.
    pub card_number: bool,
    /// Valid, expiring, expired (`inspect`).
    pub status: bool,
    /// Columns the blocks stand in from the margin (under a heading).
    pub indent: usize,
    /// Whether each is revoked, when answers differ from one certificate
    /// to the next (else [`shared_not_checked`] is said once).
    pub revocation: bool,
}

/// How a list of certificates is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Table,
    Blocks,
}

/// The table if every list fits the width as one, else blocks: one layout
/// for a whole screen.
pub fn layout(lists: &[&[&CertEntry]], columns: Columns, lang: Lang, width: usize) -> Layout {
    if lists.iter().all(|l| table(l, columns, lang).fits(width)) {
        Layout::Table
    } else {
        Layout::Blocks
    }
}

/// The certificates in `layout`; blocks after an empty line, a table right
/// under its heading.
pub fn render(
    rows: &[&CertEntry],
    columns: Columns,
    layout: Layout,
    lang: Lang,
    style: Style,
) -> String {
    match layout {
        Layout::Table => table(rows, columns, lang)
            .render(style.width, style.colour)
            .unwrap_or_else(|| format!("\n{}", blocks(rows, columns, lang, style))),
        Layout::Blocks => format!("\n{}", blocks(rows, columns, lang, style)),
    }
}

/// `identification`, `signature`, or `CA` for a CA certificate.
pub fn role(c: &CertEntry, lang: Lang) -> &'static str {
    if c.is_ca && c.role == Role::Other {
        "CA"
    } else {
        role_word(c.role, lang)
    }
}

pub fn status_text(status: Validity, lang: Lang) -> &'static str {
    match status {
        Validity::Valid => lang.pick("giltigt", "valid"),
        Validity::Expiring => lang.pick("går snart ut", "expiring"),
        Validity::Expired => lang.pick("utgånget", "expired"),
        Validity::NotYetValid => lang.pick("ej giltigt än", "not yet valid"),
    }
}

pub fn status_paint(status: Validity) -> Paint {
    match status {
        Validity::Valid => Paint::Green,
        Validity::Expiring | Validity::NotYetValid => Paint::Yellow,
        Validity::Expired => Paint::Red,
    }
}

/// A certificate's chain in a word or two: verified (and to which kind of
/// root), or why not. "Could not check" is never shown as fine.
pub fn chain_text(chain: &ChainCheck, lang: Lang) -> String {
    match chain {
        ChainCheck::Verified {
            anchor: Some(a), ..
        } => match a.kind {
            Anchor::Production => lang.pick("verifierad", "verified").to_string(),
            Anchor::Test => lang
                .pick("verifierad (test-PKI)", "verified (test PKI)")
                .to_string(),
            Anchor::User => lang
                .pick("verifierad (--ca)", "verified (--ca)")
                .to_string(),
            Anchor::Demo => lang
                .pick("verifierad (demo)", "verified (demo)")
                .to_string(),
        },
        ChainCheck::Verified { anchor: None, .. } | ChainCheck::NotAnchored { .. } => lang
            .pick("ingen betrodd rot", "no trusted root")
            .to_string(),
        ChainCheck::SignatureInvalid { .. } => {
            lang.pick("fel signatur", "bad signature").to_string()
        }
        ChainCheck::UnsupportedAlgorithm { .. } => lang
            .pick("kan inte kontrolleras", "cannot be checked")
            .to_string(),
        ChainCheck::IssuerMismatch { .. } | ChainCheck::NotChecked { .. } => {
            lang.pick("ej kontrollerad", "not checked").to_string()
        }
    }
}

/// A chain in the fewest columns, for tables: the mark (✔ verified, !
/// reaches no trusted root or cannot be checked, ✘ a bad signature) and,
/// when it matters, which kind of root.
pub fn chain_short(chain: &ChainCheck, lang: Lang) -> String {
    match chain {
        ChainCheck::Verified {
            anchor: Some(a), ..
        } => match a.kind {
            Anchor::Production => "✔".to_string(),
            Anchor::Test => lang.pick("✔ test", "✔ test").to_string(),
            Anchor::User => "✔ --ca".to_string(),
            Anchor::Demo => "✔ demo".to_string(),
        },
        ChainCheck::SignatureInvalid { .. } => {
            lang.pick("✘ fel signatur", "✘ bad signature").to_string()
        }
        ChainCheck::Verified { anchor: None, .. } | ChainCheck::NotAnchored { .. } => {
            lang.pick("! ingen rot", "! no root").to_string()
        }
        _ => lang.pick("- ej kontr.", "- unchecked").to_string(),
    }
}

/// How a chain is painted: green only when it reached a trust anchor.
pub fn chain_paint(chain: &ChainCheck) -> Paint {
    match chain {
        ChainCheck::Verified {
            anchor: Some(_), ..
        } => Paint::Green,
        ChainCheck::SignatureInvalid { .. } => Paint::Red,
        _ => Paint::Yellow,
    }
}

/// `2029-03-01` from an RFC 3339 time.
pub fn day(time: &str) -> &str {
    time.get(..10).unwrap_or(time)
}

/// "828 days left", "expired 3 days ago".
pub fn days_left(days: i64, lang: Lang) -> String {
    match days {
        0 => lang.pick("går ut i dag", "ends today").to_string(),
        1 => lang.pick("1 dag kvar", "1 day left").to_string(),
        -1 => lang
            .pick("gick ut för 1 dag sedan", "expired 1 day ago")
            .to_string(),
        d if d > 0 => format!("{d} {}", lang.pick("dagar kvar", "days left")),
        d => match lang {
            Lang::Sv => format!("gick ut för {} dagar sedan", -d),
            Lang::En => format!("expired {} days ago", -d),
        },
    }
}

fn headers(columns: Columns, personal: bool, lang: Lang) -> Vec<(&'static str, Kind)> {
    let mut h = Vec::new();
    if columns.label {
        h.push((lang.pick("Etikett", "Label"), Kind::Text));
    }
    h.push((lang.pick("Typ", "Role"), Kind::Ident));
    h.push((lang.pick("Innehavare", "Holder"), Kind::Text));
    h.push(("HSA-ID", Kind::Ident));
    if personal {
        h.push(("Personnummer", Kind::Ident));
    }
    if columns.card_number {
        h.push((lang.pick("Kortnummer", "Card number"), Kind::Ident));
    }
    // Short names (`HSA-id 3 CA v1`) kept on one line.
    h.push((lang.pick("Utfärdare", "Issuer"), Kind::Ident));
    h.push((lang.pick("Giltig till", "Valid to"), Kind::Ident));
    h.push((lang.pick("Dagar kvar", "Days left"), Kind::Number));
    if columns.status {
        h.push((lang.pick("Status", "Status"), Kind::Text));
        h.push((lang.pick("Kedja", "Chain"), Kind::Ident));
    }
    if columns.revocation {
        h.push((lang.pick("Spärr", "Revoked"), Kind::Ident));
    }
    h
}

/// The certificates as a table; names wrap into two lines at most.
pub fn table(rows: &[&CertEntry], columns: Columns, lang: Lang) -> Table {
    let personal = rows.iter().any(|c| c.personal_number.is_some());
    let mut t = Table::new(&headers(columns, personal, lang)).max_lines(2);
    for c in rows {
        let mut cells: Vec<Cell> = Vec::new();
        if columns.label {
            cells.push(c.label.clone().unwrap_or_default().into());
        }
        cells.push(role(c, lang).into());
        // A CA's name is an issuer's name: shortened like one.
        let holder = c.subject.common_name.as_deref().unwrap_or_default();
        cells.push(
            if c.is_ca {
                short_issuer(holder)
            } else {
                holder.to_string()
            }
            .into(),
        );
        cells.push(c.hsa_id.clone().unwrap_or_default().into());
        if personal {
            cells.push(
                c.personal_number
                    .as_deref()
                    .map(personal_number)
                    .unwrap_or_default()
                    .into(),
            );
        }
        if columns.card_number {
            cells.push(c.card_number.clone().unwrap_or_default().into());
        }
        cells.push(
            c.issuer
                .common_name
                .as_deref()
                .map(short_issuer)
                .unwrap_or_default()
                .into(),
        );
        cells.push(day(&c.not_after).into());
        cells.push(c.days_left.to_string().into());
        if columns.status {
            cells.push(Cell::painted(
                status_text(c.status, lang),
                status_paint(c.status),
            ));
            cells.push(Cell::painted(
                chain_short(&c.chain, lang),
                chain_paint(&c.chain),
            ));
        }
        if columns.revocation {
            cells.push(match &c.revocation {
                Some(r) => Cell::painted(revocation_short(r, lang), revocation_paint(r)),
                None => String::new().into(),
            });
        }
        t.row(cells);
    }
    t
}

/// Labels of the blocks, all as wide.
const LABEL_WIDTH: usize = 15;

/// One block per certificate.
pub fn blocks(rows: &[&CertEntry], columns: Columns, lang: Lang, style: Style) -> String {
    let width = style.width;
    let indent = columns.indent;
    let mut out = String::new();
    for (n, c) in rows.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let status = paint(
            status_text(c.status, lang),
            status_paint(c.status),
            style.colour,
        );
        out.push_str(&format!(
            "{}{} · {status}\n",
            " ".repeat(indent),
            capitalised(role(c, lang))
        ));
        let line = |out: &mut String, label: &str, value: &str| {
            if !value.is_empty() {
                out.push_str(&field(
                    indent + 2,
                    &format!("{label}:"),
                    LABEL_WIDTH,
                    value,
                    width,
                ));
            }
        };
        if columns.label {
            line(
                &mut out,
                lang.pick("Etikett", "Label"),
                c.label.as_deref().unwrap_or_default(),
            );
        }
        line(
            &mut out,
            lang.pick("Innehavare", "Holder"),
            c.subject.common_name.as_deref().unwrap_or_default(),
        );
        line(&mut out, "HSA-ID", c.hsa_id.as_deref().unwrap_or_default());
        if let Some(p) = &c.personal_number {
            line(&mut out, "Personnummer", &personal_number(p));
        }
        if columns.card_number {
            line(
                &mut out,
                lang.pick("Kortnummer", "Card number"),
                c.card_number.as_deref().unwrap_or_default(),
            );
        }
        let mut issuer = c.issuer.common_name.clone().unwrap_or_default();
        if let Some(level) = c.issuer.assurance_level {
            issuer.push_str(&format!(", {} {level}", lang.pick("nivå", "level")));
        }
        line(&mut out, lang.pick("Utfärdare", "Issuer"), &issuer);
        if c.status == Validity::NotYetValid {
            line(
                &mut out,
                lang.pick("Giltig från", "Valid from"),
                day(&c.not_before),
            );
        }
        line(
            &mut out,
            lang.pick("Giltig till", "Valid to"),
            &format!("{} ({})", day(&c.not_after), days_left(c.days_left, lang)),
        );
        if columns.status {
            line(
                &mut out,
                lang.pick("Kedja", "Chain"),
                &paint(
                    &chain_text(&c.chain, lang),
                    chain_paint(&c.chain),
                    style.colour,
                ),
            );
        }
        if let (true, Some(r)) = (columns.revocation, &c.revocation) {
            line(
                &mut out,
                lang.pick("Spärr", "Revocation"),
                &paint(
                    &card_revocation::describe(r, lang),
                    revocation_paint(r),
                    style.colour,
                ),
            );
        }
    }
    out
}

/// A revocation answer in the fewest columns, for tables: ✔ only for a
/// certificate a responder or CRL vouched for.
pub fn revocation_short(r: &RevocationResult, lang: Lang) -> String {
    match r.status {
        Status::Good => lang.pick("✔ nej", "✔ no"),
        Status::Revoked => lang.pick("✘ SPÄRRAT", "✘ REVOKED"),
        Status::Unknown => lang.pick("! okänt", "! unknown"),
        Status::Unavailable => lang.pick("! inget svar", "! no answer"),
        Status::NotChecked => lang.pick("- ej kontr.", "- unchecked"),
    }
    .to_string()
}

/// How a revocation answer is painted: green only when it is good.
pub fn revocation_paint(r: &RevocationResult) -> Paint {
    match r.status {
        Status::Good => Paint::Green,
        Status::Revoked => Paint::Red,
        // Not checked is never shown as fine.
        Status::Unknown | Status::Unavailable | Status::NotChecked => Paint::Yellow,
    }
}

/// The one answer of a screen whose certificates were all not checked for
/// the same reason (a card image, `--offline`): said once instead of in a
/// column. `None` when the answers are worth a column, or there are none.
pub fn shared_not_checked(certificates: &[CertEntry]) -> Option<&RevocationResult> {
    let mut answers = certificates.iter().filter_map(|c| c.revocation.as_ref());
    let first = answers.next()?;
    let same = |r: &RevocationResult| r.status == Status::NotChecked && r.code == first.code;
    (same(first) && answers.all(same)).then_some(first)
}

/// The revocation answers as fields under `label` (`check`): one line
/// when they all say "not checked" for the same reason, else one line per
/// certificate asked about (its role and holder, then the answer).
pub fn revocation_fields(
    certificates: &[CertEntry],
    label: &str,
    label_width: usize,
    lang: Lang,
    style: Style,
) -> String {
    if let Some(r) = shared_not_checked(certificates) {
        let text = card_revocation::describe(r, lang);
        return field(0, label, label_width, &text, style.width);
    }
    let mut out = String::new();
    for c in certificates.iter().filter(|c| !c.is_ca) {
        let Some(r) = &c.revocation else { continue };
        let holder = c
            .hsa_id
            .clone()
            .or_else(|| c.personal_number.as_deref().map(personal_number))
            .unwrap_or_default();
        let text = format!(
            "{} {holder}: {}",
            role(c, lang),
            paint(
                &card_revocation::describe(r, lang),
                revocation_paint(r),
                style.colour
            )
        );
        let label = if out.is_empty() { label } else { "" };
        out.push_str(&field(0, label, label_width, &text, style.width));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_told_in_words() {
        assert_eq!(days_left(828, Lang::En), "828 days left");
        assert_eq!(days_left(1, Lang::Sv), "1 dag kvar");
        assert_eq!(days_left(0, Lang::En), "ends today");
        assert_eq!(days_left(-1414, Lang::Sv), "gick ut för 1414 dagar sedan");
        assert_eq!(days_left(-1, Lang::En), "expired 1 day ago");
    }
}
