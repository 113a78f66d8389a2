//! `sithsctl readers`: which readers there are and what sits in them.

use super::output::{write_stdout, Context};
use super::render::table::{Kind, Table};
use super::{Exit, Failure};
use crate::reading::card::image::CardImage;
use crate::reading::card::pcsc::{Pcsc, ReaderInfo, SlotState};
use crate::reading::read::{with_deadline, Source};
use crate::report::ReadersReport;

pub fn run(ctx: &Context) -> Result<Exit, Failure> {
    let readers = match &ctx.source {
        Source::Image(path) => vec![ReaderInfo {
            index: 0,
            name: format!("--image {}", path.display()),
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
        let mut table = Table::new(&[
            ("#", Kind::Number),
            (ctx.lang.pick("Läsare", "Reader"), Kind::Text),
            (ctx.lang.pick("Läge", "State"), Kind::Text),
            ("ATR", Kind::Ident),
        ]);
        for r in &readers {
            table.row(vec![
                r.index.to_string().into(),
                r.name.clone().into(),
                r.state.text(ctx.lang).into(),
                r.atr
                    .as_ref()
                    .map(hex::encode_upper)
                    .unwrap_or_default()
                    .into(),
            ]);
        }
        write_stdout(&table.render_or_blocks(ctx.out.width, ctx.out.colour));
    }
    // No readers is an environment problem even though listing worked.
    Ok(if readers.is_empty() {
        Exit::Environment
    } else {
        Exit::Ok
    })
}
