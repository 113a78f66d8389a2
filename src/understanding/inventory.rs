//! The card inventory: printed expiry dates of a fleet of cards, kept by
//! the contact person as CSV, because no card holds its own printed date.
//!
//! One card a line: `card number,printed expiry (YYYY-MM-DD)[,note]`. A
//! header line is optional; blank lines and lines starting `#` are skipped.
//! `;` is accepted as separator too (Swedish spreadsheets write it).

use chrono::NaiveDate;

use crate::understanding::siths::card_number::CardNumber;

/// Largest inventory file: a line per card is about 40 bytes, so 32 MiB
/// holds every SITHS card in the country many times over.
pub const MAX_INVENTORY_BYTES: u64 = 32 * 1024 * 1024;

/// One card in the inventory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InventoryEntry {
    pub card_number: String,
    pub printed_expiry: NaiveDate,
    pub note: Option<String>,
    /// 1-based line in the file.
    pub line: usize,
}

/// Printed expiry dates by card number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inventory {
    pub entries: Vec<InventoryEntry>,
}

/// What is wrong with an inventory file, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct InventoryError {
    /// 1-based line.
    pub line: usize,
    pub message: String,
}

impl Inventory {
    /// Parses inventory CSV text.
    pub fn parse(text: &str) -> Result<Inventory, InventoryError> {
        let mut entries: Vec<InventoryEntry> = Vec::new();
        let mut first_data = true;
        for (n, raw) in text.lines().enumerate() {
            let line = n + 1;
            let raw = raw.trim_start_matches('\u{feff}').trim();
            if raw.is_empty() || raw.starts_with('#') {
                continue;
            }
            let sep = if raw.contains(',') { ',' } else { ';' };
            let fields: Vec<&str> = raw.split(sep).map(|f| f.trim().trim_matches('"')).collect();
            let bad = |message: String| InventoryError { line, message };
            let number = fields.first().copied().unwrap_or("");
            let is_header = first_data && !number.chars().any(|c| c.is_ascii_digit());
            first_data = false;
            if is_header {
                continue;
            }
            if fields.len() < 2 || fields.len() > 3 {
                return Err(bad(format!(
                    "expected `card number,printed expiry[,note]`, found {} field(s)",
                    fields.len()
                )));
            }
            let number: String = number.chars().filter(|c| !c.is_whitespace()).collect();
            let checked = CardNumber::new(&number);
            if !checked.well_formed {
                return Err(bad(format!(
                    "{number:?} is not a card number (19 digits starting 9752)"
                )));
            }
            if !checked.luhn_valid {
                return Err(bad(format!(
                    "card number {number} has a wrong check digit (Luhn)"
                )));
            }
            let printed_expiry = NaiveDate::parse_from_str(fields[1], "%Y-%m-%d")
                .map_err(|_| bad(format!("{:?} is not a date (YYYY-MM-DD)", fields[1])))?;
            if let Some(earlier) = entries.iter().find(|e| e.card_number == number) {
                return Err(bad(format!(
                    "card number {number} is already on line {}",
                    earlier.line
                )));
            }
            let note = fields
                .get(2)
                .map(|s| s.to_string())
                .filter(|s| !s.is_empty());
            entries.push(InventoryEntry {
                card_number: number,
                printed_expiry,
                note,
                line,
            });
        }
        Ok(Inventory { entries })
    }

    /// The entry for a card number.
    pub fn get(&self, card_number: &str) -> Option<&InventoryEntry> {
        self.entries.iter().find(|e| e.card_number == card_number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_and_without_header() {
        let text = "card_number,printed_expiry,note\n9752240000000001021,2028-01-01,Anna\n\n# old\n9752240000000001039;2029-12-31\n";
        let inv = Inventory::parse(text).unwrap();
        assert_eq!(inv.entries.len(), 2);
        let b = inv.get("9752240000000001021").unwrap();
        assert_eq!(
            b.printed_expiry,
            NaiveDate::from_ymd_opt(2028, 1, 1).unwrap()
        );
        assert_eq!(b.note.as_deref(), Some("Anna"));
        assert_eq!(b.line, 2);
        assert_eq!(inv.get("9752240000000001039").unwrap().note, None);
        let no_header = Inventory::parse("9752240000000001021,2028-01-01").unwrap();
        assert_eq!(no_header.entries.len(), 1);
    }

    #[test]
    fn errors_name_the_line() {
        let e =
            Inventory::parse("9752240000000001021,2028-01-01\n9752240000000001039,2028-13-01\n")
                .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("not a date"));
        let e = Inventory::parse("nummer,datum\n9752240000000001022,2028-01-01\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("Luhn"));
        let e = Inventory::parse("9752240000000001021\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e =
            Inventory::parse("9752240000000001021,2028-01-01\n9752240000000001021,2029-01-01\n")
                .unwrap_err();
        assert!(e.message.contains("line 1"));
        assert!(Inventory::parse("123,2028-01-01").is_err());
    }
}
