//! Names for card ATRs we have seen. Only for naming a card in output:
//! no public list knows current SITHS ATRs, so an ATR is never a condition
//! for reading (a SITHS card is told by its PKCS#15 application and its
//! certificates' issuers).

/// Known ATRs (or prefixes) and what to call the card.
const KNOWN: &[(&[u8], &str)] = &[
    (
        &[
            0x3B, 0x7D, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xB0, 0xA3, 0x11, 0x00, 0xC8,
            0x83, 0x00, 0x90, 0x00,
        ],
        "SITHS card (Gemalto/Telia EID IP5a, SetCOS EID)",
    ),
    (
        &[
            0x3B, 0x7D, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xB0, 0xA3, 0x11, 0x01, 0xF3,
            0x83, 0x00, 0x90, 0x00,
        ],
        "SITHS card (Gemalto/Telia EID IP5a, SetCOS EID)",
    ),
    (
        &[
            0x3B, 0x7F, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xB0, 0x85, 0x04, 0x00, 0x11,
            0x12, 0x02, 0xF0, 0x82, 0x90, 0x00,
        ],
        "SITHS replacement card (Thales IDPrime family)",
    ),
    (
        &[
            0x3B, 0x7F, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xB0, 0x85, 0x59, 0x56, 0xFB,
            0x12, 0x0F, 0xFE, 0x82, 0x90, 0x00,
        ],
        "Thales IDPrime card",
    ),
];

/// The historical bytes `80 31 80 65 B0` open the Gemalto/Thales family.
const THALES_FAMILY: [u8; 5] = [0x80, 0x31, 0x80, 0x65, 0xB0];

/// A name for the card behind `atr`, when we know one.
pub fn name(atr: &[u8]) -> Option<&'static str> {
    if let Some((_, name)) = KNOWN.iter().find(|(known, _)| *known == atr) {
        return Some(name);
    }
    if atr.windows(THALES_FAMILY.len()).any(|w| w == THALES_FAMILY) {
        return Some("Gemalto/Thales card");
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
    }
}
