//! Certificates in a PKCS#15 (ISO/IEC 7816-15) application: EF.DIR, the
//! application, EF.ODF, the certificate directories and the certificates,
//! plus EF.TokenInfo. Also the other direction, building a card image from
//! certificates, so that test cards and the demo card are made by the same
//! rules the reader follows.

use serde::Serialize;

use super::tlv::{self, Tlv};
use crate::reading::card::apdu::{Command, EXTENDED_LE_MAX, SHORT_LE_MAX};
use crate::reading::card::image::{Behaviour, CardImage, FileData};
use crate::reading::card::status::StatusWord;
use crate::reading::card::transport::Channel;
use crate::reading::card::CardError;

/// The PKCS#15 application identifier.
pub const PKCS15_AID: [u8; 12] = [
    0xA0, 0x00, 0x00, 0x00, 0x63, 0x50, 0x4B, 0x43, 0x53, 0x2D, 0x31, 0x35,
];
/// Where the application usually sits when nothing says otherwise.
pub const DEFAULT_APP_PATH: [u8; 4] = [0x3F, 0x00, 0x50, 0x15];
const EF_DIR: [u8; 4] = [0x3F, 0x00, 0x2F, 0x00];
const EF_ODF: [u8; 2] = [0x50, 0x31];
const EF_TOKEN_INFO: [u8; 2] = [0x50, 0x32];

/// Largest directory or info file we read. Real ones are a few hundred
/// bytes; 16 KiB holds a hundred certificate entries.
pub const MAX_DIRECTORY_BYTES: usize = 16 * 1024;
/// Largest certificate we accept. SITHS certificates are 1.2 to 2.5 KiB,
/// an RSA-4096 CA about 2 KiB; 16 KiB leaves room for long extensions and
/// refuses a header that claims gigabytes before anything is allocated.
pub const MAX_CERT_BYTES: usize = 16 * 1024;
/// Most certificates one card may list. A card for two organisations holds
/// about ten; 64 keeps a looping directory from reading forever.
pub const MAX_CERTIFICATES: usize = 64;
/// READ BINARY addresses 15 bits of offset.
const MAX_OFFSET: usize = 0x7FFF;

/// Which certificate directory an object was listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Directory {
    /// ODF tag A4: the card's own certificates.
    Certificates,
    /// A5: trusted certificates (CAs).
    TrustedCertificates,
    /// A6: useful certificates.
    UsefulCertificates,
}

/// How the application was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Located {
    Aid,
    EfDir,
    DefaultPath,
    /// No PKCS#15 application: the certificates came from the IDPrime applet.
    Idprime,
    /// Read through the middleware's PKCS#11 module, not from the card.
    Pkcs11,
}

/// EF.TokenInfo, the card's name tag.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// The token serial number as the middleware shows it (printable text,
    /// else hex).
    pub serial: Option<String>,
    pub manufacturer: Option<String>,
    pub label: Option<String>,
}

/// One certificate as the card lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CardCertificate {
    pub label: Option<String>,
    /// The PKCS#15 iD (links a certificate to its key), hex.
    pub id: String,
    pub authority: bool,
    pub directory: Directory,
    /// Path in hex, with `[index+length]` when it points into a shared file.
    pub path: String,
    #[serde(skip)]
    pub der: Vec<u8>,
}

/// What a PKCS#15 read found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pkcs15Card {
    /// The application's path, when the card told us.
    pub app_path: Option<String>,
    pub located: Located,
    pub token: Option<TokenInfo>,
    pub certificates: Vec<CardCertificate>,
    /// Every file as far as it was read, for `dump`. Paths are absolute
    /// when the card gave them so, else relative to the application.
    #[serde(skip)]
    pub files: Vec<(Vec<u8>, FileData)>,
}

/// A file reference: a path and optionally a piece of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FileRef {
    path: Vec<u8>,
    index: Option<usize>,
    length: Option<usize>,
}

impl FileRef {
    fn describe(&self) -> String {
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

/// What a read should fetch besides the certificates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wanted {
    /// EF.TokenInfo (token serial, label, manufacturer): two commands that
    /// a plain certificate listing can do without.
    pub token_info: bool,
}

impl Wanted {
    pub const EVERYTHING: Wanted = Wanted { token_info: true };
    pub const CERTIFICATES: Wanted = Wanted { token_info: false };
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
    for obj in tlv::parse_all(&odf).map_err(|e| context(e, "EF.ODF"))? {
        let directory = match obj.tag {
            0xA4 => Directory::Certificates,
            0xA5 => Directory::TrustedCertificates,
            0xA6 => Directory::UsefulCertificates,
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
    let files = assemble(&r.seen);
    Ok(Pkcs15Card {
        app_path: r.app.as_ref().map(hex::encode_upper),
        located,
        token,
        certificates,
        files,
    })
}

fn context(err: CardError, what: &str) -> CardError {
    match err {
        CardError::Garbage(msg) => CardError::Garbage(format!("{what}: {msg}")),
        other => other,
    }
}

impl Reader<'_, '_> {
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
fn first_path(obj: &Tlv<'_>) -> Result<FileRef, CardError> {
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

fn parse_token_info(data: &[u8]) -> Result<TokenInfo, CardError> {
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

struct CertObject {
    label: Option<String>,
    id: Vec<u8>,
    authority: bool,
    file: FileRef,
    direct: Option<Vec<u8>>,
}

/// X.509 certificate objects of a CDF; other certificate types and
/// unknown objects are passed over.
fn parse_cdf(data: &[u8]) -> Result<Vec<CertObject>, CardError> {
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

// ---------------------------------------------------------------------
// Building card images.

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
    image.add_file(&at(EF_ODF), &pad(odf), "EF.ODF");
    image
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reading::card::sim::{SimCard, SimTransport};

    /// A fake certificate: a DER SEQUENCE of a given size.
    fn fake_cert(size: usize, fill: u8) -> Vec<u8> {
        tlv::encode(0x30, &vec![fill; size])
    }

    fn spec(layout: LayoutOptions, behaviour: Behaviour) -> CardSpec {
        CardSpec {
            description: "test".into(),
            atr: vec![0x3B, 0x80, 0x80, 0x01, 0x01],
            token_serial: "1234567890".into(),
            token_label: "SITHS".into(),
            manufacturer: "Test".into(),
            certificates: vec![
                CertSpec {
                    label: "Legitimering".into(),
                    der: fake_cert(1500, 1),
                    authority: false,
                    directory: Directory::Certificates,
                },
                CertSpec {
                    label: "Underskrift".into(),
                    der: fake_cert(300, 2),
                    authority: false,
                    directory: Directory::Certificates,
                },
                CertSpec {
                    label: "CA".into(),
                    der: fake_cert(100, 3),
                    authority: true,
                    directory: Directory::TrustedCertificates,
                },
            ],
            layout,
            behaviour,
        }
    }

    fn read_spec(spec: &CardSpec) -> (Result<Pkcs15Card, CardError>, usize) {
        let image = build_image(spec).decode().unwrap();
        let mut t = SimTransport {
            card: SimCard::new(image),
        };
        let mut ch = Channel::new(&mut t);
        let r = read(&mut ch, "sim", Wanted::EVERYTHING);
        (r, ch.apdus_sent())
    }

    fn check(card: &Pkcs15Card, spec: &CardSpec) {
        assert_eq!(card.certificates.len(), spec.certificates.len());
        for (got, want) in card.certificates.iter().zip(&spec.certificates) {
            assert_eq!(got.der, want.der, "{}", want.label);
            assert_eq!(got.label.as_deref(), Some(want.label.as_str()));
            assert_eq!(got.authority, want.authority);
            assert_eq!(got.directory, want.directory);
        }
        let token = card.token.as_ref().unwrap();
        assert_eq!(token.serial.as_deref(), Some("1234567890"));
        assert_eq!(token.manufacturer.as_deref(), Some("Test"));
    }

    #[test]
    fn plain_t1_card_with_extended_reads() {
        let s = spec(LayoutOptions::default(), Behaviour::default());
        let (card, apdus) = read_spec(&s);
        let card = card.unwrap();
        check(&card, &s);
        assert_eq!(card.located, Located::Aid);
        // AID, ODF (2), TokenInfo (2), CDF A4 (2), CDF A5 (2), 3 certs (2 each)
        assert_eq!(apdus, 15);
    }

    #[test]
    fn t0_card_with_wrong_le_and_short_reads() {
        let b = Behaviour {
            t0: true,
            wrong_le: true,
            no_extended_length: true,
            ..Default::default()
        };
        let s = spec(
            LayoutOptions {
                padding: 7,
                ..Default::default()
            },
            b,
        );
        let (card, _) = read_spec(&s);
        check(&card.unwrap(), &s);
    }

    #[test]
    fn shared_file_with_index_and_length_and_padding() {
        let s = spec(
            LayoutOptions {
                shared_file: true,
                padding: 13,
                ..Default::default()
            },
            Behaviour::default(),
        );
        let (card, apdus) = read_spec(&s);
        let card = card.unwrap();
        check(&card, &s);
        assert!(card.certificates[1].path.contains('['));
        // The shared file is selected once: AID, ODF 2, TI 2, CDF 2+2,
        // 1 select + 3 reads.
        assert_eq!(apdus, 13);
    }

    #[test]
    fn no_ef_dir_and_no_aid_select_falls_back_to_the_usual_path() {
        let b = Behaviour {
            no_select_by_aid: true,
            ..Default::default()
        };
        let s = spec(
            LayoutOptions {
                ef_dir: false,
                ..Default::default()
            },
            b,
        );
        let (card, _) = read_spec(&s);
        let card = card.unwrap();
        check(&card, &s);
        assert_eq!(card.located, Located::DefaultPath);
    }

    #[test]
    fn ef_dir_as_records_points_to_an_unusual_application_path() {
        let b = Behaviour {
            no_select_by_aid: true,
            ..Default::default()
        };
        let s = spec(
            LayoutOptions {
                ef_dir_records: true,
                app_fid: [0x70, 0x01],
                relative_paths: true,
                ..Default::default()
            },
            b,
        );
        let (card, _) = read_spec(&s);
        let card = card.unwrap();
        check(&card, &s);
        assert_eq!(card.located, Located::EfDir);
        assert_eq!(card.app_path.as_deref(), Some("3F007001"));
    }

    #[test]
    fn relative_paths_under_an_aid_selected_application() {
        let s = spec(
            LayoutOptions {
                relative_paths: true,
                ef_dir: false,
                ..Default::default()
            },
            Behaviour::default(),
        );
        let (card, _) = read_spec(&s);
        check(&card.unwrap(), &s);
    }

    #[test]
    fn an_image_of_a_read_reads_the_same() {
        let layouts = [
            LayoutOptions::default(),
            LayoutOptions {
                shared_file: true,
                padding: 9,
                ..Default::default()
            },
            LayoutOptions {
                ef_dir_records: true,
                app_fid: [0x70, 0x01],
                relative_paths: true,
                ..Default::default()
            },
            LayoutOptions {
                relative_paths: true,
                ef_dir: false,
                ..Default::default()
            },
        ];
        for (n, layout) in layouts.into_iter().enumerate() {
            let behaviour = Behaviour {
                no_select_by_aid: n == 2,
                ..Default::default()
            };
            let s = spec(layout, behaviour);
            let (first, _) = read_spec(&s);
            let first = first.unwrap();
            let image = image_of(&first, &s.atr, "dump");
            let mut t = SimTransport {
                card: SimCard::new(image.decode().unwrap()),
            };
            let mut ch = Channel::new(&mut t);
            let again = read(&mut ch, "sim", Wanted::EVERYTHING).unwrap();
            assert_eq!(again.certificates, first.certificates, "layout {n}");
            assert_eq!(again.token, first.token, "layout {n}");
        }
    }

    #[test]
    fn a_card_without_the_application_is_not_siths() {
        let mut image = CardImage::new(&[0x3B, 0x00]);
        image.add_file(&[0x3F, 0x00, 0x00, 0x01], &[0], "");
        image.behaviour.no_select_by_aid = true;
        let mut t = SimTransport {
            card: SimCard::new(image.decode().unwrap()),
        };
        let mut ch = Channel::new(&mut t);
        assert!(matches!(
            read(&mut ch, "r", Wanted::EVERYTHING),
            Err(CardError::NotSiths { .. })
        ));
    }

    #[test]
    fn a_certificate_claiming_gigabytes_is_refused() {
        let mut s = spec(LayoutOptions::default(), Behaviour::default());
        s.certificates[0].der = vec![0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0];
        let (card, _) = read_spec(&s);
        assert!(matches!(card, Err(CardError::TooLarge { .. })), "{card:?}");
    }

    #[test]
    fn a_truncated_certificate_is_garbage() {
        let mut s = spec(LayoutOptions::default(), Behaviour::default());
        let mut der = fake_cert(600, 9);
        der.truncate(400);
        s.certificates[0].der = der;
        let (card, _) = read_spec(&s);
        assert!(matches!(card, Err(CardError::Garbage(_))), "{card:?}");
    }

    #[test]
    fn garbage_odf_is_garbage() {
        let s = spec(LayoutOptions::default(), Behaviour::default());
        let mut image = build_image(&s);
        for f in &mut image.files {
            if f.path.ends_with("5031") {
                f.data = Some("A40A3004".into());
            }
        }
        let mut t = SimTransport {
            card: SimCard::new(image.decode().unwrap()),
        };
        let mut ch = Channel::new(&mut t);
        let err = read(&mut ch, "r", Wanted::EVERYTHING).unwrap_err();
        assert!(
            matches!(&err, CardError::Garbage(m) if m.contains("EF.ODF")),
            "{err:?}"
        );
    }
}
