//! Asking the card, where that is safe: every PIN the card declared, each
//! either asked once with the VERIFY status query or listed as not checked
//! with the reason. The answer is read as ISO 7816-4 gives it:
//!
//! | answer | meaning |
//! |---|---|
//! | `63Cx` | x tries left (`63C0`: blocked) |
//! | `6983` | blocked |
//! | `9000` | already verified in this card session |
//! | `6984` | the reference data cannot be used: the count is unknown |
//! | `6A88` | no such PIN |
//! | anything else | no answer that tells the tries |

use crate::reading::card::apdu::Command;
use crate::reading::card::transport::Channel;
use crate::reading::layout::idprime::{IdprimeCard, IDPRIME_AID};
use crate::reading::layout::pins::{DeclaredPin, PinApplication};

use super::platform::answers_pin_query;
use super::status::{PinReason, PinSource, PinState, PinStatus};

fn status(
    pin: &DeclaredPin,
    state: PinState,
    tries: Option<u8>,
    reason: Option<PinReason>,
) -> PinStatus {
    PinStatus {
        label: pin.label.clone(),
        role: pin.role,
        reference: pin.reference.map(|r| r.to_string()),
        application: Some(pin.application),
        source: PinSource::Card,
        state,
        tries_left: tries,
        reason,
    }
}

/// What a status word says about a PIN.
pub fn read_answer(sw: u16, data: &[u8]) -> (PinState, Option<u8>, Option<PinReason>) {
    if !data.is_empty() {
        return (PinState::Unknown, None, Some(PinReason::NoAnswer));
    }
    match sw {
        0x63C0 | 0x6983 => (PinState::Blocked, Some(0), None),
        0x63C1 => (PinState::LastTry, Some(1), None),
        0x63C2..=0x63CF => (PinState::Ok, Some((sw & 0x0F) as u8), None),
        0x9000 => (PinState::Verified, None, None),
        0x6984 => (PinState::Unknown, None, Some(PinReason::NotUsable)),
        0x6A88 => (PinState::Unknown, None, Some(PinReason::NotFound)),
        _ => (PinState::Unknown, None, Some(PinReason::NoAnswer)),
    }
}

/// The card's PINs: those of the PKCS#15 AODF (`pkcs15`) and of the
/// IDPrime applet (`idprime`), in that order. With `ask`, on a card that
/// [`answers_pin_query`], the IDPrime applet is selected once and each of
/// its PINs asked once; every other PIN is listed as not checked. A card
/// that stops answering ends the asking: the PINs not yet asked are
/// listed as unknown, and the read (already done) stands.
pub fn card_pins(
    ch: &mut Channel<'_>,
    atr: &[u8],
    pkcs15: &[DeclaredPin],
    idprime: Option<&IdprimeCard>,
    ask: bool,
) -> Vec<PinStatus> {
    let declared: Vec<&DeclaredPin> = pkcs15
        .iter()
        .chain(idprime.map(|c| c.pins.as_slice()).unwrap_or_default())
        .collect();
    let platform = answers_pin_query(atr, idprime.is_some());
    let protocol_known = ch.protocol().is_some();
    let mut applet_selected = false;
    let mut gave_up = false;
    let mut asked = Vec::new();
    let mut out = Vec::new();
    for pin in declared {
        let not_checked = |reason| status(pin, PinState::NotChecked, None, Some(reason));
        let Some(reference) = pin.reference else {
            out.push(not_checked(PinReason::NoReference));
            continue;
        };
        if !ask {
            out.push(not_checked(PinReason::Disabled));
            continue;
        }
        if !platform {
            out.push(not_checked(PinReason::CardType));
            continue;
        }
        if pin.application != PinApplication::Idprime {
            out.push(not_checked(PinReason::OtherApplication));
            continue;
        }
        if !protocol_known {
            out.push(not_checked(PinReason::ProtocolUnknown));
            continue;
        }
        if asked.contains(&reference) {
            // Declared twice: one answer is all a read asks for.
            continue;
        }
        if gave_up {
            out.push(status(
                pin,
                PinState::Unknown,
                None,
                Some(PinReason::NoAnswer),
            ));
            continue;
        }
        if !applet_selected {
            // The PKCS#15 read may have selected another application since.
            match ch.send(&Command::select_aid(&IDPRIME_AID)) {
                Ok(r) if r.sw.is_success() => applet_selected = true,
                _ => {
                    gave_up = true;
                    out.push(status(
                        pin,
                        PinState::Unknown,
                        None,
                        Some(PinReason::NoAnswer),
                    ));
                    continue;
                }
            }
        }
        asked.push(reference);
        match ch.ask_pin_status(reference) {
            Ok(r) => {
                let (state, tries, reason) = read_answer(r.sw.0, &r.data);
                out.push(status(pin, state, tries, reason));
            }
            Err(_) => {
                gave_up = true;
                out.push(status(
                    pin,
                    PinState::Unknown,
                    None,
                    Some(PinReason::NoAnswer),
                ));
            }
        }
    }
    out
}
