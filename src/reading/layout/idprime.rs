//! Certificates in the IDPrime (Windows smart-card minidriver) file system,
//! as Thales/Gemalto IDPrime cards keep them: an applet with an index file
//! that names every file, certificate files that are usually
//! zlib-compressed, and a container map. Also the other direction, adding
//! this layout to a card image, so test cards are built by the same rules.
//!
//! The access pattern follows what is known to work on real cards (the
//! one OpenSC's IDPrime driver uses): SELECT the applet by AID, then each
//! file by its two-byte identifier under the applet, with the file's
//! control parameters so its size is known, then READ BINARY exactly that
//! many bytes (these cards are strict about lengths).

use std::io::Read;

use serde::Serialize;

use super::pkcs15::{
    CardCertificate, CardSpec, Directory, TokenInfo, MAX_CERTIFICATES, MAX_CERT_BYTES,
};
use super::tlv;
use crate::reading::card::apdu::{Command, SHORT_LE_MAX};
use crate::reading::card::image::CardImage;
use crate::reading::card::status::StatusWord;
use crate::reading::card::transport::Channel;
use crate::reading::card::CardError;

/// The IDPrime applet's AID.
pub const IDPRIME_AID: [u8; 11] = [
    0xA0, 0x00, 0x00, 0x00, 0x18, 0x80, 0x00, 0x00, 0x00, 0x06, 0x62,
];
/// The index file: which file holds what.
pub const INDEX_FID: [u8; 2] = [0x01, 0x01];
/// Bytes per index entry: FID (2), size (2), name (8), directory (9).
pub const ENTRY_LEN: usize = 21;
/// Bytes per container map record: GUID in UTF-16 (80), flags, reserved,
/// signature key bits (2, LE), key-exchange key bits (2, LE).
pub const CONTAINER_LEN: usize = 86;
/// The index holds at most 255 entries (its count is one byte).
pub const MAX_INDEX_BYTES: usize = 1 + 255 * ENTRY_LEN;
/// Largest container map we read: 64 containers, several times what a
/// card with ten certificates holds.
pub const MAX_CMAP_BYTES: usize = 64 * CONTAINER_LEN;
/// Largest certificate file: a certificate stored uncompressed, with the
/// four bytes of a compression header.
pub const MAX_CERT_FILE_BYTES: usize = MAX_CERT_BYTES + 4;
/// The card ID file's usual identifier and length (16 bytes).
const CARDID_FID: [u8; 2] = [0x02, 0x01];
const CARDID_LEN: usize = 16;

/// One entry of the index file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    /// File identifier, hex.
    pub fid: String,
    pub size: u16,
    /// e.g. `kxc00`, `ksc01`, `cmapfile`, `cardid`.
    pub name: String,
    /// e.g. `mscp`, `p11`, or empty for the root.
    pub directory: String,
}

impl IndexEntry {
    fn fid_bytes(&self) -> [u8; 2] {
        let b = hex::decode(&self.fid).unwrap_or_default();
        [
            b.first().copied().unwrap_or(0),
            b.get(1).copied().unwrap_or(0),
        ]
    }

    /// A certificate the minidriver knows: `mscp/kxcNN` or `mscp/kscNN`.
    fn is_certificate(&self) -> bool {
        self.directory == "mscp" && (self.name.starts_with("kxc") || self.name.starts_with("ksc"))
    }

    /// The container number in `kxcNN` / `kscNN`.
    fn container(&self) -> Option<usize> {
        self.name.get(3..5).and_then(|n| n.parse().ok())
    }
}

/// One container of `mscp/cmapfile`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Container {
    pub index: usize,
    pub guid: String,
    /// The middleware's default container (flag `02`).
    pub default: bool,
    pub signature_key_bits: u16,
    pub key_exchange_key_bits: u16,
}

/// What an IDPrime read found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IdprimeCard {
    pub index: Vec<IndexEntry>,
    pub containers: Vec<Container>,
    /// The card ID (`cardid`), hex: what the middleware shows as serial.
    pub card_id: Option<String>,
    #[serde(skip)]
    pub certificates: Vec<CardCertificate>,
    /// Every file read, by identifier under the applet, as the card holds
    /// it (certificates still compressed): for `dump`.
    #[serde(skip)]
    pub files: Vec<([u8; 2], Vec<u8>)>,
}

impl IdprimeCard {
    /// Token info as far as this layout has it: the card ID as serial.
    pub fn token(&self) -> Option<TokenInfo> {
        self.card_id.as_ref().map(|id| TokenInfo {
            serial: Some(id.clone()),
            manufacturer: None,
            label: None,
        })
    }
}

/// Reads the IDPrime layout. `Ok(None)` when the card has no IDPrime
/// applet (or no index in it): then this is not the card's layout.
/// `card_id`: also read the card ID (one more SELECT and READ).
pub fn read(ch: &mut Channel<'_>, card_id: bool) -> Result<Option<IdprimeCard>, CardError> {
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
    }))
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

// ---------------------------------------------------------------------
// Building card images.

/// Where the applet's files sit in a card image. Real IDPrime cards show
/// the applet's files as the root of their file system once the applet is
/// selected (OpenSC selects the index as the path `0101` from the root);
/// the image puts them under `3F00` and names `3F00` with the applet's AID.
pub const IMAGE_APPLET_PATH: [u8; 2] = [0x3F, 0x00];

/// How to lay out the IDPrime files.
#[derive(Clone, Debug)]
pub struct IdprimeOptions {
    /// Store certificates compressed (`01 00` + length + zlib), as real
    /// cards do. OpenSC's driver reads only compressed certificates.
    pub compress: bool,
    /// The 16-byte card ID.
    pub card_id: [u8; 16],
}

impl Default for IdprimeOptions {
    fn default() -> Self {
        IdprimeOptions {
            compress: true,
            card_id: *b"SITHSCTL-IDPRIME",
        }
    }
}

fn index_entry(fid: [u8; 2], size: usize, name: &str, dir: &str) -> Vec<u8> {
    let mut e = fid.to_vec();
    e.extend_from_slice(&(size as u16).to_be_bytes());
    let mut n = name.as_bytes().to_vec();
    n.resize(8, 0);
    let mut d = dir.as_bytes().to_vec();
    d.resize(9, 0);
    e.extend(n);
    e.extend(d);
    e
}

/// A certificate file as a card stores it.
pub fn encode_certificate(der: &[u8], compress: bool) -> Vec<u8> {
    if !compress {
        return der.to_vec();
    }
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = z.write_all(der);
    let stream = z.finish().unwrap_or_default();
    let mut out = vec![0x01, 0x00];
    out.extend_from_slice(&(der.len() as u16).to_le_bytes());
    out.extend(stream);
    out
}

/// Adds the IDPrime applet with these certificates (one container each,
/// `mscp/kxcNN`) to an image.
pub fn add_to_image(image: &mut CardImage, certificates: &[Vec<u8>], options: &IdprimeOptions) {
    let at = |fid: [u8; 2]| [IMAGE_APPLET_PATH.as_slice(), &fid].concat();
    image.add_df(&IMAGE_APPLET_PATH, &IDPRIME_AID);
    let mut index = Vec::new();
    // Card ID at the root, as on real cards.
    image.add_file(&at(CARDID_FID), &options.card_id, "IDPrime cardid");
    index.push(index_entry(CARDID_FID, CARDID_LEN, "cardid", ""));
    // The container map: one valid container per certificate, the first
    // the default.
    let mut cmap = Vec::new();
    let mut keyrefs = Vec::new();
    for n in 0..certificates.len() {
        let guid: Vec<u8> = format!("sithsctl-container-{n:02}")
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let mut record = guid;
        record.resize(80, 0);
        record.push(if n == 0 { 0x03 } else { 0x01 });
        record.push(0);
        record.extend_from_slice(&0u16.to_le_bytes());
        record.extend_from_slice(&2048u16.to_le_bytes());
        cmap.extend(record);
        // Key reference map (read by the middleware for IDPrime 940):
        // PIN index, key reference, container index, reserved.
        let mut keyref = vec![0x01, 0x11 + 2 * n as u8, n as u8];
        keyref.resize(8, 0);
        keyrefs.extend(keyref);
    }
    let cmap_fid = [0x02, 0x04];
    image.add_file(&at(cmap_fid), &cmap, "IDPrime mscp/cmapfile");
    index.push(index_entry(cmap_fid, cmap.len(), "cmapfile", "mscp"));
    if !keyrefs.is_empty() {
        image.add_file(&at([0x00, 0x05]), &keyrefs, "IDPrime key references");
    }
    for (n, der) in certificates.iter().enumerate() {
        let fid = [0x02, 0x06 + n as u8];
        let data = encode_certificate(der, options.compress);
        let name = format!("kxc{n:02}");
        image.add_file(&at(fid), &data, &format!("IDPrime mscp/{name}"));
        index.push(index_entry(fid, data.len(), &name, "mscp"));
    }
    let mut index_file = vec![index.len() as u8];
    index_file.extend(index.concat());
    image.add_file(&at(INDEX_FID), &index_file, "IDPrime index");
}

/// The ATR of a Thales IDPrime 940, the family current SITHS cards come
/// from (the middleware recognises the card by it).
pub const IDPRIME_940_ATR: [u8; 20] = [
    0x3B, 0x7F, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xB0, 0x85, 0x59, 0x56, 0xFB, 0x12, 0x0F,
    0xFE, 0x82, 0x90, 0x00,
];

/// Builds a card with the IDPrime layout only, from the same description
/// the PKCS#15 builder takes: the card's own certificates (not the CAs)
/// go into `mscp`, one container each.
pub fn build_image(spec: &CardSpec, options: &IdprimeOptions) -> CardImage {
    let mut image = CardImage::new(&spec.atr);
    image.description = Some(spec.description.clone());
    image.behaviour = spec.behaviour.clone();
    add_to_image(&mut image, &own_certificates(spec), options);
    image
}

/// Builds a card that carries both layouts, with the same certificates.
pub fn build_both(spec: &CardSpec, options: &IdprimeOptions) -> CardImage {
    let mut image = super::pkcs15::build_image(spec);
    add_to_image(&mut image, &own_certificates(spec), options);
    image
}

fn own_certificates(spec: &CardSpec) -> Vec<Vec<u8>> {
    spec.certificates
        .iter()
        .filter(|c| !c.authority)
        .map(|c| c.der.clone())
        .collect()
}

/// An image of what an IDPrime read saw, added to `image`: the files as
/// read, under the applet.
pub fn add_read_to_image(image: &mut CardImage, card: &IdprimeCard) {
    image.add_df(&IMAGE_APPLET_PATH, &IDPRIME_AID);
    for (fid, data) in &card.files {
        let path = [IMAGE_APPLET_PATH.as_slice(), fid].concat();
        if image
            .files
            .iter()
            .any(|f| f.path == hex::encode_upper(&path))
        {
            continue;
        }
        image.add_file(&path, data, "");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reading::card::image::Behaviour;
    use crate::reading::card::sim::{SimCard, SimTransport};

    fn fake_cert(size: usize, fill: u8) -> Vec<u8> {
        tlv::encode(0x30, &vec![fill; size])
    }

    fn image(certs: &[Vec<u8>], compress: bool, behaviour: Behaviour) -> CardImage {
        let mut image = CardImage::new(&[0x3B, 0x80, 0x80, 0x01, 0x01]);
        image.behaviour = behaviour;
        add_to_image(
            &mut image,
            certs,
            &IdprimeOptions {
                compress,
                ..Default::default()
            },
        );
        image
    }

    fn read_image(image: &CardImage) -> (Result<Option<IdprimeCard>, CardError>, usize) {
        let mut t = SimTransport {
            card: SimCard::new(image.decode().unwrap()),
        };
        let mut ch = Channel::new(&mut t);
        let r = read(&mut ch, true);
        (r, ch.apdus_sent())
    }

    #[test]
    fn compressed_and_plain_certificates_read_back() {
        let certs = vec![fake_cert(1500, 1), fake_cert(300, 2)];
        for compress in [true, false] {
            for t0 in [false, true] {
                let b = Behaviour {
                    t0,
                    wrong_le: t0,
                    ..Default::default()
                };
                let (card, _) = read_image(&image(&certs, compress, b));
                let card = card.unwrap().expect("an IDPrime card");
                let ders: Vec<_> = card.certificates.iter().map(|c| c.der.clone()).collect();
                assert_eq!(ders, certs, "compress {compress} t0 {t0}");
                assert_eq!(card.certificates[0].label.as_deref(), Some("kxc00"));
                assert_eq!(card.certificates[1].id, "0002");
                assert_eq!(card.containers.len(), 2);
                assert!(card.containers[0].default && !card.containers[1].default);
                assert_eq!(card.containers[1].guid, "sithsctl-container-01");
                assert_eq!(
                    card.card_id.as_deref(),
                    Some("534954485343544C2D49445052494D45")
                );
            }
        }
    }

    #[test]
    fn a_card_without_the_applet_is_not_idprime() {
        let mut image = CardImage::new(&[0x3B, 0x00]);
        image.add_file(&[0x3F, 0x00, 0x00, 0x01], &[0], "");
        let (card, apdus) = read_image(&image);
        assert_eq!(card.unwrap(), None);
        assert_eq!(apdus, 1);
    }

    #[test]
    fn a_zlib_bomb_is_refused_with_bounded_memory() {
        // 10 MB of zeros compress to about 10 KB; the header claims 1000.
        let zeros = vec![0u8; 10 * 1024 * 1024];
        let mut bomb = encode_certificate(&zeros, true);
        bomb[2..4].copy_from_slice(&1000u16.to_le_bytes());
        let err = decode_certificate(&bomb, "certificate kxc00").unwrap_err();
        assert!(
            matches!(&err, CardError::Garbage(m) if m.contains("more than the 1000 bytes")),
            "{err:?}"
        );
        // A header that claims more than a certificate can be is refused
        // before inflating.
        let mut big = encode_certificate(&fake_cert(100, 1), true);
        big[2..4].copy_from_slice(&60_000u16.to_le_bytes());
        assert!(matches!(
            decode_certificate(&big, "c"),
            Err(CardError::TooLarge { size: 60_000, .. })
        ));
        // Garbage after the header.
        assert!(matches!(
            decode_certificate(&[1, 0, 10, 0, 0xFF, 0xFF, 0xFF], "c"),
            Err(CardError::Garbage(_))
        ));
    }

    #[test]
    fn a_bomb_on_the_card_ends_the_read_as_a_card_problem() {
        let mut image = image(&[fake_cert(200, 1)], true, Behaviour::default());
        let zeros = vec![0u8; 1024 * 1024];
        let mut bomb = encode_certificate(&zeros, true);
        bomb[2..4].copy_from_slice(&500u16.to_le_bytes());
        let size = bomb.len();
        for f in &mut image.files {
            if f.path == "3F000206" {
                f.data = Some(hex::encode_upper(&bomb));
            }
            if f.path == "3F000101" {
                let mut idx = hex::decode(f.data.as_ref().unwrap()).unwrap();
                let entries = idx[0] as usize;
                for e in 0..entries {
                    let at = 1 + e * ENTRY_LEN;
                    if idx[at..at + 2] == [0x02, 0x06] {
                        idx[at + 2..at + 4].copy_from_slice(&(size as u16).to_be_bytes());
                    }
                }
                f.data = Some(hex::encode_upper(&idx));
            }
        }
        let (card, _) = read_image(&image);
        let err = card.unwrap_err();
        assert_eq!(err.kind(), crate::reading::card::ErrorKind::Card, "{err:?}");
    }

    #[test]
    fn an_index_that_overstates_its_count_is_garbage() {
        assert!(matches!(
            parse_index(&[3, 0, 1]),
            Err(CardError::Garbage(_))
        ));
        assert!(parse_index(&[0]).unwrap().is_empty());
    }

    #[test]
    fn an_image_of_a_read_reads_the_same() {
        let certs = vec![fake_cert(900, 4), fake_cert(400, 5)];
        let (first, _) = read_image(&image(&certs, true, Behaviour::default()));
        let first = first.unwrap().unwrap();
        let mut again = CardImage::new(&[0x3B, 0x00]);
        add_read_to_image(&mut again, &first);
        let (second, _) = read_image(&again);
        let second = second.unwrap().unwrap();
        assert_eq!(second.certificates, first.certificates);
        assert_eq!(second.card_id, first.card_id);
    }
}
