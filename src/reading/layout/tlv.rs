//! BER-TLV, as far as ISO 7816 and PKCS#15 files use it. Every length is
//! checked against the bytes that are really there, so a card that claims
//! gigabytes costs us nothing.

use crate::reading::card::CardError;

/// One tag-length-value, borrowing its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag with all its bytes, e.g. `0x30`, `0xA4`, `0x5F20`.
    pub tag: u32,
    pub value: &'a [u8],
    /// The whole encoding, header included.
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    pub fn is_constructed(&self) -> bool {
        let first = if self.tag > 0xFFFF {
            (self.tag >> 16) as u8
        } else if self.tag > 0xFF {
            (self.tag >> 8) as u8
        } else {
            self.tag as u8
        };
        first & 0x20 != 0
    }

    /// The children of a constructed value.
    pub fn children(&self) -> Result<Vec<Tlv<'a>>, CardError> {
        parse_all(self.value)
    }
}

fn garbage(msg: &str) -> CardError {
    CardError::Garbage(format!("BER-TLV: {msg}"))
}

/// Reads the header of a TLV: (tag, header length, value length). The
/// value length is what the header claims; nothing is checked against
/// what follows. Used to learn a certificate's size from its first bytes.
pub fn header(input: &[u8]) -> Result<(u32, usize, usize), CardError> {
    let first = *input.first().ok_or_else(|| garbage("empty"))?;
    let mut pos = 1;
    let mut tag = first as u32;
    if first & 0x1F == 0x1F {
        loop {
            let b = *input
                .get(pos)
                .ok_or_else(|| garbage("tag runs past the end"))?;
            pos += 1;
            tag = (tag << 8) | b as u32;
            if b & 0x80 == 0 {
                break;
            }
            // Three tag bytes at most: what ISO 7816 uses, and what
            // `encode` and `is_constructed` understand.
            if pos >= 3 {
                return Err(garbage("tag longer than three bytes"));
            }
        }
    }
    let lb = *input.get(pos).ok_or_else(|| garbage("no length"))?;
    pos += 1;
    let len = if lb < 0x80 {
        lb as usize
    } else {
        let n = (lb & 0x7F) as usize;
        if n == 0 {
            return Err(garbage("indefinite length"));
        }
        if n > 4 {
            return Err(garbage("length of more than four bytes"));
        }
        let bytes = input
            .get(pos..pos + n)
            .ok_or_else(|| garbage("length runs past the end"))?;
        pos += n;
        bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize)
    };
    Ok((tag, pos, len))
}

/// Parses one TLV from the front of `input`; returns it and the rest.
pub fn parse_one(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), CardError> {
    let (tag, head, len) = header(input)?;
    let end = head
        .checked_add(len)
        .filter(|end| *end <= input.len())
        .ok_or_else(|| {
            garbage(&format!(
                "tag {tag:X} claims {len} bytes, {} are there",
                input.len().saturating_sub(head)
            ))
        })?;
    Ok((
        Tlv {
            tag,
            value: &input[head..end],
            raw: &input[..end],
        },
        &input[end..],
    ))
}

/// Parses a run of TLVs, stopping at padding: files are often filled up
/// with `00` or `FF` after the last object.
pub fn parse_all(mut input: &[u8]) -> Result<Vec<Tlv<'_>>, CardError> {
    let mut out = Vec::new();
    while let Some(&b) = input.first() {
        if b == 0x00 || b == 0xFF {
            break;
        }
        let (tlv, rest) = parse_one(input)?;
        out.push(tlv);
        input = rest;
    }
    Ok(out)
}

/// Encodes a TLV (definite length, short or long form).
pub fn encode(tag: u32, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 6);
    for shift in [16, 8, 0] {
        let b = (tag >> shift) as u8;
        if b != 0 || shift == 0 || !out.is_empty() {
            out.push(b);
        }
    }
    let len = value.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len <= 0xFF {
        out.extend_from_slice(&[0x81, len as u8]);
    } else if len <= 0xFFFF {
        out.push(0x82);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(0x83);
        out.extend_from_slice(&(len as u32).to_be_bytes()[1..]);
    }
    out.extend_from_slice(value);
    out
}

/// An unsigned INTEGER's value; refuses what does not fit in 32 bits.
pub fn integer(value: &[u8]) -> Result<u32, CardError> {
    let trimmed: &[u8] = match value {
        [0, rest @ ..] if !rest.is_empty() => rest,
        v => v,
    };
    if trimmed.is_empty()
        || trimmed.len() > 4
        || trimmed[0] & 0x80 != 0 && value.len() == trimmed.len()
    {
        return Err(garbage("INTEGER out of range"));
    }
    Ok(trimmed.iter().fold(0u32, |acc, b| (acc << 8) | *b as u32))
}

/// Encodes a non-negative INTEGER's value bytes.
pub fn integer_bytes(n: u32) -> Vec<u8> {
    let bytes = n.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count().min(3);
    let mut out = bytes[skip..].to_vec();
    if out[0] & 0x80 != 0 {
        out.insert(0, 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for len in [0usize, 1, 127, 128, 255, 256, 70_000] {
            let value = vec![0x42; len];
            let enc = encode(0x30, &value);
            let (tlv, rest) = parse_one(&enc).unwrap();
            assert_eq!(tlv.tag, 0x30);
            assert_eq!(tlv.value.len(), len);
            assert!(rest.is_empty());
        }
        let enc = encode(0x5F20, b"x");
        assert_eq!(enc, vec![0x5F, 0x20, 1, b'x']);
        assert_eq!(parse_one(&enc).unwrap().0.tag, 0x5F20);
    }

    #[test]
    fn stops_at_padding() {
        let mut data = encode(0xA4, &encode(0x30, &[1]));
        data.extend_from_slice(&[0xFF; 20]);
        assert_eq!(parse_all(&data).unwrap().len(), 1);
        data.truncate(5);
        data.extend_from_slice(&[0; 3]);
        assert_eq!(parse_all(&data).unwrap().len(), 1);
    }

    #[test]
    fn refuses_lies() {
        // Claims 4 GB: refused without allocating.
        assert!(parse_one(&[0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]).is_err());
        assert!(parse_one(&[0x30, 0x85, 1, 1, 1, 1, 1]).is_err());
        assert!(parse_one(&[0x30, 0x80]).is_err());
        assert!(parse_one(&[0x30]).is_err());
        assert!(parse_one(&[0x1F, 0x81, 0x81, 0x81, 0x01, 0x00]).is_err());
        assert_eq!(header(&[0x30, 0x82, 0x05, 0xDC]).unwrap(), (0x30, 4, 1500));
    }

    #[test]
    fn four_byte_tags_are_refused() {
        // Found by fuzz target `tlv`: a four-byte tag was accepted, and
        // encoding it back lost its first byte.
        let crash = [0x5F, 0xE0, 0xFE, 0x00, 0x00, 0x00, 0x00, 0x69, 0x53];
        assert!(parse_one(&crash).is_err());
        assert!(header(&crash).is_err());
        // Three bytes are fine and round-trip.
        let enc = encode(0x5F_81_01, b"x");
        assert_eq!(enc, vec![0x5F, 0x81, 0x01, 1, b'x']);
        assert_eq!(parse_one(&enc).unwrap().0.tag, 0x5F_81_01);
    }

    #[test]
    fn integers() {
        assert_eq!(integer(&[0x01, 0x00]).unwrap(), 256);
        assert_eq!(integer(&[0x00, 0x80]).unwrap(), 128);
        assert!(integer(&[]).is_err());
        assert!(integer(&[1, 2, 3, 4, 5]).is_err());
        for n in [0u32, 1, 127, 128, 255, 256, 65_535, 1 << 30] {
            assert_eq!(integer(&integer_bytes(n)).unwrap(), n);
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Tags of one to three bytes, as ISO 7816 writes them; never starting
    /// with the padding bytes `00` and `FF` that [`parse_all`] stops at.
    fn tag() -> impl Strategy<Value = u32> {
        prop_oneof![
            (0x01u8..0xFF)
                .prop_filter("not a multi-byte first byte", |b| b & 0x1F != 0x1F)
                .prop_map(u32::from),
            ((0u8..7), 0x00u8..0x80)
                .prop_map(|(c, t)| u32::from(0x1F | c << 5) << 8 | u32::from(t)),
            ((0u8..7), 0x80u8..=0xFF, 0x00u8..0x80).prop_map(|(c, t1, t2)| {
                u32::from(0x1F | c << 5) << 16 | u32::from(t1) << 8 | u32::from(t2)
            }),
        ]
    }

    proptest! {
        #[test]
        fn encode_then_parse_gives_back_tag_and_value(
            tag in tag(),
            value in prop::collection::vec(any::<u8>(), 0..700),
        ) {
            let enc = encode(tag, &value);
            let (tlv, rest) = parse_one(&enc).unwrap();
            prop_assert_eq!(tlv.tag, tag);
            prop_assert_eq!(tlv.value, &value[..]);
            prop_assert_eq!(tlv.raw, &enc[..]);
            prop_assert!(rest.is_empty());
            let (t, head, len) = header(&enc).unwrap();
            prop_assert_eq!((t, head + len), (tag, enc.len()));
        }

        #[test]
        fn a_run_of_tlvs_parses_back_in_order(
            items in prop::collection::vec((tag(), prop::collection::vec(any::<u8>(), 0..300)), 0..8),
            padding in prop_oneof![Just(0x00u8), Just(0xFF)],
            pad_len in 0usize..5,
        ) {
            let mut data: Vec<u8> = items.iter().flat_map(|(t, v)| encode(*t, v)).collect();
            data.extend(std::iter::repeat_n(padding, pad_len));
            let parsed = parse_all(&data).unwrap();
            prop_assert_eq!(parsed.len(), items.len());
            for (got, (tag, value)) in parsed.iter().zip(&items) {
                prop_assert_eq!(got.tag, *tag);
                prop_assert_eq!(got.value, &value[..]);
            }
        }

        #[test]
        fn integers_round_trip(n in any::<u32>()) {
            prop_assert_eq!(integer(&integer_bytes(n)).unwrap(), n);
        }
    }
}
