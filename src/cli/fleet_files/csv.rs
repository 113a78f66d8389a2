//! The lists as CSV (RFC 4180: CRLF line ends, fields quoted when they
//! hold the separator, a quote or a line break). In Swedish the way
//! Swedish Excel opens it: `;` between fields and a UTF-8 byte-order mark.

use super::{Cell, List};
use crate::base::lang::Lang;

/// One field, quoted when it must be; a leading `=`, `+`, `-` or `@` is
/// defused so a spreadsheet never takes the field for a formula.
pub fn field(text: &str, separator: char) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The whole file for `list`.
pub fn write(list: List, rows: &[Vec<Cell>], lang: Lang) -> String {
    let (bom, sep) = match lang {
        Lang::Sv => ("\u{feff}", ';'),
        Lang::En => ("", ','),
    };
    let mut out = String::from(bom);
    let line = |cells: Vec<String>| -> String {
        let fields: Vec<String> = cells.iter().map(|c| field(c, sep)).collect();
        fields.join(&sep.to_string()) + "\r\n"
    };
    out.push_str(&line(
        list.headers(lang).iter().map(|h| h.to_string()).collect(),
    ));
    for row in rows {
        out.push_str(&line(row.iter().map(Cell::text).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_csv_has_a_bom_semicolons_and_quotes_what_it_must() {
        let rows = vec![vec![
            Cell::Text("Berg; Anna \"Annie\"".into()),
            Cell::Text("SE1-A".into()),
            Cell::Date(chrono::NaiveDate::from_ymd_opt(2027, 1, 31)),
        ]];
        let sv = write(List::Registrations, &rows, Lang::Sv);
        assert!(
            sv.starts_with("\u{feff}Namn;HSA-id att registrera;"),
            "{sv}"
        );
        assert!(
            sv.ends_with("\"Berg; Anna \"\"Annie\"\"\";SE1-A;2027-01-31\r\n"),
            "{sv}"
        );
        let en = write(List::Registrations, &rows, Lang::En);
        assert!(en.starts_with("Name,HSA-ID to register,"), "{en}");
        assert!(
            en.ends_with("\r\n\"Berg; Anna \"\"Annie\"\"\",SE1-A,2027-01-31\r\n"),
            "{en}"
        );
        assert_eq!(field("=1+1", ','), "'=1+1");
        assert_eq!(field("a,b", ';'), "a,b");
        assert_eq!(field("a,b", ','), "\"a,b\"");
    }
}
