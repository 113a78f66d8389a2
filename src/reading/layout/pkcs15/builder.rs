//! Building PKCS#15 card images: from what a read saw ([`image_of`], for
//! `dump`), or from certificates and a layout ([`build_image`], for test
//! cards and the demo card). Apart from the reader, but written to the
//! same names in `types`, so images are made by the rules the reader
//! follows.

use crate::reading::card::image::{Behaviour, CardImage, FileData};
use crate::reading::layout::tlv;

use super::aodf::encode_pin;

use super::types::{
    Directory, Pkcs15Card, DEFAULT_APP_PATH, EF_DIR, EF_ODF, EF_TOKEN_INFO, PKCS15_AID,
};

/// A card image of what a read saw: the public files only, as far as they
/// were read. Reading the image gives the same certificates as the card.
pub fn image_of(card: &Pkcs15Card, atr: &[u8], description: &str) -> CardImage {
    // Where the application lives: as the card said, else the folder of
    // the absolute paths it listed (3F00 xxxx yyyy), else the usual place.
    let app: Vec<u8> = card
        .app_path
        .as_ref()
        .and_then(|p| hex::decode(p).ok())
        .or_else(|| {
            card.files
                .iter()
                .find(|(p, _)| p.len() == 6 && p.starts_with(&[0x3F, 0x00]))
                .map(|(p, _)| p[..4].to_vec())
        })
        .unwrap_or_else(|| DEFAULT_APP_PATH.to_vec());
    let mut image = CardImage::new(atr);
    image.description = Some(description.to_string());
    image.add_df(&app, &PKCS15_AID);
    for (path, data) in &card.files {
        let absolute = if path.starts_with(&[0x3F, 0x00]) {
            path.clone()
        } else {
            [app.as_slice(), path].concat()
        };
        if image
            .files
            .iter()
            .any(|f| f.path == hex::encode_upper(&absolute))
        {
            continue;
        }
        match data {
            FileData::Transparent(bytes) => image.add_file(&absolute, bytes, ""),
            FileData::Records(records) => image.add_record_file(&absolute, records, ""),
        }
    }
    image
}

/// One certificate to put on a card.
#[derive(Clone, Debug)]
pub struct CertSpec {
    pub label: String,
    pub der: Vec<u8>,
    pub authority: bool,
    pub directory: Directory,
}

/// How to lay the files out: the variations real cards show.
#[derive(Clone, Debug)]
pub struct LayoutOptions {
    /// Write EF.DIR (else the reader must find the application otherwise).
    pub ef_dir: bool,
    /// EF.DIR as a linear record file instead of a transparent one.
    pub ef_dir_records: bool,
    /// All certificates in one file, reached by index and length.
    pub shared_file: bool,
    /// `FF` bytes after each certificate (and at the end of directories).
    pub padding: usize,
    /// Put the application at this path (two bytes under the MF).
    pub app_fid: [u8; 2],
    /// Give CDF paths relative to the application instead of absolute.
    pub relative_paths: bool,
    /// The PINs: PIN objects in an AODF and a try counter on the card.
    /// None: no AODF.
    pub pins: Vec<PinSpec>,
}

/// One PIN to put on a card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinSpec {
    pub label: String,
    /// Its `pinReference` (P2 of VERIFY).
    pub reference: u8,
    /// The PUK (flag `unblockingPin`).
    pub puk: bool,
    /// Tries left on the simulated card, of `max_tries`.
    pub tries_left: u8,
    pub max_tries: u8,
}

impl PinSpec {
    /// The PINs of a SITHS card: identification and signature PINs with
    /// three tries, the PUK with ten (the references on real SITHS cards
    /// are not public; these are the test cards').
    pub fn siths() -> Vec<PinSpec> {
        let pin = |label: &str, reference, puk, tries| PinSpec {
            label: label.into(),
            reference,
            puk,
            tries_left: tries,
            max_tries: tries,
        };
        vec![
            pin("Legitimering", 0x01, false, 3),
            pin("Underskrift", 0x02, false, 3),
            pin("PUK", 0x03, true, 10),
        ]
    }
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            ef_dir: true,
            ef_dir_records: false,
            shared_file: false,
            padding: 0,
            app_fid: [0x50, 0x15],
            relative_paths: false,
            pins: PinSpec::siths(),
        }
    }
}

/// Everything a card image is made from.
#[derive(Clone, Debug)]
pub struct CardSpec {
    pub description: String,
    pub atr: Vec<u8>,
    pub token_serial: String,
    pub token_label: String,
    pub manufacturer: String,
    pub certificates: Vec<CertSpec>,
    pub layout: LayoutOptions,
    pub behaviour: Behaviour,
}

fn path_object(path: &[u8], index: Option<usize>, length: Option<usize>) -> Vec<u8> {
    let mut inner = tlv::encode(0x04, path);
    if let Some(i) = index {
        inner.extend(tlv::encode(0x02, &tlv::integer_bytes(i as u32)));
    }
    if let Some(l) = length {
        inner.extend(tlv::encode(0x80, &tlv::integer_bytes(l as u32)));
    }
    tlv::encode(0x30, &inner)
}

/// Builds a PKCS#15 card image from certificates.
pub fn build_image(spec: &CardSpec) -> CardImage {
    let o = &spec.layout;
    let app: Vec<u8> = [0x3F, 0x00, o.app_fid[0], o.app_fid[1]].to_vec();
    let at = |fid: [u8; 2]| -> Vec<u8> { [app.as_slice(), &fid].concat() };
    let reference = |fid: [u8; 2]| -> Vec<u8> {
        if o.relative_paths {
            fid.to_vec()
        } else {
            at(fid)
        }
    };
    let pad = |mut data: Vec<u8>| {
        data.extend(std::iter::repeat_n(0xFF, o.padding));
        data
    };
    let mut image = CardImage::new(&spec.atr);
    image.description = Some(spec.description.clone());
    image.behaviour = spec.behaviour.clone();
    image.add_df(&app, &PKCS15_AID);

    if o.ef_dir {
        let template = tlv::encode(
            0x61,
            &[
                tlv::encode(0x4F, &PKCS15_AID),
                tlv::encode(0x50, b"SITHS"),
                tlv::encode(0x51, &app),
            ]
            .concat(),
        );
        if o.ef_dir_records {
            image.add_record_file(&EF_DIR, &[template], "EF.DIR");
        } else {
            image.add_file(&EF_DIR, &pad(template), "EF.DIR");
        }
    }

    let token_info = tlv::encode(
        0x30,
        &[
            tlv::encode(0x02, &[0x00]),
            tlv::encode(0x04, spec.token_serial.as_bytes()),
            tlv::encode(0x0C, spec.manufacturer.as_bytes()),
            tlv::encode(0x80, spec.token_label.as_bytes()),
            tlv::encode(0x03, &[0x06, 0x40]),
        ]
        .concat(),
    );
    image.add_file(&at(EF_TOKEN_INFO), &pad(token_info), "EF.TokenInfo");

    // Certificate files and the directory entries that point at them.
    let mut entries: Vec<(Directory, Vec<u8>)> = Vec::new();
    let mut shared = Vec::new();
    let shared_fid = [0x43, 0x30];
    for (n, cert) in spec.certificates.iter().enumerate() {
        let value = if o.shared_file {
            let index = shared.len();
            shared.extend_from_slice(&cert.der);
            shared.extend(std::iter::repeat_n(0xFF, o.padding));
            path_object(&reference(shared_fid), Some(index), Some(cert.der.len()))
        } else {
            let fid = [0x43, 0x31 + n as u8];
            image.add_file(
                &at(fid),
                &pad(cert.der.clone()),
                &format!("certificate: {}", cert.label),
            );
            path_object(&reference(fid), None, None)
        };
        let mut common = tlv::encode(0x04, &[0x45, n as u8 + 1]);
        if cert.authority {
            common.extend(tlv::encode(0x01, &[0xFF]));
        }
        let object = tlv::encode(
            0x30,
            &[
                tlv::encode(0x30, &tlv::encode(0x0C, cert.label.as_bytes())),
                tlv::encode(0x30, &common),
                tlv::encode(0xA1, &tlv::encode(0x30, &value)),
            ]
            .concat(),
        );
        entries.push((cert.directory, object));
    }
    if o.shared_file {
        image.add_file(&at(shared_fid), &shared, "certificates (shared file)");
    }

    let mut odf = Vec::new();
    for (directory, tag, fid) in [
        (Directory::Certificates, 0xA4, [0x44, 0x04]),
        (Directory::TrustedCertificates, 0xA5, [0x44, 0x05]),
        (Directory::UsefulCertificates, 0xA6, [0x44, 0x06]),
    ] {
        let objects: Vec<u8> = entries
            .iter()
            .filter(|(d, _)| *d == directory)
            .flat_map(|(_, o)| o.clone())
            .collect();
        if objects.is_empty() && directory != Directory::Certificates {
            continue;
        }
        image.add_file(&at(fid), &pad(objects), &format!("CDF ({tag:02X})"));
        odf.extend(tlv::encode(tag, &path_object(&reference(fid), None, None)));
    }
    if !o.pins.is_empty() {
        let fid = [0x44, 0x08];
        let aodf: Vec<u8> = o
            .pins
            .iter()
            .enumerate()
            .flat_map(|(n, p)| encode_pin(&p.label, p.reference, p.puk, n as u8 + 1))
            .collect();
        image.add_file(&at(fid), &pad(aodf), "AODF (A8)");
        odf.extend(tlv::encode(0xA8, &path_object(&reference(fid), None, None)));
        for p in &o.pins {
            image.add_pin(p.reference, p.tries_left, p.max_tries, &p.label);
        }
    }
    image.add_file(&at(EF_ODF), &pad(odf), "EF.ODF");
    image
}
