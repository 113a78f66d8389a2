//! The simulated card's PINs: a try counter per PIN reference, and what a
//! VERIFY does to it. Without data it is the status query (ISO 7816-4):
//! `63Cx` tries left, `6983` blocked, `9000` verified; unless the card is
//! one that wrongly counts it (`counts_empty_verify`). With data it is a
//! PIN, and since an image holds no PIN it is always a wrong one: a try is
//! spent. Apart from the simulator so its file stays one concern.

use std::collections::BTreeMap;

use super::image::SimPin;
use super::status::StatusWord;

/// One VERIFY the simulated card received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifySeen {
    /// P2: the PIN reference it named.
    pub reference: u8,
    /// Bytes in its data field: 0 for the status query, else a PIN.
    pub data_len: usize,
    /// Whether the card counted it as a wrong PIN (a try spent).
    pub counted: bool,
    /// The PIN's tries left afterwards; `None` when the card has no such PIN.
    pub tries_left: Option<u8>,
    /// What the card answered.
    pub sw: StatusWord,
}

/// Answers one VERIFY (`p1`, `p2`, `data`) against the counters.
pub(super) fn verify(
    pins: &mut BTreeMap<u8, SimPin>,
    counts_query: bool,
    p1: u8,
    p2: u8,
    data: &[u8],
) -> VerifySeen {
    let (counted, tries_left, sw) = match pins.get_mut(&p2) {
        _ if p1 != 0x00 => (false, None, StatusWord::WRONG_P1P2),
        None => (false, None, StatusWord(0x6A88)),
        Some(pin) if data.is_empty() && !counts_query => {
            let sw = if pin.tries_left == 0 {
                StatusWord(0x6983)
            } else if pin.verified {
                StatusWord::OK
            } else {
                StatusWord(0x63C0 | u16::from(pin.tries_left))
            };
            (false, Some(pin.tries_left), sw)
        }
        Some(pin) if pin.tries_left == 0 => (false, Some(0), StatusWord(0x6983)),
        Some(pin) => {
            pin.tries_left -= 1;
            pin.verified = false;
            let sw = StatusWord(0x63C0 | u16::from(pin.tries_left));
            (true, Some(pin.tries_left), sw)
        }
    };
    VerifySeen {
        reference: p2,
        data_len: data.len(),
        counted,
        tries_left,
        sw,
    }
}
