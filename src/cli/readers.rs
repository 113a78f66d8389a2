//! `sithsctl readers`: which readers there are and what sits in them.

use super::args::Cli;
use super::output::{table, write_stdout, Context};
use super::{Exit, Failure};
use crate::reading::card::image::CardImage;
use crate::reading::card::pcsc::{Pcsc, ReaderInfo, SlotState};
use crate::reading::read::{with_deadline, Source};
use crate::report::ReadersReport;

pub fn run(_cli: &Cli, ctx: &Context) -> Result<Exit, Failure> {
    let readers = match &ctx.source {
        Source::Image(path) => vec![ReaderInfo {
            index: 0,
            name: format!("image: {}", path.display()),
            state: SlotState::Present,
            atr: Some(CardImage::load(path)?.atr),
        }],
        Source::Demo => vec![ReaderInfo {
            index: 0,
            name: crate::reading::read::DEMO_NAME.to_string(),
            state: SlotState::Present,
            atr: Some(crate::reading::read::demo_image()?.atr),
        }],
        Source::Pcsc { .. } | Source::Pkcs11 { .. } => {
            with_deadline(ctx.timeout, "listing readers", || {
                Pcsc::establish()?.readers()
            })?
        }
    };
    if ctx.json {
        ctx.print_json(&ReadersReport {
            meta: ctx.meta("readers"),
            readers: readers.clone(),
        })?;
    } else if readers.is_empty() {
        write_stdout(
            ctx.lang
                .pick("Inga kortläsare hittades.\n", "No card readers found.\n"),
        );
    } else {
        let mut table = table(vec![
            "#",
            ctx.lang.pick("Läsare", "Reader"),
            ctx.lang.pick("Läge", "State"),
            "ATR",
        ]);
        for r in &readers {
            table.add_row(vec![
                r.index.to_string(),
                r.name.clone(),
                r.state.text(ctx.lang).to_string(),
                r.atr.as_ref().map(hex::encode_upper).unwrap_or_default(),
            ]);
        }
        write_stdout(&format!("{table}\n"));
    }
    // No readers is an environment problem even though listing worked.
    Ok(if readers.is_empty() {
        Exit::Environment
    } else {
        Exit::Ok
    })
}
