//! The commands an IDPrime read sends: SELECT the applet, then each file
//! by identifier with its control parameters, then READ BINARY exactly its
//! size; in order the index, the container map, the card ID when wanted,
//! and every certificate the index lists. The bytes are understood in
//! `parse`.

use crate::reading::card::apdu::{Command, SHORT_LE_MAX};
use crate::reading::card::status::StatusWord;
use crate::reading::card::transport::Channel;
use crate::reading::card::CardError;
use crate::reading::layout::pkcs15::{CardCertificate, Directory, MAX_CERTIFICATES};
use crate::reading::layout::tlv;

use super::parse::{decode_certificate, parse_cmapfile, parse_index, parse_keyrefs};
use super::types::{
    Container, IdprimeCard, IndexEntry, CARDID_FID, CARDID_LEN, IDPRIME_AID, INDEX_FID, KEYREF_FID,
    MAX_CERT_FILE_BYTES, MAX_CMAP_BYTES, MAX_INDEX_BYTES, MAX_KEYREF_BYTES,
};
use crate::reading::layout::pins::DeclaredPin;

/// Reads the IDPrime layout. `Ok(None)` when the card has no IDPrime
/// applet (or no index in it): then this is not the card's layout.
/// `card_id`: also read the card ID (one more SELECT and READ); `pins`:
/// also the key-reference file, which tells which PINs the keys use.
pub fn read(
    ch: &mut Channel<'_>,
    card_id: bool,
    pins: bool,
) -> Result<Option<IdprimeCard>, CardError> {
    let r = ch.send(&Command::select_aid(&IDPRIME_AID))?;
    if !r.sw.is_success() {
        return Ok(None);
    }
    let mut files = Vec::new();
    let Some(size) = select(ch, INDEX_FID)? else {
        return Ok(None);
    };
    let index_data = read_file(ch, size, MAX_INDEX_BYTES, "the IDPrime index (0101)")?;
    let index = parse_index(&index_data)?;
    files.push((INDEX_FID, index_data));

    let mut containers = Vec::new();
    if let Some(entry) = index
        .iter()
        .find(|e| e.name == "cmapfile" && e.directory == "mscp")
    {
        let fid = entry.fid_bytes();
        if let Some(size) = select(ch, fid)? {
            let data = read_file(
                ch,
                size.or(Some(entry.size as usize)),
                MAX_CMAP_BYTES,
                "the container map (mscp/cmapfile)",
            )?;
            containers = parse_cmapfile(&data);
            files.push((fid, data));
        }
    }

    let mut card_id_hex = None;
    if card_id {
        let fid = index
            .iter()
            .find(|e| e.name == "cardid")
            .map(IndexEntry::fid_bytes)
            .unwrap_or(CARDID_FID);
        if let Some(size) = select(ch, fid)? {
            let data = read_file(ch, size, CARDID_LEN, "the card ID (cardid)")?;
            if data.len() == CARDID_LEN {
                card_id_hex = Some(hex::encode_upper(&data));
            }
            files.push((fid, data));
        }
    }

    let mut declared = Vec::new();
    if pins {
        // Not in every index (OpenSC selects it by its identifier). A file
        // that is not there or makes no sense names no second PIN; a card
        // that stops answering still ends the read.
        let keyrefs = match read_keyrefs(ch) {
            Ok(Some(data)) => {
                let indexes = parse_keyrefs(&data);
                files.push((KEYREF_FID, data));
                Some(indexes)
            }
            Ok(None)
            | Err(CardError::Status { .. } | CardError::Garbage(_) | CardError::TooLarge { .. }) => {
                None
            }
            Err(e) => return Err(e),
        };
        declared = DeclaredPin::idprime(keyrefs.as_deref());
    }

    let mut certificates = Vec::new();
    for (n, entry) in index.iter().filter(|e| e.is_certificate()).enumerate() {
        if n >= MAX_CERTIFICATES {
            return Err(CardError::TooLarge {
                what: "the IDPrime index".into(),
                size: n + 1,
                limit: MAX_CERTIFICATES,
            });
        }
        let what = format!("certificate mscp/{} ({})", entry.name, entry.fid);
        let size = entry.size as usize;
        if size > MAX_CERT_FILE_BYTES {
            return Err(CardError::TooLarge {
                what,
                size,
                limit: MAX_CERT_FILE_BYTES,
            });
        }
        let fid = entry.fid_bytes();
        let Some(fcp_size) = select(ch, fid)? else {
            return Err(CardError::Garbage(format!(
                "{what} is listed in the index but not on the card"
            )));
        };
        let raw = read_file(ch, fcp_size.or(Some(size)), MAX_CERT_FILE_BYTES, &what)?;
        let der = decode_certificate(&raw, &what)?;
        files.push((fid, raw));
        let container = entry
            .container()
            .and_then(|c| containers.iter().find(|k: &&Container| k.index == c));
        certificates.push(CardCertificate {
            label: Some(entry.name.clone()),
            // Numbered in index order, as the middleware (OpenSC) does,
            // so the iD matches what PKCS#11 shows as CKA_ID.
            id: format!("{:04X}", n + 1),
            authority: false,
            directory: Directory::Certificates,
            path: match container {
                Some(c) => format!("mscp/{} ({}) [{}]", entry.name, entry.fid, c.guid),
                None => format!("mscp/{} ({})", entry.name, entry.fid),
            },
            der,
        });
    }
    Ok(Some(IdprimeCard {
        index,
        containers,
        card_id: card_id_hex,
        certificates,
        files,
        pins: declared,
    }))
}

/// The key-reference file, when the card has one.
fn read_keyrefs(ch: &mut Channel<'_>) -> Result<Option<Vec<u8>>, CardError> {
    match select(ch, KEYREF_FID)? {
        Some(size) => read_file(ch, size, MAX_KEYREF_BYTES, "the key references (0005)").map(Some),
        None => Ok(None),
    }
}

/// Selects a file under the applet, asking for its control parameters.
/// `None` when the card has no such file; else the size the card gives
/// (`Some(None)` when it gives none).
#[allow(clippy::option_option)]
fn select(ch: &mut Channel<'_>, fid: [u8; 2]) -> Result<Option<Option<usize>>, CardError> {
    let command = Command::new(0xA4, 0x00, 0x00)
        .with_data(&fid)
        .with_le(SHORT_LE_MAX);
    let r = ch.send(&command)?;
    if r.sw.is_not_found() {
        return Ok(None);
    }
    if !r.sw.is_success() {
        return Err(CardError::Status {
            what: format!("selecting IDPrime file {}", hex::encode_upper(fid)),
            sw: r.sw,
        });
    }
    Ok(Some(fcp_size(&r.data)))
}

/// The file size in a FCP (`62`) or FCI (`6F`) template: tag `80` (data
/// bytes) or `81`.
fn fcp_size(data: &[u8]) -> Option<usize> {
    let (outer, _) = tlv::parse_one(data).ok()?;
    if outer.tag != 0x62 && outer.tag != 0x6F {
        return None;
    }
    outer
        .children()
        .ok()?
        .iter()
        .find(|c| c.tag == 0x80 || c.tag == 0x81)
        .map(|c| c.value.iter().fold(0usize, |n, b| (n << 8) | *b as usize))
}

/// Reads the selected file: exactly `size` bytes when known, else until
/// the card says the file ends. Never more than `max`.
fn read_file(
    ch: &mut Channel<'_>,
    size: Option<usize>,
    max: usize,
    what: &str,
) -> Result<Vec<u8>, CardError> {
    if let Some(size) = size {
        if size > max {
            return Err(CardError::TooLarge {
                what: what.to_string(),
                size,
                limit: max,
            });
        }
    }
    let end = size.unwrap_or(max);
    let mut data = Vec::new();
    while data.len() < end {
        let le = (end - data.len()).min(SHORT_LE_MAX);
        let r = ch.send(&Command::read_binary(data.len() as u16, le, false))?;
        match r.sw {
            StatusWord::OK | StatusWord::END_OF_FILE => {}
            sw if sw.is_offset_past_end() => break,
            sw => {
                return Err(CardError::Status {
                    what: format!("reading {what}"),
                    sw,
                })
            }
        }
        if r.data.is_empty() {
            break;
        }
        let short = r.data.len() < le;
        data.extend_from_slice(&r.data);
        if short {
            break;
        }
    }
    data.truncate(end);
    if let Some(size) = size {
        if data.len() < size {
            return Err(CardError::Garbage(format!(
                "{what} ends after {} of its {size} bytes",
                data.len()
            )));
        }
    }
    Ok(data)
}
