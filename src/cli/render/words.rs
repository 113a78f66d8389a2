//! How numbers and names are written for people: organisation numbers with
//! their dash, personnummer with theirs, issuers shortened where a table
//! is tight, and counts with the right plural.

use crate::base::lang::Lang;
use crate::understanding::siths::luhn;

/// `n` and the word for it, singular or plural: `1 card`, `2 cards`,
/// `1 kort`, `2 kort`.
pub fn count(n: impl Into<u64>, lang: Lang, sv: (&str, &str), en: (&str, &str)) -> String {
    let n = n.into();
    let (one, many) = match lang {
        Lang::Sv => sv,
        Lang::En => en,
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An organisation number as people write it: `232100-0057`. Anything
/// that is not ten digits is left as it is.
pub fn org_number(number: &str) -> String {
    if number.len() == 10 && number.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}", &number[..6], &number[6..])
    } else {
        number.to_string()
    }
}

/// `text` with every organisation number written `NNNNNN-NNNN`. The
/// library's messages name an organisation as `Name (NNNNNNNNNN)`: ten
/// digits alone in parentheses, with a right Luhn digit and a third digit
/// of 2 or more (which sets an organisation number apart from a ten-digit
/// personnummer, where a month stands). Other numbers, in HSA-IDs, card
/// numbers, byte counts, are left alone.
pub fn dash_org_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let (head, tail) = rest.split_at(open + 1);
        out.push_str(head);
        rest = tail;
        let candidate = rest.get(..11).filter(|c| c.ends_with(')'));
        if let Some(digits) = candidate.map(|c| &c[..10]) {
            let is_org = digits.bytes().all(|b| b.is_ascii_digit())
                && digits.as_bytes()[2] >= b'2'
                && luhn::is_valid(digits);
            if is_org {
                out.push_str(&org_number(digits));
                rest = &rest[10..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A personnummer as people write it: `19121212-1212` (a masked one,
/// `19121212-****`, already is). The JSON keeps the digits as read.
pub fn personal_number(text: &str) -> String {
    let digits = text.len() >= 10 && text.bytes().all(|b| b.is_ascii_digit());
    if digits && (text.len() == 10 || text.len() == 12) {
        let (date, last) = text.split_at(text.len() - 4);
        format!("{date}-{last}")
    } else {
        text.to_string()
    }
}

/// A SITHS issuer's name without what every SITHS issuer shares, for a
/// table: `HSA-id 3 CA v1`, `TEST HSA-id 3 CA v1`, `Type 1 CA v1`. Other
/// issuers keep their names.
pub fn short_issuer(name: &str) -> String {
    let (test, rest) = match name.strip_prefix("TEST ") {
        Some(rest) => ("TEST ", rest),
        None => ("", name),
    };
    for prefix in ["SITHS e-id Person ", "SITHS e-id ", "SITHS "] {
        if let Some(short) = rest.strip_prefix(prefix) {
            if !short.is_empty() {
                return format!("{test}{short}");
            }
        }
    }
    name.to_string()
}

/// `text` with its first letter in upper case, for a block's title.
pub use crate::base::lang::capitalised;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_in_both_languages() {
        let cards = |n: u64, lang| count(n, lang, ("kort", "kort"), ("card", "cards"));
        assert_eq!(cards(1, Lang::En), "1 card");
        assert_eq!(cards(0, Lang::En), "0 cards");
        assert_eq!(cards(2, Lang::Sv), "2 kort");
        let files = |n: u64| count(n, Lang::Sv, ("fil", "filer"), ("file", "files"));
        assert_eq!(files(1), "1 fil");
        assert_eq!(files(3), "3 filer");
    }

    #[test]
    fn organisation_numbers_get_their_dash_and_nothing_else_does() {
        assert_eq!(org_number("2321000057"), "232100-0057");
        assert_eq!(org_number("232100-0057"), "232100-0057");
        assert_eq!(
            dash_org_numbers("Göteborgs Stad (2120001355) and Region Jönköpings län (2321000057)."),
            "Göteborgs Stad (212000-1355) and Region Jönköpings län (232100-0057)."
        );
        for kept in [
            "SE2120001355-GBG777",
            "card 9752240000000001013",
            "claims 2147483653 bytes (2147483653 in all)",
            "personnummer (8112189876)",
            "ATR 3B8D0180318065B0A31100C88300900001",
            "(2120001355-GBG777)",
            "already (212000-1355)",
            "(",
            "(212",
        ] {
            assert_eq!(dash_org_numbers(kept), kept);
        }
    }

    #[test]
    fn personnummer_get_their_dash() {
        assert_eq!(personal_number("191212121212"), "19121212-1212");
        assert_eq!(personal_number("8112189876"), "811218-9876");
        assert_eq!(personal_number("19121212-****"), "19121212-****");
    }

    #[test]
    fn siths_issuers_are_shortened_others_kept() {
        assert_eq!(
            short_issuer("SITHS e-id Person HSA-id 3 CA v1"),
            "HSA-id 3 CA v1"
        );
        assert_eq!(
            short_issuer("TEST SITHS e-id Person HSA-id 3 CA v1"),
            "TEST HSA-id 3 CA v1"
        );
        assert_eq!(short_issuer("SITHS e-id Root CA v2"), "Root CA v2");
        assert_eq!(short_issuer("SITHS Type 1 CA v1"), "Type 1 CA v1");
        assert_eq!(short_issuer("Other CA"), "Other CA");
        assert_eq!(capitalised("ögat"), "Ögat");
    }
}
