//! Layers 7-8: the card is read, its SITHS application found and its
//! certificates readable.

use std::time::Instant;

use super::diagnosis::{Diagnosis, DoctorOptions};
use super::environment::Environment;
use super::layer::{Builder, LayerId, Status};
use crate::reading::card::pcsc::ReaderInfo;
use crate::reading::card::CardError;
use crate::reading::card_read::CardRead;
use crate::understanding::analysis::{analyse_card, AnalysedCert};
use crate::understanding::cert::Certificate;

const ADVICE_WAIT: (&str, &str) = (
    "Vänta några sekunder efter att kortet satts i innan du loggar in: kortet måste hinna läsas.",
    "Wait a few seconds after inserting the card before logging in: the card has to be read first.",
);

/// Runs layers 7-8 on the card in `reader`; returns what was read and
/// understood. `None`: the read failed or found no personal certificates.
pub(super) fn card_layers(
    env: &dyn Environment,
    opts: &DoctorOptions,
    b: &mut Builder,
    diagnosis: &mut Diagnosis,
    reader: &ReaderInfo,
    inserted_at: Option<Instant>,
) -> Option<(CardRead, Vec<AnalysedCert>)> {
    // 7-8: read it.
    let started = Instant::now();
    let read = env.read(&reader.name, opts.timeout);
    let read = match read {
        Ok(read) => read,
        Err(e) => {
            let (layer, advice): (LayerId, (&str, &str)) = match &e {
                CardError::NotSiths { .. } => (
                    LayerId::Pkcs15,
                    (
                        "Kortet saknar SITHS-applikationen: det är inget SITHS-kort, eller fel kort. Kontrollera kortet.",
                        "The card lacks the SITHS application: it is not a SITHS card, or the wrong card. Check the card.",
                    ),
                ),
                CardError::CardInUse { .. } => (
                    LayerId::Reader,
                    (
                        "Ett annat program håller kortet ensamt. Stäng det programmet (eller logga ut) och försök igen.",
                        "Another program holds the card exclusively. Close that program (or log out) and try again.",
                    ),
                ),
                CardError::CardRemoved | CardError::CardReset => (
                    LayerId::Certificates,
                    (
                        "Kortet togs ut eller återställdes under läsningen. Låt kortet sitta kvar, vänta några sekunder och försök igen.",
                        "The card was removed or reset during the read. Leave the card in, wait a few seconds and try again.",
                    ),
                ),
                CardError::CardMute { .. } => (
                    LayerId::CardAnswers,
                    (
                        "Kortet svarar inte: ta ut det och sätt i det helt igen.",
                        "The card does not answer: take it out and insert it fully again.",
                    ),
                ),
                _ => (
                    LayerId::Certificates,
                    (
                        "Kortet kunde inte läsas. Prova en annan läsare; spara det som går att läsa med `sithsctl dump` och skicka till supporten.",
                        "The card could not be read. Try another reader; save what can be read with `sithsctl dump` and send it to support.",
                    ),
                ),
            };
            // A failure found while reading replaces the optimistic result
            // of an earlier layer.
            b.layers.retain(|l| l.name != layer);
            b.set(layer, Status::Fail, e.to_string(), Some(advice));
            b.skip_rest(layer);
            return None;
        }
    };
    b.ok(
        LayerId::Pkcs15,
        format!(
            "{} ({:?})",
            b.text("Applikationen hittad", "Application found"),
            read.card.located
        )
        .replace("(Aid)", "(AID)")
        .replace("(EfDir)", "(EF.DIR)")
        .replace("(DefaultPath)", "(3F00 5015)"),
    );
    let ms = started.elapsed().as_millis() as u64;
    diagnosis.ready_after_insertion_ms = inserted_at.map(|t| t.elapsed().as_millis() as u64);
    let analysed = analyse_card(&read.card.certificates, opts.cas.clone());
    let certs: Vec<&Certificate> = analysed
        .iter()
        .filter_map(|a| a.analysis.as_ref().ok())
        .collect();
    let persons: Vec<&Certificate> = certs.iter().copied().filter(|c| !c.is_ca).collect();
    if persons.is_empty() {
        b.set(
            LayerId::Certificates,
            Status::Fail,
            b.text("Kortet har inga personcertifikat.", "The card holds no personal certificates."),
            Some((
                "Kortet saknar certifikat: beställ certifikat till kortet hos ID-administratören.",
                "The card holds no certificates: order certificates for the card from the ID administrator.",
            )),
        );
        b.skip_rest(LayerId::Certificates);
        diagnosis.read = Some(read);
        diagnosis.analysed = analysed;
        return None;
    }
    let mut detail = format!(
        "{} {} {} {ms} ms ({} {})",
        certs.len(),
        b.text("certifikat lästa på", "certificates read in"),
        "",
        read.apdus,
        b.text("kommandon", "commands"),
    )
    .replace("  ", " ");
    if let Some(after) = diagnosis.ready_after_insertion_ms {
        detail.push_str(&format!(
            "; {} {after} ms {}",
            b.text("klara", "ready"),
            b.text("efter att kortet satts i", "after the card was inserted")
        ));
    }
    let slow = diagnosis
        .ready_after_insertion_ms
        .is_some_and(|ms| ms > 2000)
        || ms > 2000;
    b.set(
        LayerId::Certificates,
        if slow { Status::Warn } else { Status::Ok },
        detail,
        slow.then_some(ADVICE_WAIT),
    );

    Some((read, analysed))
}
