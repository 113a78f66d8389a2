//! Which cards may be asked for a PIN's state: those whose platform is
//! known to answer the VERIFY status query without counting it as a wrong
//! PIN. OpenSC asks only card types its drivers flag as answering it
//! correctly ("some cards don't and mistakenly count the command as a
//! failed PIN attempt"); of the card types SITHS cards come as, that is the
//! Thales/Gemalto IDPrime applet, which OpenSC's IDPrime driver binds by
//! ATR and then by the applet's index file. The older SetCOS-based SITHS
//! cards (EID IP5a) are not flagged and are never asked.
//!
//! So a card is asked only when both hold: its ATR is of the IDPrime family
//! (the pattern and mask of OpenSC's IDPrime ATR table, the generic entry
//! that every IDPrime model it lists falls under), and the IDPrime applet
//! answered with its index. Any other card, whatever it is, is not asked.

/// The IDPrime ATR family: `3B 7F xx 00 00 80 31 80 65 B0 xx xx xx xx 12
/// xx xx 82 90 00` (bytes masked out: the TA1 value, the four bytes of the
/// model and version, the two bytes after `12`). Models 3810, 830, 840,
/// 930, 940 and the region's replacement card
/// (`3B 7F 96 00 00 80 31 80 65 B0 85 04 00 11 12 02 F0 82 90 00`) match.
const IDPRIME_ATR: [u8; 20] = [
    0x3B, 0x7F, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xB0, 0x84, 0x41, 0x3D, 0xF6, 0x12, 0x0F,
    0xFE, 0x82, 0x90, 0x00,
];
const IDPRIME_MASK: [u8; 20] = [
    0xFF, 0xFF, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0x00,
    0x00, 0xFF, 0xFF, 0xFF,
];

/// Whether `atr` is of the IDPrime family.
pub fn idprime_atr(atr: &[u8]) -> bool {
    atr.len() == IDPRIME_ATR.len()
        && atr
            .iter()
            .zip(IDPRIME_ATR.iter().zip(IDPRIME_MASK))
            .all(|(a, (p, m))| a & m == p & m)
}

/// Whether the card may be asked for its PINs' state: an IDPrime ATR and
/// the IDPrime applet with its index on the card.
pub fn answers_pin_query(atr: &[u8], idprime_applet: bool) -> bool {
    idprime_applet && idprime_atr(atr)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap()
    }

    #[test]
    fn the_idprime_family_and_nothing_else() {
        for atr in [
            "3B 7F 96 00 00 80 31 80 65 B0 85 59 56 FB 12 0F FE 82 90 00", // 940
            "3B 7F 96 00 00 80 31 80 65 B0 84 61 60 FB 12 0F FE 82 90 00", // 930
            "3B 7F 96 00 00 80 31 80 65 B0 84 56 51 10 12 0F FE 82 90 00", // 830
            "3B 7F 96 00 00 80 31 80 65 B0 85 03 00 EF 12 0F FE 82 90 00", // 840
            "3B 7F 96 00 00 80 31 80 65 B0 85 04 00 11 12 02 F0 82 90 00", // replacement card
            "3B 7F 18 00 00 80 31 80 65 B0 85 05 00 39 12 0F FE 82 90 00", // 940C, other TA1
        ] {
            assert!(idprime_atr(&hex(atr)), "{atr}");
        }
        for atr in [
            // The older SITHS cards (EID IP5a): same historical bytes' start.
            "3B 7D 96 00 00 80 31 80 65 B0 A3 11 00 C8 83 00 90 00",
            "3B 7D 96 00 00 80 31 80 65 B0 A3 11 01 F3 83 00 90 00",
            // One byte off where the mask looks.
            "3B 7F 96 00 00 80 31 80 65 B0 85 59 56 FB 13 0F FE 82 90 00",
            "3B 7F 96 00 00 80 31 80 65 B0 85 59 56 FB 12 0F FE 83 90 00",
            "3B 8D 01 80 31 80 65 B0 A3 11 00 C8 83 00 90 00 D8",
            "3B 00",
            "",
        ] {
            assert!(!idprime_atr(&hex(atr)), "{atr}");
        }
        let atr = hex("3B 7F 96 00 00 80 31 80 65 B0 85 59 56 FB 12 0F FE 82 90 00");
        assert!(answers_pin_query(&atr, true));
        assert!(
            !answers_pin_query(&atr, false),
            "an ATR alone is not enough"
        );
    }
}
