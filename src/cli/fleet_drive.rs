//! The card drive's side of `sithsctl fleet`: the inventory's dates, the
//! order and registration lists as CSV on standard output, and the
//! `--xlsx` and `--html` files, each written whole or not at all and never
//! over an existing file without `--force`.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use super::args::{CardFactArgs, FleetArgs};
use super::common::{write_failure, write_new_atomically};
use super::fleet_files::{csv, html, rows_of, xlsx, List};
use super::output::Context;
use super::{Exit, Failure};
use crate::report::FleetSummary;

/// Printed dates by card number from an inventory file (as `inspect`
/// reads it).
pub fn inventory_dates(path: &Path, ctx: &Context) -> Result<HashMap<String, NaiveDate>, Failure> {
    let facts = CardFactArgs {
        org: None,
        card_expiry: None,
        inventory: Some(path.to_path_buf()),
    };
    Ok(super::evaluate::load_inventory(&facts, ctx)?
        .map(|inv| {
            inv.entries
                .into_iter()
                .map(|e| (e.card_number, e.printed_expiry))
                .collect()
        })
        .unwrap_or_default())
}

fn at_day(summary: &FleetSummary) -> NaiveDate {
    NaiveDate::parse_from_str(summary.at.get(..10).unwrap_or_default(), "%Y-%m-%d")
        .unwrap_or_default()
}

/// The one list asked for, as CSV.
pub fn list_csv(args: &FleetArgs, summary: &FleetSummary, ctx: &Context) -> String {
    let list = if args.orders.is_some() {
        List::Orders
    } else {
        List::Registrations
    };
    csv::write(
        list,
        &rows_of(list, summary, at_day(summary), ctx.lang),
        ctx.lang,
    )
}

/// Writes `--xlsx` and `--html`, and says on standard error what was
/// written.
pub fn write_files(args: &FleetArgs, summary: &FleetSummary, ctx: &Context) -> Result<(), Failure> {
    let lang = ctx.lang;
    let at = at_day(summary);
    if let Some(path) = &args.xlsx {
        let mut sheets = Vec::new();
        for list in [List::Orders, List::Registrations] {
            let asked = match list {
                List::Orders => summary.orders.is_some(),
                List::Registrations => summary.registrations.is_some(),
            };
            if asked {
                sheets.push((list, rows_of(list, summary, at, lang)));
            }
        }
        let bytes = xlsx::workbook(&sheets, lang).map_err(|e| Failure::Other {
            exit: Exit::Internal,
            code: "xlsx_failed",
            message: format!(
                "{}: {e}",
                lang.pick("arbetsboken kunde inte göras", "cannot make the workbook")
            ),
            hint: None,
        })?;
        write_new_atomically(path, &bytes, args.force)
            .map_err(|e| write_failure(path, &e, "write_failed", lang))?;
        let counts: Vec<String> = sheets
            .iter()
            .map(|(list, rows)| format!("{} {}", rows.len(), list.title(lang).to_lowercase()))
            .collect();
        tell(&format!(
            "{} {} ({})",
            lang.pick("Arbetsboken sparad i", "Workbook written to"),
            path.display(),
            counts.join(", ")
        ));
    }
    if let Some(path) = &args.html {
        let page = html::page(summary, lang);
        write_new_atomically(path, page.as_bytes(), args.force)
            .map_err(|e| write_failure(path, &e, "write_failed", lang))?;
        tell(&format!(
            "{} {}",
            lang.pick("Rapporten sparad i", "Report written to"),
            path.display()
        ));
    }
    Ok(())
}

fn tell(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}
