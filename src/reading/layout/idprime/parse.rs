//! The contents of the IDPrime files, bytes in and records out: the index,
//! the container map, and certificate files (inflated when compressed,
//! with the declared length checked first). No card here, so these can be
//! tested and fuzzed alone.

use std::io::Read;

use crate::reading::card::CardError;
use crate::reading::layout::pkcs15::MAX_CERT_BYTES;
use crate::reading::layout::tlv;

use super::types::{Container, IndexEntry, CONTAINER_LEN, ENTRY_LEN, KEYREF_LEN};

fn zero_padded(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// Parses the index: a count byte, then 21-byte entries.
pub fn parse_index(data: &[u8]) -> Result<Vec<IndexEntry>, CardError> {
    let Some((&count, rest)) = data.split_first() else {
        return Err(CardError::Garbage("the IDPrime index is empty".into()));
    };
    let count = count as usize;
    if rest.len() < count * ENTRY_LEN {
        return Err(CardError::Garbage(format!(
            "the IDPrime index counts {count} entries but holds {} bytes",
            rest.len()
        )));
    }
    Ok(rest
        .chunks_exact(ENTRY_LEN)
        .take(count)
        .map(|e| IndexEntry {
            fid: hex::encode_upper(&e[0..2]),
            size: u16::from_be_bytes([e[2], e[3]]),
            name: zero_padded(&e[4..12]),
            directory: zero_padded(&e[12..21]),
        })
        .collect())
}

/// Parses the container map; records that start with a zero are empty.
pub fn parse_cmapfile(data: &[u8]) -> Vec<Container> {
    data.chunks_exact(CONTAINER_LEN)
        .enumerate()
        .filter(|(_, r)| r[0] != 0)
        .map(|(index, r)| {
            let units: Vec<u16> = r[..80]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .take_while(|u| *u != 0)
                .collect();
            Container {
                index,
                guid: String::from_utf16_lossy(&units),
                default: r[80] & 0x02 != 0,
                signature_key_bits: u16::from_le_bytes([r[82], r[83]]),
                key_exchange_key_bits: u16::from_le_bytes([r[84], r[85]]),
            }
        })
        .collect()
}

/// A certificate file's contents as DER: inflated when it starts `01 00`
/// (then two bytes of uncompressed length, little-endian, and a zlib
/// stream), cut to the DER length either way. The declared length is
/// checked before anything is inflated, and inflating stops one byte past
/// it, so a zlib bomb costs at most [`MAX_CERT_BYTES`] of memory.
pub fn decode_certificate(raw: &[u8], what: &str) -> Result<Vec<u8>, CardError> {
    let der = if raw.len() >= 4 && raw[0] == 0x01 && raw[1] == 0x00 {
        let declared = u16::from_le_bytes([raw[2], raw[3]]) as usize;
        if declared > MAX_CERT_BYTES {
            return Err(CardError::TooLarge {
                what: format!("{what} (compressed)"),
                size: declared,
                limit: MAX_CERT_BYTES,
            });
        }
        let mut out = Vec::with_capacity(declared);
        flate2::read::ZlibDecoder::new(&raw[4..])
            .take(declared as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|e| CardError::Garbage(format!("{what}: broken zlib stream ({e})")))?;
        if out.len() > declared {
            return Err(CardError::Garbage(format!(
                "{what} inflates to more than the {declared} bytes it declares: \
                 refused (a compression bomb or a broken file)"
            )));
        }
        if out.len() < declared {
            return Err(CardError::Garbage(format!(
                "{what} inflates to {} of the {declared} bytes it declares",
                out.len()
            )));
        }
        out
    } else {
        raw.to_vec()
    };
    let (tag, head, len) = tlv::header(&der).map_err(|e| match e {
        CardError::Garbage(m) => CardError::Garbage(format!("{what}: {m}")),
        other => other,
    })?;
    if tag != 0x30 {
        return Err(CardError::Garbage(format!(
            "{what} does not hold a DER certificate (first byte {:02X})",
            der[0]
        )));
    }
    let total = head.saturating_add(len);
    if total > der.len() {
        return Err(CardError::Garbage(format!(
            "{what} ends after {} of its {total} bytes",
            der.len()
        )));
    }
    let mut der = der;
    der.truncate(total);
    Ok(der)
}

/// The PIN index of every key-reference record (the first byte; records
/// that start with a zero are empty and left out).
pub fn parse_keyrefs(data: &[u8]) -> Vec<u8> {
    data.chunks_exact(KEYREF_LEN)
        .map(|r| r[0])
        .filter(|pin| *pin != 0)
        .collect()
}
