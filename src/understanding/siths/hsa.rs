//! HSA-ID: the identity of a person or function in the national HSA
//! directory, found in the subject serialNumber of SITHS certificates.
//!
//! The ordinary form is `SE` + the directory owner's 10-digit organisation
//! number + `-` + 1..n of `[A-Za-z0-9]`, at most 31 characters. Real data
//! also holds `SE16` + the 10-digit number (the 12-digit `16` form), and test
//! forms such as `TSE...` and `TSTNMT2321000156-...`. So the organisation is
//! found by its number inside the prefix, never by a fixed prefix string.

use serde::Serialize;

use super::luhn;

/// Longest HSA-ID the directory allows.
pub const MAX_LEN: usize = 31;

/// Which shape of HSA-ID this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HsaIdForm {
    /// `SE` + 10-digit organisation number + `-` + suffix.
    Standard,
    /// `SE16` + 10-digit organisation number + `-` + suffix.
    Se16,
    /// A test PKI form (`TSE...`, `TSTNMT...`): never a production identity.
    Test,
    /// Letters + an organisation number + `-` + suffix, with a prefix not
    /// known to this tool.
    OtherPrefix,
    /// Something in the serialNumber that is not organisation-number based
    /// (older HSA-IDs such as `HSASERVICES-100S`, or garbage).
    Unrecognised,
}

/// Why a string is not a well-formed HSA-ID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HsaIdError {
    /// Nothing to parse.
    #[error("HSA-ID is empty")]
    Empty,
    /// Longer than the directory allows.
    #[error("HSA-ID is {0} characters long, at most {MAX_LEN} are allowed")]
    TooLong(usize),
    /// A character outside A-Z, a-z, 0-9 and the one `-`.
    #[error("HSA-ID contains {0:?}, only A-Z, a-z, 0-9 and one '-' are allowed")]
    InvalidCharacter(char),
    /// No `-` followed by at least one character.
    #[error("HSA-ID has no '-' followed by an identifier")]
    MissingSuffix,
    /// The part before `-` is not letters + a 10-digit organisation number
    /// (or the 12-digit form starting with 16).
    #[error("HSA-ID does not start with a country/test prefix and a 10-digit organisation number")]
    MissingOrgNumber,
}

/// A parsed HSA-ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HsaId {
    /// The HSA-ID exactly as found.
    pub value: String,
    /// Shape of the ID.
    pub form: HsaIdForm,
    /// The 10-digit organisation number inside the ID, if one was found.
    pub org_number: Option<String>,
    /// Whether the organisation number's last digit is its Luhn check digit
    /// (false when there is no organisation number).
    pub org_number_luhn_valid: bool,
    /// True for test PKI forms: such an ID never logs in to production.
    pub test: bool,
}

impl HsaId {
    /// Parse a well-formed, organisation-number based HSA-ID.
    pub fn parse(s: &str) -> Result<Self, HsaIdError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(HsaIdError::Empty);
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(HsaIdError::InvalidCharacter(c));
        }
        let len = s.chars().count();
        if len > MAX_LEN {
            return Err(HsaIdError::TooLong(len));
        }
        let (head, suffix) = s.split_once('-').ok_or(HsaIdError::MissingSuffix)?;
        if suffix.is_empty() {
            return Err(HsaIdError::MissingSuffix);
        }
        if suffix.contains('-') {
            return Err(HsaIdError::InvalidCharacter('-'));
        }
        let (prefix, org_number) = split_prefix(head).ok_or(HsaIdError::MissingOrgNumber)?;
        let prefix_upper = prefix.to_ascii_uppercase();
        let twelve = head.len() - prefix.len() == 12;
        let test = is_test_prefix(&prefix_upper);
        let form = if test {
            HsaIdForm::Test
        } else if prefix_upper == "SE" && twelve {
            HsaIdForm::Se16
        } else if prefix_upper == "SE" {
            HsaIdForm::Standard
        } else {
            HsaIdForm::OtherPrefix
        };
        Ok(Self {
            value: s.to_string(),
            form,
            org_number_luhn_valid: luhn::is_valid(org_number),
            org_number: Some(org_number.to_string()),
            test,
        })
    }

    /// Take whatever a certificate's serialNumber holds as an HSA-ID: a
    /// well-formed one is parsed, anything else is kept as found with form
    /// [`HsaIdForm::Unrecognised`] and no organisation number. Used where
    /// the tool must report what is there rather than reject it.
    pub fn lenient(s: &str) -> Self {
        Self::parse(s).unwrap_or_else(|_| {
            let value = s.trim().to_string();
            let test = value.starts_with("TST") || value.starts_with("TSE");
            Self {
                value,
                form: HsaIdForm::Unrecognised,
                org_number: None,
                org_number_luhn_valid: false,
                test,
            }
        })
    }
}

/// Whether an HSA-ID prefix marks the test PKI.
fn is_test_prefix(prefix_upper: &str) -> bool {
    prefix_upper == "TSE" || prefix_upper.starts_with("TST")
}

/// Split the part of an HSA-ID before `-` (or an HSA-ID prefix such as
/// `SE2321000057`) into its letter prefix and the 10-digit organisation
/// number. Accepts 10 digits, or 12 digits starting `16`.
pub fn split_prefix(head: &str) -> Option<(&str, &str)> {
    let digits_at = head.find(|c: char| c.is_ascii_digit())?;
    let (prefix, digits) = head.split_at(digits_at);
    if prefix.is_empty()
        || !prefix.chars().all(|c| c.is_ascii_alphabetic())
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    match digits.len() {
        10 => Some((prefix, digits)),
        12 if digits.starts_with("16") => Some((prefix, &digits[2..])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_form() {
        let id = HsaId::parse("SE2321000057-ABC123").unwrap();
        assert_eq!(id.form, HsaIdForm::Standard);
        assert_eq!(id.org_number.as_deref(), Some("2321000057"));
        assert!(id.org_number_luhn_valid);
        assert!(!id.test);
    }

    #[test]
    fn se16_form() {
        let id = HsaId::parse("SE162321000057-X1").unwrap();
        assert_eq!(id.form, HsaIdForm::Se16);
        assert_eq!(id.org_number.as_deref(), Some("2321000057"));
    }

    #[test]
    fn test_forms() {
        let id = HsaId::parse("TSTNMT2321000156-1025").unwrap();
        assert_eq!(id.form, HsaIdForm::Test);
        assert!(id.test);
        assert_eq!(id.org_number.as_deref(), Some("2321000156"));
        assert!(id.org_number_luhn_valid);
        let tse = HsaId::parse("TSE5565594230-AB12").unwrap();
        assert!(tse.test);
        assert_eq!(tse.org_number.as_deref(), Some("5565594230"));
    }

    #[test]
    fn bad_luhn_is_reported_not_rejected() {
        let id = HsaId::parse("SE2321000058-ABC").unwrap();
        assert!(!id.org_number_luhn_valid);
    }

    #[test]
    fn errors() {
        assert_eq!(HsaId::parse(""), Err(HsaIdError::Empty));
        assert_eq!(HsaId::parse("SE2321000057"), Err(HsaIdError::MissingSuffix));
        assert_eq!(
            HsaId::parse("SE2321000057-"),
            Err(HsaIdError::MissingSuffix)
        );
        assert_eq!(
            HsaId::parse("SE2321000057-ÅÄÖ"),
            Err(HsaIdError::InvalidCharacter('Å'))
        );
        assert_eq!(
            HsaId::parse("SE2321000057-ABCDEFGHIJKLMNOPQRS"),
            Err(HsaIdError::TooLong(32))
        );
        assert_eq!(
            HsaId::parse("SE23210-ABC"),
            Err(HsaIdError::MissingOrgNumber)
        );
        assert_eq!(
            HsaId::parse("HSASERVICES-100S"),
            Err(HsaIdError::MissingOrgNumber)
        );
    }

    #[test]
    fn lenient_keeps_unrecognised_values() {
        let id = HsaId::lenient("HSASERVICES-100S");
        assert_eq!(id.form, HsaIdForm::Unrecognised);
        assert_eq!(id.value, "HSASERVICES-100S");
        assert_eq!(id.org_number, None);
    }

    #[test]
    fn prefix_only() {
        assert_eq!(split_prefix("SE2321000057"), Some(("SE", "2321000057")));
        assert_eq!(split_prefix("SE162321000057"), Some(("SE", "2321000057")));
        assert_eq!(split_prefix("2321000057"), None);
    }
}
