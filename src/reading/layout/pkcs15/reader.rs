//! The order a PKCS#15 card is read in: the application (by AID, through
//! EF.DIR, else at the usual path), EF.ODF, EF.TokenInfo when wanted, every
//! certificate directory and then every certificate, each file selected
//! once and read no further than needed; and the pieces read put back
//! together as files for `dump`. The bytes are understood in `parse`.

use crate::reading::card::apdu::{Command, EXTENDED_LE_MAX, SHORT_LE_MAX};
use crate::reading::card::image::FileData;
use crate::reading::card::status::StatusWord;
use crate::reading::card::transport::Channel;
use crate::reading::card::CardError;
use crate::reading::layout::pins::{DeclaredPin, MAX_PINS};
use crate::reading::layout::tlv;

use super::aodf::parse_aodf;
use super::parse::{first_path, parse_cdf, parse_token_info, FileRef};
use super::types::{
    CardCertificate, Directory, Located, Pkcs15Card, Wanted, DEFAULT_APP_PATH, EF_DIR, EF_ODF,
    EF_TOKEN_INFO, MAX_CERTIFICATES, MAX_CERT_BYTES, MAX_DIRECTORY_BYTES, PKCS15_AID,
};

/// READ BINARY addresses 15 bits of offset.
const MAX_OFFSET: usize = 0x7FFF;

/// The state of one read: where the application is and what is selected,
/// so a shared certificate file is selected once, not once per certificate.
struct Reader<'c, 't> {
    ch: &'c mut Channel<'t>,
    app: Option<Vec<u8>>,
    selected: Option<Vec<u8>>,
    /// What was read, file by file, in order: (path, offset or record
    /// number, bytes). Bounded by what the read itself is allowed.
    seen: Vec<(Vec<u8>, Piece, Vec<u8>)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Piece {
    Offset(usize),
    Record(u8),
}

/// Reads the PKCS#15 application: every certificate, and token info when
/// wanted. `NotSiths` when the card has no such application.
pub fn read(
    ch: &mut Channel<'_>,
    reader_name: &str,
    wanted: Wanted,
) -> Result<Pkcs15Card, CardError> {
    let mut r = Reader {
        ch,
        app: None,
        selected: None,
        seen: Vec::new(),
    };
    let located = r.locate(reader_name)?;
    let odf = r.read_file(&EF_ODF, MAX_DIRECTORY_BYTES, "EF.ODF")?;
    let mut directories = Vec::new();
    let mut auth_directories = Vec::new();
    for obj in tlv::parse_all(&odf).map_err(|e| context(e, "EF.ODF"))? {
        let directory = match obj.tag {
            0xA4 => Directory::Certificates,
            0xA5 => Directory::TrustedCertificates,
            0xA6 => Directory::UsefulCertificates,
            0xA8 if wanted.pins => {
                if let Ok(path) = first_path(&obj) {
                    auth_directories.push(path);
                }
                continue;
            }
            _ => continue,
        };
        let path = first_path(&obj).map_err(|e| context(e, "EF.ODF"))?;
        directories.push((directory, path));
    }
    let token = if !wanted.token_info {
        None
    } else {
        match r.read_file(&EF_TOKEN_INFO, MAX_DIRECTORY_BYTES, "EF.TokenInfo") {
            Ok(data) => Some(parse_token_info(&data).map_err(|e| context(e, "EF.TokenInfo"))?),
            Err(CardError::Status { sw, .. }) if sw.is_not_found() => None,
            Err(e) => return Err(e),
        }
    };
    // Every directory first, then every certificate: a shared certificate
    // file is then selected once for all of them.
    let mut objects = Vec::new();
    for (directory, path) in directories {
        let cdf = r.read_file(&path.path, MAX_DIRECTORY_BYTES, "a certificate directory")?;
        for object in parse_cdf(&cdf).map_err(|e| context(e, "a certificate directory"))? {
            if objects.len() >= MAX_CERTIFICATES {
                return Err(CardError::TooLarge {
                    what: "the certificate directories".into(),
                    size: objects.len() + 1,
                    limit: MAX_CERTIFICATES,
                });
            }
            objects.push((directory, object));
        }
    }
    let mut certificates: Vec<CardCertificate> = Vec::new();
    for (directory, object) in objects {
        let described = object.file.describe();
        // A certificate listed twice (e.g. in CDF and trusted CDF) is read
        // and shown once.
        if object.direct.is_none() && certificates.iter().any(|c| c.path == described) {
            continue;
        }
        let der = match object.direct {
            Some(der) => der,
            None => r.read_certificate(&object.file)?,
        };
        certificates.push(CardCertificate {
            label: object.label,
            id: hex::encode_upper(&object.id),
            authority: object.authority,
            directory,
            path: described,
            der,
        });
    }
    let pins = r.read_pins(&auth_directories)?;
    let files = assemble(&r.seen);
    Ok(Pkcs15Card {
        app_path: r.app.as_ref().map(hex::encode_upper),
        located,
        token,
        certificates,
        files,
        pins,
    })
}

fn context(err: CardError, what: &str) -> CardError {
    match err {
        CardError::Garbage(msg) => CardError::Garbage(format!("{what}: {msg}")),
        other => other,
    }
}

impl Reader<'_, '_> {
    /// The PINs the authentication directories declare. A directory that
    /// is missing or cannot be understood declares none: the certificates
    /// are what the read is for, and a PIN that cannot be named is never
    /// asked about anyway. A card that stops answering still ends the read.
    fn read_pins(&mut self, directories: &[FileRef]) -> Result<Vec<DeclaredPin>, CardError> {
        let mut pins: Vec<DeclaredPin> = Vec::new();
        for path in directories {
            let data = match self.read_file(&path.path, MAX_DIRECTORY_BYTES, "an AODF") {
                Ok(data) => data,
                Err(CardError::Status { .. } | CardError::Garbage(_)) => continue,
                Err(CardError::TooLarge { .. }) => continue,
                Err(e) => return Err(e),
            };
            for object in parse_aodf(&data).unwrap_or_default() {
                if pins.len() < MAX_PINS {
                    pins.push(object.declared());
                }
            }
        }
        Ok(pins)
    }

    /// Finds the application: by its AID (one command, and it works
    /// wherever the application is), else through EF.DIR, else at the
    /// usual path.
    fn locate(&mut self, reader_name: &str) -> Result<Located, CardError> {
        let r = self.ch.send(&Command::select_aid(&PKCS15_AID))?;
        if r.sw.is_success() {
            return Ok(Located::Aid);
        }
        if let Some(path) = self.app_path_from_ef_dir()? {
            if self.select(&path)?.is_success() {
                self.app = Some(path);
                self.selected = None;
                return Ok(Located::EfDir);
            }
        }
        if self.select(&DEFAULT_APP_PATH)?.is_success() {
            self.app = Some(DEFAULT_APP_PATH.to_vec());
            self.selected = None;
            return Ok(Located::DefaultPath);
        }
        Err(CardError::NotSiths {
            reader: reader_name.to_string(),
        })
    }

    fn app_path_from_ef_dir(&mut self) -> Result<Option<Vec<u8>>, CardError> {
        let data = match self.read_file(&EF_DIR, MAX_DIRECTORY_BYTES, "EF.DIR") {
            Ok(d) => d,
            Err(CardError::Status { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        for template in tlv::parse_all(&data).map_err(|e| context(e, "EF.DIR"))? {
            if template.tag != 0x61 {
                continue;
            }
            let children = template.children().map_err(|e| context(e, "EF.DIR"))?;
            let aid = children.iter().find(|c| c.tag == 0x4F).map(|c| c.value);
            let path = children.iter().find(|c| c.tag == 0x51).map(|c| c.value);
            if let (Some(aid), Some(path)) = (aid, path) {
                if aid == PKCS15_AID && !path.is_empty() && path.len() % 2 == 0 {
                    let mut abs = path.to_vec();
                    if !abs.starts_with(&[0x3F, 0x00]) {
                        abs.splice(0..0, [0x3F, 0x00]);
                    }
                    return Ok(Some(abs));
                }
            }
        }
        Ok(None)
    }

    fn note(&mut self, piece: Piece, data: &[u8]) {
        if let (Some(path), false) = (&self.selected, data.is_empty()) {
            self.seen.push((path.clone(), piece, data.to_vec()));
        }
    }

    /// Turns a path from the card into what to select: absolute paths as
    /// they are, relative ones under the application.
    fn resolve(&self, path: &[u8]) -> Vec<u8> {
        if path.starts_with(&[0x3F, 0x00]) {
            return path.to_vec();
        }
        match &self.app {
            Some(app) => [app.as_slice(), path].concat(),
            None => path.to_vec(),
        }
    }

    /// Selects a file unless it is selected already. Absolute paths go by
    /// path from the MF; a bare file id goes under the current DF (the
    /// application, when it was found by AID).
    fn select(&mut self, path: &[u8]) -> Result<StatusWord, CardError> {
        let target = self.resolve(path);
        if self.selected.as_deref() == Some(target.as_slice()) {
            return Ok(StatusWord::OK);
        }
        let command = if target == [0x3F, 0x00] {
            Command::select_file_id([0x3F, 0x00])
        } else if target.starts_with(&[0x3F, 0x00]) {
            Command::select_path_from_mf(&target[2..])
        } else if target.len() == 2 {
            Command::select_file_id([target[0], target[1]])
        } else {
            Command::new(0xA4, 0x09, 0x0C).with_data(&target)
        };
        let r = self.ch.send(&command)?;
        self.selected = r.sw.is_success().then_some(target);
        Ok(r.sw)
    }

    fn select_ok(&mut self, path: &[u8], what: &str) -> Result<(), CardError> {
        let sw = self.select(path)?;
        if sw.is_success() {
            Ok(())
        } else {
            Err(CardError::Status {
                what: format!("selecting {what} ({})", hex::encode_upper(path)),
                sw,
            })
        }
    }

    /// One READ BINARY, extended when the card takes it. `None` at the
    /// end of the file.
    fn read_chunk(
        &mut self,
        offset: usize,
        want: usize,
        what: &str,
    ) -> Result<Option<Vec<u8>>, CardError> {
        if offset > MAX_OFFSET {
            return Err(CardError::TooLarge {
                what: what.to_string(),
                size: offset,
                limit: MAX_OFFSET,
            });
        }
        if self.ch.extended_reads() {
            let le = want.clamp(1, EXTENDED_LE_MAX);
            let r = self
                .ch
                .send(&Command::read_binary(offset as u16, le, true))?;
            match r.sw.0 {
                0x9000 | 0x6282 => {
                    self.ch.set_extended_reads(true);
                    self.note(Piece::Offset(offset), &r.data);
                    return Ok((!r.data.is_empty()).then_some(r.data));
                }
                0x6B00 => return Ok(None),
                // Wrong length, or the class/instruction form refused:
                // this card or reader does not do extended APDUs.
                0x6700 | 0x6D00 | 0x6E00 | 0x6A86 | 0x6F00 => self.ch.set_extended_reads(false),
                _ => {
                    return Err(CardError::Status {
                        what: format!("reading {what}"),
                        sw: r.sw,
                    })
                }
            }
        }
        let le = want.clamp(1, SHORT_LE_MAX);
        let r = self
            .ch
            .send(&Command::read_binary(offset as u16, le, false))?;
        match r.sw.0 {
            0x9000 | 0x6282 => {
                self.note(Piece::Offset(offset), &r.data);
                Ok((!r.data.is_empty()).then_some(r.data))
            }
            0x6B00 => Ok(None),
            _ => Err(CardError::Status {
                what: format!("reading {what}"),
                sw: r.sw,
            }),
        }
    }

    /// Reads a whole transparent file (or a record file, record by record).
    fn read_file(&mut self, path: &[u8], max: usize, what: &str) -> Result<Vec<u8>, CardError> {
        self.select_ok(path, what)?;
        let mut data = Vec::new();
        loop {
            let want = if self.ch.extended_reads() {
                max + 1 - data.len()
            } else {
                SHORT_LE_MAX
            };
            let chunk = match self.read_chunk(data.len(), want, what) {
                Err(CardError::Status { sw, .. })
                    if sw == StatusWord::WRONG_FILE_TYPE && data.is_empty() =>
                {
                    return self.read_records(max, what);
                }
                other => other?,
            };
            let Some(chunk) = chunk else { break };
            let asked = want.min(if self.ch.extended_reads() {
                EXTENDED_LE_MAX
            } else {
                SHORT_LE_MAX
            });
            let short = chunk.len() < asked;
            data.extend_from_slice(&chunk);
            if data.len() > max {
                return Err(CardError::TooLarge {
                    what: what.to_string(),
                    size: data.len(),
                    limit: max,
                });
            }
            if short {
                break;
            }
        }
        Ok(data)
    }

    fn read_records(&mut self, max: usize, what: &str) -> Result<Vec<u8>, CardError> {
        let mut data = Vec::new();
        // Record numbers are one byte, 00 and FF reserved: at most 254
        // commands, and the bytes are capped by `max` below.
        for number in 1..=254u8 {
            let r = self.ch.send(&Command::read_record(number))?;
            if !r.sw.is_success() {
                break;
            }
            self.note(Piece::Record(number), &r.data);
            data.extend_from_slice(&r.data);
            if data.len() > max {
                return Err(CardError::TooLarge {
                    what: what.to_string(),
                    size: data.len(),
                    limit: max,
                });
            }
        }
        Ok(data)
    }

    /// Reads one certificate: only as many bytes as its DER header says,
    /// so padding and neighbours in a shared file are never read.
    fn read_certificate(&mut self, file: &FileRef) -> Result<Vec<u8>, CardError> {
        let what = format!("certificate {}", file.describe());
        self.select_ok(&file.path, &what)?;
        let start = file.index.unwrap_or(0);
        // First piece: the whole certificate when the directory gave its
        // length, else as much as one command carries.
        let first_want = match file.length {
            Some(len) if len > 0 => len.min(MAX_CERT_BYTES),
            _ if self.ch.extended_reads() => MAX_CERT_BYTES,
            _ => SHORT_LE_MAX,
        };
        let mut data = self
            .read_chunk(start, first_want, &what)?
            .ok_or_else(|| CardError::Garbage(format!("{what} is empty")))?;
        let (tag, head, len) = tlv::header(&data).map_err(|e| context(e, &what))?;
        if tag != 0x30 {
            return Err(CardError::Garbage(format!(
                "{what} does not start with a DER SEQUENCE (first byte {:02X})",
                data[0]
            )));
        }
        let total = head.saturating_add(len);
        if total > MAX_CERT_BYTES {
            return Err(CardError::TooLarge {
                what,
                size: total,
                limit: MAX_CERT_BYTES,
            });
        }
        while data.len() < total {
            let want = total - data.len();
            match self.read_chunk(start + data.len(), want, &what)? {
                Some(chunk) => data.extend_from_slice(&chunk),
                None => {
                    return Err(CardError::Garbage(format!(
                        "{what} ends after {} of its {total} bytes",
                        data.len()
                    )))
                }
            }
        }
        data.truncate(total);
        Ok(data)
    }
}

/// Puts the pieces read back together into files; gaps (never read) are
/// filled with `FF`, as erased card memory reads.
fn assemble(seen: &[(Vec<u8>, Piece, Vec<u8>)]) -> Vec<(Vec<u8>, FileData)> {
    let mut files: Vec<(Vec<u8>, FileData)> = Vec::new();
    for (path, piece, data) in seen {
        let i = match files.iter().position(|(p, _)| p == path) {
            Some(i) => i,
            None => {
                let empty = match piece {
                    Piece::Offset(_) => FileData::Transparent(Vec::new()),
                    Piece::Record(_) => FileData::Records(Vec::new()),
                };
                files.push((path.clone(), empty));
                files.len() - 1
            }
        };
        match (&mut files[i].1, piece) {
            (FileData::Transparent(bytes), Piece::Offset(offset)) => {
                let end = offset + data.len();
                if bytes.len() < end {
                    bytes.resize(end, 0xFF);
                }
                bytes[*offset..end].copy_from_slice(data);
            }
            (FileData::Records(records), Piece::Record(n)) => {
                let n = *n as usize;
                if records.len() < n {
                    records.resize(n, Vec::new());
                }
                records[n - 1] = data.clone();
            }
            _ => {}
        }
    }
    files
}
