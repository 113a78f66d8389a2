//! The authentication directory (AODF, ODF tag `A8`) of a PKCS#15
//! application: its PIN objects, each with a label, its flags and the
//! reference the card uses for it. Bytes in, records out, so this can be
//! tested and fuzzed alone; the reader reads the file.
//!
//! ```text
//! PinObject ::= SEQUENCE {                    -- 30
//!   CommonObjectAttributes SEQUENCE { label UTF8String (0C) ... }
//!   CommonAuthenticationObjectAttributes SEQUENCE { authId (04) ... }
//!   typeAttributes [1] {                      -- A1
//!     PinAttributes SEQUENCE {                -- 30
//!       pinFlags BIT STRING (03), pinType (0A), minLength, storedLength,
//!       maxLength INTEGER OPTIONAL, pinReference [0] DEFAULT 0 (80),
//!       padChar (04) OPTIONAL, lastPinChange (18) OPTIONAL, path (30) OPTIONAL
//!     } } }
//! ```
//!
//! Biometric, authentication-key and external objects (`A0`, `A1`, `A2` at
//! the top) are passed over: they are not PINs.

use crate::reading::card::CardError;
use crate::reading::layout::pins::{DeclaredPin, MAX_PINS};
use crate::reading::layout::tlv::{self, Tlv};

/// `pinFlags` bits, numbered as in the ASN.1 (bit 0 first).
pub(super) const FLAG_UNBLOCKING_PIN: u16 = 1 << 6;
pub(super) const FLAG_SO_PIN: u16 = 1 << 7;

/// One PIN object as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct PinObject {
    pub(super) label: Option<String>,
    /// `pinFlags`, bit n of the BIT STRING as `1 << n`.
    pub(super) flags: u16,
    /// `pinReference` as one byte, when it fits one (a card that stored it
    /// as a negative INTEGER means the same byte plus 256).
    pub(super) reference: Option<u8>,
}

impl PinObject {
    pub(super) fn declared(&self) -> DeclaredPin {
        let puk = self.flags & (FLAG_UNBLOCKING_PIN | FLAG_SO_PIN) != 0;
        DeclaredPin::pkcs15(self.reference, self.label.clone(), puk)
    }
}

/// A BIT STRING as flags: bit n (the most significant bit of the first
/// content byte is bit 0) becomes `1 << n`; bits past 15 are dropped.
fn bit_flags(value: &[u8]) -> u16 {
    let Some((_unused, bits)) = value.split_first() else {
        return 0;
    };
    let mut flags = 0u16;
    for (i, byte) in bits.iter().take(2).enumerate() {
        for b in 0..8 {
            if byte & (0x80 >> b) != 0 {
                flags |= 1 << (i * 8 + b);
            }
        }
    }
    flags
}

/// `pinReference`: an INTEGER of one byte (negative values are the byte
/// plus 256), or two bytes with a leading zero. Anything longer is no
/// reference a VERIFY could carry.
fn reference(value: &[u8]) -> Option<u8> {
    match value {
        [b] => Some(*b),
        [0x00, b] => Some(*b),
        _ => None,
    }
}

fn text(value: &[u8]) -> Option<String> {
    let t = String::from_utf8_lossy(value)
        .trim_end_matches(['\0', ' '])
        .to_string();
    (!t.is_empty()).then_some(t)
}

fn pin_object(object: &Tlv<'_>) -> Result<PinObject, CardError> {
    let parts = object.children()?;
    let label = parts
        .iter()
        .find(|p| p.tag == 0x30)
        .map(|common| common.children())
        .transpose()?
        .and_then(|c| c.iter().find(|x| x.tag == 0x0C).and_then(|x| text(x.value)));
    let attributes = parts
        .iter()
        .find(|p| p.tag == 0xA1)
        .ok_or_else(|| CardError::Garbage("a PIN object without its attributes".into()))?
        .children()?;
    let pin = attributes
        .iter()
        .find(|p| p.tag == 0x30)
        .ok_or_else(|| CardError::Garbage("PIN attributes missing".into()))?
        .children()?;
    let flags = pin
        .iter()
        .find(|p| p.tag == 0x03)
        .map(|p| bit_flags(p.value))
        .unwrap_or(0);
    // DEFAULT 0: "no reference", which VERIFY cannot name either.
    let reference = match pin.iter().find(|p| p.tag == 0x80) {
        Some(r) => reference(r.value),
        None => Some(0),
    };
    Ok(PinObject {
        label,
        flags,
        reference,
    })
}

/// The PIN objects of an AODF, at most [`MAX_PINS`].
pub(super) fn parse_aodf(data: &[u8]) -> Result<Vec<PinObject>, CardError> {
    let mut out = Vec::new();
    for object in tlv::parse_all(data)? {
        if object.tag != 0x30 {
            continue;
        }
        if out.len() >= MAX_PINS {
            return Err(CardError::TooLarge {
                what: "the authentication directory".into(),
                size: out.len() + 1,
                limit: MAX_PINS,
            });
        }
        out.push(pin_object(&object)?);
    }
    Ok(out)
}

/// A PIN object as the image builder writes it.
pub(super) fn encode_pin(label: &str, reference: u8, puk: bool, auth_id: u8) -> Vec<u8> {
    // initialized (4) and needs-padding (5), local (1); the PUK also
    // unblockingPin (6).
    let mut flags: u16 = (1 << 1) | (1 << 4) | (1 << 5);
    if puk {
        flags |= FLAG_UNBLOCKING_PIN;
    }
    let first = (0..8).fold(0u8, |b, n| {
        if flags & (1 << n) != 0 {
            b | (0x80 >> n)
        } else {
            b
        }
    });
    let attributes = [
        tlv::encode(0x03, &[0x00, first]),
        // ascii-numeric, 6 to 8 digits, stored in 8 bytes.
        tlv::encode(0x0A, &[0x01]),
        tlv::encode(0x02, &[if puk { 8 } else { 6 }]),
        tlv::encode(0x02, &[8]),
        tlv::encode(0x02, &[8]),
        tlv::encode(0x80, &[reference]),
        tlv::encode(0x04, &[0xFF]),
    ]
    .concat();
    tlv::encode(
        0x30,
        &[
            tlv::encode(0x30, &tlv::encode(0x0C, label.as_bytes())),
            tlv::encode(0x30, &tlv::encode(0x04, &[auth_id])),
            tlv::encode(0xA1, &tlv::encode(0x30, &attributes)),
        ]
        .concat(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reading::layout::pins::PinRole;

    #[test]
    fn pin_objects_round_trip_through_the_builder_s_encoding() {
        let aodf = [
            encode_pin("Legitimering", 0x01, false, 1),
            encode_pin("Underskrift", 0x82, false, 2),
            encode_pin("PUK", 0x03, true, 3),
        ]
        .concat();
        let pins = parse_aodf(&aodf).unwrap();
        assert_eq!(pins.len(), 3);
        assert_eq!(pins[0].label.as_deref(), Some("Legitimering"));
        assert_eq!(pins[1].reference, Some(0x82));
        assert_eq!(pins[0].flags & FLAG_UNBLOCKING_PIN, 0);
        assert_ne!(pins[2].flags & FLAG_UNBLOCKING_PIN, 0);
        let declared: Vec<_> = pins.iter().map(PinObject::declared).collect();
        assert_eq!(declared[0].role, PinRole::Identification);
        assert_eq!(declared[1].role, PinRole::Signature);
        assert_eq!(declared[2].role, PinRole::Puk);
        assert_eq!(declared[1].reference.map(|r| r.value()), Some(0x82));
    }

    #[test]
    fn references_as_cards_store_them() {
        assert_eq!(reference(&[0x81]), Some(0x81));
        assert_eq!(reference(&[0x00, 0x81]), Some(0x81));
        assert_eq!(reference(&[0x01, 0x00]), None);
        assert_eq!(reference(&[]), None);
        // The flags of OpenSC's listing: local 0x02, initialized 0x10,
        // needs-padding 0x20, unblockingPin 0x40.
        assert_eq!(bit_flags(&[0x00, 0x4C]), 0x02 | 0x10 | 0x20);
        assert_eq!(bit_flags(&[0x00, 0x02]), 0x40);
        assert_eq!(bit_flags(&[]), 0);
    }

    #[test]
    fn other_objects_are_passed_over_and_broken_ones_refused() {
        let bio = tlv::encode(0xA0, &[0x30, 0x00]);
        let pins = parse_aodf(&[bio, encode_pin("PIN", 0x11, false, 1)].concat()).unwrap();
        assert_eq!(pins.len(), 1);
        // Without pinReference: DEFAULT 0, no reference to name.
        let no_ref = tlv::encode(
            0x30,
            &[
                tlv::encode(0x30, &[]),
                tlv::encode(0x30, &[]),
                tlv::encode(0xA1, &tlv::encode(0x30, &tlv::encode(0x03, &[0, 0]))),
            ]
            .concat(),
        );
        let pins = parse_aodf(&no_ref).unwrap();
        assert_eq!(pins[0].reference, Some(0));
        assert!(pins[0].declared().reference.is_none());
        let broken = tlv::encode(0x30, &tlv::encode(0x30, &[]));
        assert!(matches!(parse_aodf(&broken), Err(CardError::Garbage(_))));
        let many: Vec<u8> = (0..=MAX_PINS as u8)
            .flat_map(|n| encode_pin("P", n + 1, false, n))
            .collect();
        assert!(matches!(parse_aodf(&many), Err(CardError::TooLarge { .. })));
    }
}
