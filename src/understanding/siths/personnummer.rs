//! Swedish personal identity numbers (personnummer) and coordination numbers
//! (samordningsnummer).
//!
//! The personnummer certificates on a SITHS card carry one of these in the
//! subject serialNumber. It is personal data: everything here that can be
//! printed or serialised shows the masked form (birth date kept, last four
//! digits hidden). The raw number is only available through
//! [`PersonalNumber::reveal`], so a caller has to ask for it by name.

use std::fmt;

use serde::{Serialize, Serializer};

use super::luhn;

/// Which kind of personal number this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalNumberKind {
    /// An ordinary personnummer.
    Personnummer,
    /// A samordningsnummer: the day of birth has 60 added.
    Samordningsnummer,
}

/// Why a string is not a personal number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonalNumberError {
    /// Not 10 or 12 digits with an optional `-` or `+` before the last four.
    #[error("not a personal number: expected 10 or 12 digits, optionally with - or + before the last four")]
    Format,
    /// The month or day part cannot be a date of birth.
    #[error("not a personal number: the date part is not a valid date")]
    Date,
}

/// A recognised personnummer or samordningsnummer.
///
/// `Debug`, `Display` and `Serialize` all show the masked form only.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonalNumber {
    /// Digits only: 10 or 12 of them, as found.
    digits: String,
    /// The separator found (`-` or `+`), if any; `+` means 100 years or older.
    separator: Option<char>,
    kind: PersonalNumberKind,
    luhn_valid: bool,
}

impl PersonalNumber {
    /// Recognise a personal number in `s`: 10 or 12 digits, with or without
    /// `-` or `+` before the last four. The Luhn digit is checked over the
    /// 10-digit form but a wrong one does not make parsing fail (it is
    /// reported by [`PersonalNumber::luhn_valid`]), since a mistyped or
    /// test number should still be recognised as personal data.
    pub fn parse(s: &str) -> Result<Self, PersonalNumberError> {
        let s = s.trim();
        // Byte-indexed splitting below needs ASCII; a personal number is.
        if !s.is_ascii() {
            return Err(PersonalNumberError::Format);
        }
        let (body, separator) = match s.len() {
            11 | 13 => {
                let (head, tail) = s.split_at(s.len() - 5);
                let mut chars = tail.chars();
                let sep = chars.next().filter(|c| *c == '-' || *c == '+');
                match sep {
                    Some(c) => (format!("{head}{}", chars.as_str()), Some(c)),
                    None => return Err(PersonalNumberError::Format),
                }
            }
            10 | 12 => (s.to_string(), None),
            _ => return Err(PersonalNumberError::Format),
        };
        if !body.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PersonalNumberError::Format);
        }
        let ten = &body[body.len() - 10..];
        let month = two_digits(&ten[2..4]);
        let day = two_digits(&ten[4..6]);
        if !(1..=12).contains(&month) {
            return Err(PersonalNumberError::Date);
        }
        let kind = match day {
            1..=31 => PersonalNumberKind::Personnummer,
            61..=91 => PersonalNumberKind::Samordningsnummer,
            _ => return Err(PersonalNumberError::Date),
        };
        if body.len() == 12 {
            let century = two_digits(&body[0..2]);
            if !(18..=20).contains(&century) {
                return Err(PersonalNumberError::Date);
            }
        }
        Ok(Self {
            luhn_valid: luhn::is_valid(ten),
            digits: body,
            separator,
            kind,
        })
    }

    /// Personnummer or samordningsnummer.
    pub fn kind(&self) -> PersonalNumberKind {
        self.kind
    }

    /// Whether the last digit is the right Luhn check digit.
    pub fn luhn_valid(&self) -> bool {
        self.luhn_valid
    }

    /// The masked form: the birth date as found (8 digits for the 12-digit
    /// form, 6 for the 10-digit form), a separator, then `****`.
    /// Example: `19121212-****`.
    pub fn mask(&self) -> String {
        let date = &self.digits[..self.digits.len() - 4];
        let sep = self.separator.unwrap_or('-');
        format!("{date}{sep}****")
    }

    /// The raw number exactly as digits (10 or 12), for a caller that has
    /// been explicitly asked to show personal data.
    pub fn reveal(&self) -> &str {
        &self.digits
    }
}

/// Two ASCII digits as a number; callers have checked they are digits.
fn two_digits(s: &str) -> u32 {
    s.bytes()
        .fold(0, |acc, b| acc * 10 + u32::from(b.wrapping_sub(b'0')))
}

impl fmt::Display for PersonalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.mask())
    }
}

impl fmt::Debug for PersonalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PersonalNumber")
            .field("masked", &self.mask())
            .field("kind", &self.kind)
            .field("luhn_valid", &self.luhn_valid)
            .finish()
    }
}

impl Serialize for PersonalNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Masked<'a> {
            masked: String,
            kind: &'a PersonalNumberKind,
            luhn_valid: bool,
        }
        Masked {
            masked: self.mask(),
            kind: &self.kind,
            luhn_valid: self.luhn_valid,
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_digit_form() {
        let p = PersonalNumber::parse("191212121212").unwrap();
        assert_eq!(p.kind(), PersonalNumberKind::Personnummer);
        assert!(p.luhn_valid());
        assert_eq!(p.mask(), "19121212-****");
        assert_eq!(p.reveal(), "191212121212");
    }

    #[test]
    fn ten_digit_forms_with_separators() {
        let p = PersonalNumber::parse("121212-1212").unwrap();
        assert_eq!(p.mask(), "121212-****");
        assert!(p.luhn_valid());
        let old = PersonalNumber::parse("121212+1212").unwrap();
        assert_eq!(old.mask(), "121212+****");
        let plain = PersonalNumber::parse("1212121212").unwrap();
        assert_eq!(plain.mask(), "121212-****");
        let dashed12 = PersonalNumber::parse("19121212-1212").unwrap();
        assert_eq!(dashed12.mask(), "19121212-****");
        assert_eq!(dashed12.reveal(), "191212121212");
    }

    #[test]
    fn samordningsnummer_day_plus_sixty() {
        // 1912-12-12 as samordningsnummer: day 72. Check digit computed.
        let ten_payload = "121272121";
        let check = luhn::check_digit(ten_payload).unwrap();
        let s = format!("19{ten_payload}{check}");
        let p = PersonalNumber::parse(&s).unwrap();
        assert_eq!(p.kind(), PersonalNumberKind::Samordningsnummer);
        assert!(p.luhn_valid());
    }

    #[test]
    fn wrong_check_digit_is_still_recognised() {
        let p = PersonalNumber::parse("191212121213").unwrap();
        assert!(!p.luhn_valid());
    }

    #[test]
    fn not_personal_numbers() {
        // Organisation numbers have month >= 20.
        assert_eq!(
            PersonalNumber::parse("2321000057"),
            Err(PersonalNumberError::Date)
        );
        assert_eq!(
            PersonalNumber::parse("SE2321000057-ABC"),
            Err(PersonalNumberError::Format)
        );
        assert_eq!(
            PersonalNumber::parse("12345"),
            Err(PersonalNumberError::Format)
        );
        assert_eq!(
            PersonalNumber::parse("191212001212"),
            Err(PersonalNumberError::Date)
        );
    }

    #[test]
    fn never_shows_the_raw_number() {
        let p = PersonalNumber::parse("191212121212").unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert!(!json.contains("1212121212"), "{json}");
        assert!(json.contains("19121212-****"));
        assert!(!format!("{p:?}").contains("1212121212"));
        assert_eq!(p.to_string(), "19121212-****");
    }
}
