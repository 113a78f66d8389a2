//! Layers 1-6: from the PC/SC library to a card that answers. Each stops
//! the run (the layers above it are skipped) when what it checks failed.

use std::time::Instant;

use super::diagnosis::{Diagnosis, DoctorOptions};
use super::environment::{card_in, Environment};
use super::layer::{Builder, Layer, LayerId, Status};
use crate::reading::card::pcsc::{ReaderInfo, SlotState};
use crate::reading::card::CardError;
use crate::reading::read;

const ADVICE_INSERT: (&str, &str) = (
    "Sätt i kortet helt, chipet först och uppåt. Prova en annan USB-port om läsaren inte reagerar.",
    "Insert the card fully, chip first and facing up. Try another USB port if the reader does not react.",
);
/// Runs layers 1-6; returns the reader holding the card and, with
/// `--wait`, when the card went in. `None`: a layer failed and the rest
/// are marked skipped.
pub(super) fn system_layers(
    env: &dyn Environment,
    opts: &DoctorOptions,
    b: &mut Builder,
    diagnosis: &mut Diagnosis,
) -> Option<(ReaderInfo, Option<Instant>)> {
    let lang = opts.lang;
    // 1-3: library, service, access.
    if env.is_pcsc() {
        b.ok(
            LayerId::PcscLibrary,
            b.text(
                "PC/SC-biblioteket är laddat.",
                "The PC/SC library is loaded.",
            ),
        );
    } else {
        b.set(
            LayerId::PcscLibrary,
            Status::Skipped,
            b.text(
                "Läser en kortavbild, inte en läsare.",
                "Reading a card image, not a reader.",
            ),
            None,
        );
        b.set(LayerId::Service, Status::Skipped, String::new(), None);
        b.set(LayerId::Access, Status::Skipped, String::new(), None);
    }
    let mut readers = match env.readers() {
        Ok(readers) => readers,
        Err(CardError::AccessDenied) => {
            b.ok(
                LayerId::Service,
                b.text("Tjänsten svarar.", "The service answers."),
            );
            b.set(
                LayerId::Access,
                Status::Fail,
                b.text("Tjänsten nekar åtkomst (polkit).", "The service denies access (polkit)."),
                Some((
                    "Vanligt över SSH eller i en tjänst: lägg till en polkit-regel för org.debian.pcsc-lite.access_pcsc och access_card, eller kör vid datorn.",
                    "Common over SSH or in a service: add a polkit rule for org.debian.pcsc-lite.access_pcsc and access_card, or run at the console.",
                )),
            );
            b.skip_rest(LayerId::Access);
            return None;
        }
        Err(e) => {
            let advice = e.hint(lang).unwrap_or_default();
            b.layers.push(Layer {
                name: LayerId::Service,
                title: LayerId::Service.title(lang).to_string(),
                status: Status::Fail,
                detail: e.message(lang),
                advice: Some(advice.to_string()),
            });
            b.skip_rest(LayerId::Service);
            return None;
        }
    };
    if env.is_pcsc() {
        b.ok(
            LayerId::Service,
            b.text("Tjänsten svarar.", "The service answers."),
        );
        b.ok(
            LayerId::Access,
            b.text("Åtkomst tillåten.", "Access allowed."),
        );
    }

    // 4: readers.
    if readers.is_empty() {
        b.set(
            LayerId::Readers,
            Status::Fail,
            b.text("Ingen kortläsare är ansluten.", "No card reader is connected."),
            Some((
                "Anslut kortläsaren, prova en annan USB-port och kontrollera att den syns i enhetslistan.",
                "Plug in the card reader, try another USB port and check that it appears in the device list.",
            )),
        );
        b.skip_rest(LayerId::Readers);
        return None;
    }
    b.ok(
        LayerId::Readers,
        readers
            .iter()
            .map(|r| r.name.clone())
            .collect::<Vec<_>>()
            .join("; "),
    );

    // --wait: until a card is in.
    let mut inserted_at = None;
    if let Some(wait) = opts.wait {
        let reader = opts.reader.as_deref();
        if card_in(&readers, reader).is_none() {
            if let Ok(Some(_)) = env.wait_for_card(reader, wait) {
                inserted_at = Some(Instant::now());
                readers = env.readers().unwrap_or(readers);
            }
        }
    }
    diagnosis.readers = readers.clone();

    // 5: the reader to look at.
    let chosen = match &opts.reader {
        Some(query) => match read::select_reader(&readers, query) {
            Ok(r) => Some(r.clone()),
            Err(e) => {
                b.set(
                    LayerId::Reader,
                    Status::Fail,
                    e.to_string(),
                    e.hint(lang).map(|h| (h, h)),
                );
                b.skip_rest(LayerId::Reader);
                return None;
            }
        },
        None => readers
            .iter()
            .find(|r| matches!(r.state, SlotState::Present | SlotState::InUse))
            .or_else(|| readers.iter().find(|r| r.state.has_card()))
            .cloned(),
    };
    let states = readers
        .iter()
        .map(|r| format!("{}: {}", r.name, r.state.text(lang)))
        .collect::<Vec<_>>()
        .join("; ");
    let Some(reader) = chosen.filter(|r| r.state.has_card()) else {
        b.set(
            LayerId::Reader,
            Status::Fail,
            format!(
                "{} ({states})",
                b.text("Inget kort i läsaren", "No card in the reader")
            ),
            Some(ADVICE_INSERT),
        );
        b.skip_rest(LayerId::Reader);
        return None;
    };
    match reader.state {
        SlotState::Exclusive => {
            b.set(
                LayerId::Reader,
                Status::Fail,
                format!("{}: {}", reader.name, reader.state.text(lang)),
                Some((
                    "Ett annat program håller kortet ensamt. Stäng det programmet (eller logga ut) och försök igen.",
                    "Another program holds the card exclusively. Close that program (or log out) and try again.",
                )),
            );
        }
        SlotState::Mute | SlotState::Unpowered => {
            b.ok(LayerId::Reader, states.clone());
            b.set(
                LayerId::CardAnswers,
                Status::Fail,
                format!("{}: {}", reader.name, reader.state.text(lang)),
                Some((
                    "Kortet svarar inte: ta ut det, torka av chipet och sätt i det helt igen, chipet först och uppåt. Svarar det ändå inte kan kortet vara trasigt.",
                    "The card does not answer: take it out, wipe the chip and insert it fully again, chip first and facing up. If it still does not answer, the card may be broken.",
                )),
            );
            b.skip_rest(LayerId::CardAnswers);
            return None;
        }
        _ => b.ok(LayerId::Reader, states.clone()),
    }

    // 6: the card answers.
    if let Some(atr) = &reader.atr {
        let name = crate::understanding::siths::atr::name_in(atr, lang)
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        b.ok(
            LayerId::CardAnswers,
            format!("ATR {}{name}", hex::encode_upper(atr)),
        );
    }

    Some((reader, inserted_at))
}
