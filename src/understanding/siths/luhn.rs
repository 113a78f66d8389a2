//! The Luhn (mod 10) check digit, in one place.
//!
//! SITHS uses the same check digit in three places: the last digit of an
//! organisation number (and so of every HSA-ID's organisation part), the last
//! digit of the 19-digit card number, and the last digit of a personnummer or
//! samordningsnummer (computed over its 10-digit form). Keeping one
//! implementation means the three can never disagree.

/// True when `digits` is all ASCII digits, at least two long, and its last
/// digit is the Luhn check digit of the digits before it.
pub fn is_valid(digits: &str) -> bool {
    if digits.len() < 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    luhn_sum(digits, false).is_multiple_of(10)
}

/// The Luhn check digit to append to `payload` (all ASCII digits), or `None`
/// when `payload` is empty or holds anything but digits.
///
/// Used by the test PKI generator to make valid card numbers.
pub fn check_digit(payload: &str) -> Option<u8> {
    if payload.is_empty() || !payload.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum = luhn_sum(payload, true);
    // The value fits in 0..=9, so the narrowing cannot lose anything.
    Some(((10 - sum % 10) % 10) as u8)
}

/// Sum of the digits from the right, doubling every second one. When
/// `double_first` is true the rightmost digit is doubled (the payload has no
/// check digit yet); otherwise the rightmost is the check digit and is not.
fn luhn_sum(digits: &str, double_first: bool) -> u32 {
    digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            let double = (i % 2 == 0) == double_first;
            if double {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_numbers() {
        assert!(is_valid("2321000057")); // Region Jönköpings län
        assert!(is_valid("5565594230")); // Inera AB
        assert!(!is_valid("2321000058"));
    }

    #[test]
    fn card_number_from_public_test_certificate() {
        assert!(is_valid("9752269895715989469"));
        assert!(!is_valid("9752269895715989468"));
    }

    #[test]
    fn personnummer_ten_digit_form() {
        assert!(is_valid("1212121212"));
        assert!(!is_valid("1212121213"));
    }

    #[test]
    fn check_digit_matches_is_valid() {
        assert_eq!(check_digit("232100005"), Some(7));
        assert_eq!(check_digit("975226989571598946"), Some(9));
        assert_eq!(check_digit(""), None);
        assert_eq!(check_digit("12a"), None);
    }

    #[test]
    fn rejects_non_digits_and_short_input() {
        assert!(!is_valid(""));
        assert!(!is_valid("0"));
        assert!(!is_valid("23210-0057"));
    }
}
