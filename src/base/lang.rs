//! The languages people read sithsctl in.

use serde::Serialize;

/// Swedish or English. Help summaries stay English; every message, finding
/// and piece of advice follows this.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Sv,
    #[default]
    En,
}

impl Lang {
    /// Picks Swedish for `sv`, `sv_SE.UTF-8`, `sv-FI` and the like: the
    /// value of `LC_ALL`, `LC_MESSAGES` or `LANG`, whichever is set first.
    pub fn from_locale(value: Option<&str>) -> Lang {
        match value {
            Some(v) if v.to_ascii_lowercase().starts_with("sv") => Lang::Sv,
            _ => Lang::En,
        }
    }

    /// One of two texts.
    pub fn pick<'a>(self, sv: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }
}

/// `text` with its first letter in upper case (å, ä, ö too): a phrase made
/// to stand inside a sentence, put at the start of one.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale() {
        assert_eq!(Lang::from_locale(Some("sv_SE.UTF-8")), Lang::Sv);
        assert_eq!(Lang::from_locale(Some("SV")), Lang::Sv);
        assert_eq!(Lang::from_locale(Some("en_GB.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
    }
}
