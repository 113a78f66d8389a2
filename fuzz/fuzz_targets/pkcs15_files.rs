//! The card plays along by ISO 7816 rules (the simulator), but every file
//! on it (EF.DIR, ODF, TokenInfo, CDFs, certificates) is fuzz bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sithsctl::reading::card::sim::{SimCard, SimTransport};

fuzz_target!(|data: &[u8]| {
    let Some(image) = sithsctl_fuzz::card_from_files(data) else {
        return;
    };
    let mut t = SimTransport {
        card: SimCard::new(image),
    };
    sithsctl_fuzz::read_checked(&mut t);
});
