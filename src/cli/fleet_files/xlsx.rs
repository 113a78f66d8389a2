//! The lists as an Excel workbook: one sheet per list, headers in the
//! user's language, dates as real dates, the header row frozen and
//! filterable. Made in memory and written whole.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use super::{Cell, List};
use crate::base::lang::Lang;

/// The workbook's bytes, one sheet per `(list, rows)`.
pub fn workbook(sheets: &[(List, Vec<Vec<Cell>>)], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (list, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(list.title(lang))?;
        let headers = list.headers(lang);
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
        for (col, h) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *h, &bold)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (col, cell) in row.iter().enumerate() {
                let c = col as u16;
                match cell {
                    Cell::Text(t) => {
                        if !t.is_empty() {
                            sheet.write_string(r, c, t)?;
                        }
                        if let Some(w) = widths.get_mut(col) {
                            *w = (*w).max(t.chars().count());
                        }
                    }
                    Cell::Date(Some(d)) => {
                        use chrono::Datelike;
                        let day = ExcelDateTime::from_ymd(
                            d.year().clamp(1900, 9999) as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        sheet.write_datetime_with_format(r, c, &day, &date)?;
                        if let Some(w) = widths.get_mut(col) {
                            *w = (*w).max(10);
                        }
                    }
                    Cell::Date(None) => {}
                }
            }
        }
        for (col, w) in widths.iter().enumerate() {
            sheet.set_column_width(col as u16, (*w).clamp(8, 60) as f64 + 2.0)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        if !rows.is_empty() {
            sheet.autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1)?;
        }
    }
    book.save_to_buffer()
}
