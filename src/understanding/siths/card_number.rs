//! The card number (kortnummer) printed on a SITHS card.
//!
//! Every certificate written to the card carries it in the extension
//! `1.2.752.34.2.1` (an OCTET STRING wrapping a PrintableString), so it ties
//! certificates to the physical card: certificates with different card
//! numbers were not issued to the same card.

use serde::Serialize;

use super::luhn;

/// OID of the card-number extension, as dotted text.
pub const CARD_NUMBER_OID: &str = "1.2.752.34.2.1";

/// Number of digits in a SITHS card number.
pub const CARD_NUMBER_LEN: usize = 19;

/// First digits of every SITHS card number (issuer identification).
pub const CARD_NUMBER_PREFIX: &str = "9752";

/// A card number as found in a certificate, with the checks done on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardNumber {
    /// The number exactly as found (trimmed).
    pub value: String,
    /// Whether the last digit is the Luhn check digit.
    pub luhn_valid: bool,
    /// Whether it has the SITHS shape: 19 digits starting 9752.
    pub well_formed: bool,
}

impl CardNumber {
    /// Check a card number read from a certificate or typed by the user.
    /// Never fails: a malformed number is reported, not hidden.
    pub fn new(value: &str) -> Self {
        let value = value.trim().to_string();
        let well_formed = value.len() == CARD_NUMBER_LEN
            && value.starts_with(CARD_NUMBER_PREFIX)
            && value.bytes().all(|b| b.is_ascii_digit());
        Self {
            luhn_valid: luhn::is_valid(&value),
            well_formed,
            value,
        }
    }

    /// The body of the card-number extension: a DER PrintableString, or an
    /// OCTET STRING holding one (both have been seen described); also
    /// accepts UTF8String and IA5String. Returns `None` when the bytes are
    /// none of these.
    pub fn from_extension_value(bytes: &[u8]) -> Option<Self> {
        let (tag, content) = der_tlv(bytes)?;
        // One OCTET STRING wrapping at most; deeper nesting is not a card
        // number (and unbounded recursion on input would be a risk).
        let (tag, content) = if tag == 0x04 {
            der_tlv(content)?
        } else {
            (tag, content)
        };
        match tag {
            // PrintableString, UTF8String, IA5String, NumericString.
            0x13 | 0x0c | 0x16 | 0x12 => std::str::from_utf8(content).ok().map(Self::new),
            _ => None,
        }
    }
}

/// Split one DER TLV with a short or long (up to 4 bytes) length; `None` if
/// the length runs past the input.
fn der_tlv(bytes: &[u8]) -> Option<(u8, &[u8])> {
    let (&tag, rest) = bytes.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    rest.get(..len).map(|content| (tag, content))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_test_certificate_number() {
        let c = CardNumber::new("9752269895715989469");
        assert!(c.luhn_valid);
        assert!(c.well_formed);
    }

    #[test]
    fn bad_numbers_are_reported() {
        let c = CardNumber::new("9752269895715989468");
        assert!(!c.luhn_valid);
        assert!(c.well_formed);
        let short = CardNumber::new("97521");
        assert!(!short.well_formed);
        let other = CardNumber::new("1234567890123456782");
        assert!(!other.well_formed);
    }

    #[test]
    fn extension_value_forms() {
        let mut printable = vec![0x13, 19];
        printable.extend_from_slice(b"9752269895715989469");
        let c = CardNumber::from_extension_value(&printable).unwrap();
        assert_eq!(c.value, "9752269895715989469");
        let mut wrapped = vec![0x04, 21];
        wrapped.extend_from_slice(&printable);
        assert_eq!(CardNumber::from_extension_value(&wrapped).unwrap(), c);
        assert_eq!(CardNumber::from_extension_value(&[0x13, 30, b'9']), None);
        assert_eq!(CardNumber::from_extension_value(&[0x30, 0]), None);
        assert_eq!(CardNumber::from_extension_value(&[]), None);
        let mut doubly = vec![0x04, 23];
        doubly.extend_from_slice(&wrapped);
        assert_eq!(CardNumber::from_extension_value(&doubly), None);
    }
}
