//! Building IDPrime card images: the applet with its index, card ID,
//! container map and certificate files, from certificates or from what a
//! read saw, alone or beside the PKCS#15 layout. Apart from the reader,
//! but written to the same names in `types`, so test cards are built by the
//! rules the reader follows.

use crate::reading::card::image::CardImage;
use crate::reading::layout::pkcs15::CardSpec;

use super::types::{IdprimeCard, CARDID_FID, CARDID_LEN, IDPRIME_AID, INDEX_FID};
use crate::reading::layout::pins::{IDPRIME_PIN, IDPRIME_SIGNATURE_PIN};

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
    /// Two PINs, as on an IDPrime 940 with a signature PIN: the keys of
    /// the odd containers (the second, fourth, ... certificate) name PIN
    /// index 2, the applet's "Digital Signature PIN" `83`; the others PIN
    /// `11`. Without it every key uses PIN `11`.
    pub signature_pin: bool,
}

impl Default for IdprimeOptions {
    fn default() -> Self {
        IdprimeOptions {
            compress: true,
            card_id: *b"SITHSCTL-IDPRIME",
            signature_pin: false,
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
        let pin_index = if options.signature_pin && n % 2 == 1 {
            0x02
        } else {
            0x01
        };
        let mut keyref = vec![pin_index, 0x11 + 2 * n as u8, n as u8];
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
    // The applet's PINs, three tries each.
    let two = options.signature_pin && certificates.len() > 1;
    let note = if two { "identification PIN" } else { "PIN" };
    image.add_pin(IDPRIME_PIN, 3, 3, note);
    if two {
        image.add_pin(IDPRIME_SIGNATURE_PIN, 3, 3, "signature PIN");
    }
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
    let mut image = crate::reading::layout::pkcs15::build_image(spec);
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
