//! Names for card ATRs we have seen. Only for naming a card in output:
//! no public list knows current SITHS ATRs, so an ATR is never a condition
//! for reading (a SITHS card is told by its PKCS#15 application and its
//! certificates' issuers).

use crate::base::lang::Lang;

/// Known ATRs and what to call the card, in Swedish and English.
const KNOWN: &[(&[u8], &str, &str)] = &[
    (
        &[
            0x3B, 0x7D, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xB0, 0xA3, 0x11, 0x00, 0xC8,
            0x83, 0x00, 0x90, 0x00,
        ],
        "SITHS-kort (Gemalto/Telia EID IP5a, SetCOS EID)",
        "SITHS card (Gemalto/Telia EID IP5a, SetCOS EID)",
    ),
    (
        &[
            0x3B, 0x7D, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xB0, 0xA3, 0x11, 0x01, 0xF3,
            0x83, 0x00, 0x90, 0x00,
        ],
        "SITHS-kort (Gemalto/Telia EID IP5a, SetCOS EID)",
        "SITHS card (Gemalto/Telia EID IP5a, SetCOS EID)",
    ),
    (
        &[
            0x3B, 0x7F, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xB0, 0x85, 0x04, 0x00, 0x11,
            0x12, 0x02, 0xF0, 0x82, 0x90, 0x00,
        ],
        "SITHS-reservkort (Thales IDPrime-familjen)",
        "SITHS replacement card (Thales IDPrime family)",
    ),
    (
        &[
            0x3B, 0x7F, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xB0, 0x85, 0x59, 0x56, 0xFB,
            0x12, 0x0F, 0xFE, 0x82, 0x90, 0x00,
        ],
        "Thales IDPrime-kort",
        "Thales IDPrime card",
    ),
];

/// The historical bytes `80 31 80 65 B0` open the Gemalto/Thales family.
const THALES_FAMILY: [u8; 5] = [0x80, 0x31, 0x80, 0x65, 0xB0];

/// A name for the card behind `atr`, when we know one, in English: the
/// form JSON carries (`atr_name`), stable whatever `--lang` says.
pub fn name(atr: &[u8]) -> Option<&'static str> {
    name_in(atr, Lang::En)
}

/// A name for the card behind `atr` in `lang`, for text output.
pub fn name_in(atr: &[u8], lang: Lang) -> Option<&'static str> {
    if let Some((_, sv, en)) = KNOWN.iter().find(|(known, _, _)| *known == atr) {
        return Some(lang.pick(sv, en));
    }
    if atr.windows(THALES_FAMILY.len()).any(|w| w == THALES_FAMILY) {
        return Some(lang.pick("Gemalto/Thales-kort", "Gemalto/Thales card"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            name(&[
                0x3B, 0x7D, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xB0, 0xA3, 0x11, 0x00, 0xC8,
                0x83, 0x00, 0x90, 0x00
            ]),
            Some("SITHS card (Gemalto/Telia EID IP5a, SetCOS EID)")
        );
        assert_eq!(
            name(&[0x3B, 0x7F, 0x96, 0, 0, 0x80, 0x31, 0x80, 0x65, 0xB0, 0x99]),
            Some("Gemalto/Thales card")
        );
        assert_eq!(name(&[0x3B, 0x00]), None);
        for (atr, _, _) in KNOWN {
            let (sv, en) = (name_in(atr, Lang::Sv), name_in(atr, Lang::En));
            assert!(sv.is_some() && sv != en, "{sv:?}");
        }
    }
}
