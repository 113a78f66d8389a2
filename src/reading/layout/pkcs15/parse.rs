//! The ASN.1 of PKCS#15's directory files, bytes in and records out: a
//! Path (with index and length into a shared file), the Path of an ODF
//! entry, EF.TokenInfo and the X.509 objects of a CDF. No card here: the
//! reader hands over bytes, so these can be tested and fuzzed alone.

use crate::reading::card::CardError;
use crate::reading::layout::tlv::{self, Tlv};

use super::types::TokenInfo;

/// A file reference: a path and optionally a piece of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct FileRef {
    pub(super) path: Vec<u8>,
    pub(super) index: Option<usize>,
    pub(super) length: Option<usize>,
}

impl FileRef {
    pub(super) fn describe(&self) -> String {
        let mut s = hex::encode_upper(&self.path);
        if let Some(i) = self.index {
            s.push_str(&format!("[{i}"));
            if let Some(l) = self.length {
                s.push_str(&format!("+{l}"));
            }
            s.push(']');
        }
        s
    }
}

fn parse_path(seq: &Tlv<'_>) -> Result<FileRef, CardError> {
    let children = seq.children()?;
    let path = children
        .iter()
        .find(|c| c.tag == 0x04)
        .ok_or_else(|| CardError::Garbage("a Path without its OCTET STRING".into()))?;
    if path.value.is_empty() || path.value.len() % 2 != 0 || path.value.len() > 16 {
        return Err(CardError::Garbage(format!(
            "path {} is not a file path",
            hex::encode_upper(path.value)
        )));
    }
    let index = match children.iter().find(|c| c.tag == 0x02) {
        Some(i) => Some(tlv::integer(i.value)? as usize),
        None => None,
    };
    let length = match children.iter().find(|c| c.tag == 0x80) {
        Some(l) => Some(tlv::integer(l.value)? as usize),
        None => None,
    };
    Ok(FileRef {
        path: path.value.to_vec(),
        index,
        length,
    })
}

/// The Path inside an ODF entry: `A4 { 30 { 04 path ... } }`.
pub(super) fn first_path(obj: &Tlv<'_>) -> Result<FileRef, CardError> {
    let children = obj.children()?;
    let seq = children
        .iter()
        .find(|c| c.tag == 0x30)
        .ok_or_else(|| CardError::Garbage(format!("ODF entry {:X} has no Path", obj.tag)))?;
    parse_path(seq)
}

fn text(value: &[u8]) -> String {
    String::from_utf8_lossy(value)
        .trim_end_matches(['\0', ' '])
        .to_string()
}

pub(super) fn parse_token_info(data: &[u8]) -> Result<TokenInfo, CardError> {
    let (outer, _) = tlv::parse_one(data)?;
    let mut info = TokenInfo::default();
    for c in outer.children()? {
        match c.tag {
            0x04 if info.serial.is_none() => {
                let printable = !c.value.is_empty() && c.value.iter().all(|b| b.is_ascii_graphic());
                info.serial = Some(if printable {
                    text(c.value)
                } else {
                    hex::encode_upper(c.value)
                });
            }
            0x0C => info.manufacturer = Some(text(c.value)),
            0x80 => info.label = Some(text(c.value)),
            _ => {}
        }
    }
    Ok(info)
}

pub(super) struct CertObject {
    pub(super) label: Option<String>,
    pub(super) id: Vec<u8>,
    pub(super) authority: bool,
    pub(super) file: FileRef,
    pub(super) direct: Option<Vec<u8>>,
}

/// X.509 certificate objects of a CDF; other certificate types and
/// unknown objects are passed over.
pub(super) fn parse_cdf(data: &[u8]) -> Result<Vec<CertObject>, CardError> {
    let mut out = Vec::new();
    for object in tlv::parse_all(data)? {
        if object.tag != 0x30 {
            continue;
        }
        let parts = object.children()?;
        let mut label = None;
        let mut id = Vec::new();
        let mut authority = false;
        let mut value = None;
        let mut seqs = 0;
        for part in &parts {
            match part.tag {
                0x30 if seqs == 0 => {
                    seqs += 1;
                    label = part
                        .children()?
                        .iter()
                        .find(|c| c.tag == 0x0C)
                        .map(|c| text(c.value));
                }
                0x30 => {
                    for c in part.children()? {
                        match c.tag {
                            0x04 => id = c.value.to_vec(),
                            0x01 => authority = c.value.first().is_some_and(|b| *b != 0),
                            _ => {}
                        }
                    }
                }
                0xA1 => {
                    let attrs = part.children()?;
                    let x509 = attrs.iter().find(|c| c.tag == 0x30).ok_or_else(|| {
                        CardError::Garbage("certificate attributes missing".into())
                    })?;
                    let inner = x509.children()?;
                    value = match inner.first() {
                        Some(p) if p.tag == 0x30 => Some((parse_path(p)?, None)),
                        Some(d) if d.tag == 0xA0 => {
                            let (cert, _) = tlv::parse_one(d.value)?;
                            Some((
                                FileRef {
                                    path: Vec::new(),
                                    index: None,
                                    length: None,
                                },
                                Some(cert.raw.to_vec()),
                            ))
                        }
                        _ => {
                            return Err(CardError::Garbage(
                                "certificate value is neither a Path nor direct".into(),
                            ))
                        }
                    };
                }
                _ => {}
            }
        }
        let Some((file, direct)) = value else {
            return Err(CardError::Garbage(
                "a certificate object without a value".into(),
            ));
        };
        out.push(CertObject {
            label,
            id,
            authority,
            file,
            direct,
        });
    }
    Ok(out)
}
