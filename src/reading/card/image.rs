//! The card image: a JSON file that holds a card's ATR and public files by
//! path, so that a card can be read, shared and reproduced without a reader.
//! The format is documented in `docs/card-image.md`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::CardError;

/// The value of `format` in every image, so a foreign JSON file is told
/// apart from an image at once.
pub const IMAGE_FORMAT: &str = "sithsctl-card-image";
/// The image version this build writes and reads.
pub const IMAGE_VERSION: u32 = 1;
/// Largest image file we read: a real card holds well under 100 KiB, so
/// 16 MiB is generous and still keeps a hostile file from eating memory.
pub const MAX_IMAGE_BYTES: u64 = 16 * 1024 * 1024;
/// Largest elementary file: READ BINARY offsets have 15 bits, and no SITHS
/// file is near that.
pub const MAX_FILE_BYTES: usize = 65_535;
/// Most records a record file may hold: READ RECORD numbers records with
/// one byte, `01` to `FE` (`00` and `FF` are reserved).
pub const MAX_RECORDS: usize = 254;
/// Largest record: as large as a file may be. EF.DIR records (the only
/// record files on these cards) are under 100 bytes, but an image written
/// by `dump` holds whatever the card answered, and must load again.
pub const MAX_RECORD_BYTES: usize = MAX_FILE_BYTES;

/// How the simulated card behaves on the wire. Real cards differ here, and
/// the reader must cope with all of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Behaviour {
    /// Answer every response with data as `61xx` and hand the data out with
    /// GET RESPONSE, as T=0 cards do.
    pub t0: bool,
    /// Answer a READ BINARY whose Le overshoots the file end with `6Cxx`.
    pub wrong_le: bool,
    /// Refuse extended-length APDUs with `67 00`.
    pub no_extended_length: bool,
    /// Refuse SELECT by DF name (AID) with `6A 81`.
    pub no_select_by_aid: bool,
    /// A broken card: answer every command, GET RESPONSE included, with
    /// `61 00` ("256 more bytes") forever and never hand out any data.
    pub endless_61xx: bool,
    /// A card that wrongly counts the PIN status query (VERIFY without
    /// data) as a wrong PIN, as some older card types do: each such query
    /// costs a try. sithsctl must never send it one.
    pub counts_empty_verify: bool,
}

/// Most tries a PIN may have in an image: the status word `63Cx` counts
/// them in four bits.
pub const MAX_PIN_TRIES: u8 = 15;

/// A PIN's try counter on the simulated card. The image never holds the
/// PIN itself: a VERIFY with a PIN is always a wrong PIN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinEntry {
    /// The PIN's reference (P2 of VERIFY), one byte in hex, e.g. `11`.
    pub reference: String,
    /// Tries left when the card is inserted; `0` is a blocked PIN.
    pub tries_left: u8,
    /// Tries the PIN has when unblocked (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tries: Option<u8>,
    /// Already verified in this card session (the status query answers
    /// `90 00`), until the card is reset.
    #[serde(default, skip_serializing_if = "is_false")]
    pub verified: bool,
    /// A note for people (e.g. "identification PIN"); not read by the card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A PIN's counter, decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimPin {
    pub tries_left: u8,
    pub max_tries: u8,
    pub verified: bool,
}

/// A DF with a name (an application identifier).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedDf {
    /// Absolute path in hex, from `3F00`.
    pub path: String,
    /// The DF name (AID) in hex.
    pub aid: String,
}

/// One elementary file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Absolute path in hex, from `3F00`, e.g. `3F0050154401`.
    pub path: String,
    /// Contents of a transparent file, in hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Records of a linear record file, each in hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<Vec<String>>,
    /// A note for people (e.g. "EF.ODF"); not read by the card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A card image as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardImage {
    pub format: String,
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The answer to reset, in hex.
    pub atr: String,
    #[serde(default, skip_serializing_if = "is_default")]
    pub behaviour: Behaviour,
    #[serde(default)]
    pub dfs: Vec<NamedDf>,
    pub files: Vec<FileEntry>,
    /// Try counters of the card's PINs, by reference (optional).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pins: Vec<PinEntry>,
}

fn is_default(b: &Behaviour) -> bool {
    *b == Behaviour::default()
}

/// The contents of one file, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileData {
    Transparent(Vec<u8>),
    Records(Vec<Vec<u8>>),
}

/// A card image with every hex string decoded and every path checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedImage {
    pub description: Option<String>,
    pub atr: Vec<u8>,
    pub behaviour: Behaviour,
    /// DF path -> AID.
    pub dfs: BTreeMap<Vec<u8>, Vec<u8>>,
    /// EF path -> contents.
    pub files: BTreeMap<Vec<u8>, FileData>,
    /// PIN reference -> its counter.
    pub pins: BTreeMap<u8, SimPin>,
}

impl CardImage {
    /// An empty image with the given ATR.
    pub fn new(atr: &[u8]) -> Self {
        CardImage {
            format: IMAGE_FORMAT.to_string(),
            version: IMAGE_VERSION,
            description: None,
            atr: hex::encode_upper(atr),
            behaviour: Behaviour::default(),
            dfs: Vec::new(),
            files: Vec::new(),
            pins: Vec::new(),
        }
    }

    /// Gives the card a PIN with this reference and counter.
    pub fn add_pin(&mut self, reference: u8, tries_left: u8, max_tries: u8, note: &str) {
        self.pins
            .retain(|p| p.reference != format!("{reference:02X}"));
        self.pins.push(PinEntry {
            reference: format!("{reference:02X}"),
            tries_left,
            max_tries: Some(max_tries),
            verified: false,
            note: (!note.is_empty()).then(|| note.to_string()),
        });
    }

    pub fn add_df(&mut self, path: &[u8], aid: &[u8]) {
        self.dfs.push(NamedDf {
            path: hex::encode_upper(path),
            aid: hex::encode_upper(aid),
        });
    }

    pub fn add_file(&mut self, path: &[u8], data: &[u8], note: &str) {
        self.files.push(FileEntry {
            path: hex::encode_upper(path),
            data: Some(hex::encode_upper(data)),
            records: None,
            note: (!note.is_empty()).then(|| note.to_string()),
        });
    }

    pub fn add_record_file(&mut self, path: &[u8], records: &[Vec<u8>], note: &str) {
        self.files.push(FileEntry {
            path: hex::encode_upper(path),
            data: None,
            records: Some(records.iter().map(hex::encode_upper).collect()),
            note: (!note.is_empty()).then(|| note.to_string()),
        });
    }

    /// Reads and checks an image file. `origin` names it in messages.
    pub fn load(path: &Path) -> Result<DecodedImage, CardError> {
        let origin = path.display().to_string();
        let err = |detail: String| CardError::Image {
            path: origin.clone(),
            detail,
        };
        let meta = std::fs::metadata(path).map_err(|e| err(e.to_string()))?;
        if meta.len() > MAX_IMAGE_BYTES {
            return Err(err(format!(
                "{} bytes is larger than any card image ({} bytes at most)",
                meta.len(),
                MAX_IMAGE_BYTES
            )));
        }
        let text =
            crate::base::input::read_text_capped(path, MAX_IMAGE_BYTES).map_err(|e| match e {
                crate::base::input::InputError::TooLarge(_) => err(format!(
                    "more than {MAX_IMAGE_BYTES} bytes is larger than any card image"
                )),
                other => err(other.to_string()),
            })?;
        Self::parse(&text)
            .map_err(err)?
            .decode()
            .map_err(|detail| CardError::Image {
                path: origin.clone(),
                detail,
            })
    }

    /// Parses JSON text; the message says what is wrong and where.
    pub fn parse(text: &str) -> Result<CardImage, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(IMAGE_FORMAT) {
            return Err(format!(
                "not a card image: `format` must be \"{IMAGE_FORMAT}\""
            ));
        }
        let image: CardImage =
            serde_json::from_value(value).map_err(|e| format!("malformed card image: {e}"))?;
        if image.version != IMAGE_VERSION {
            return Err(format!(
                "card image version {} is not supported (this build reads version {IMAGE_VERSION})",
                image.version
            ));
        }
        Ok(image)
    }

    pub fn to_json(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// Decodes hex and checks every path.
    pub fn decode(&self) -> Result<DecodedImage, String> {
        let atr = decode_hex("atr", &self.atr)?;
        if atr.len() < 2 || atr.len() > 33 {
            return Err(format!("atr: {} bytes is not an ATR (2 to 33)", atr.len()));
        }
        let mut dfs = BTreeMap::new();
        for df in &self.dfs {
            let path = decode_path(&df.path)?;
            let aid = decode_hex("aid", &df.aid)?;
            if aid.is_empty() || aid.len() > 16 {
                return Err(format!("DF {}: an AID has 1 to 16 bytes", df.path));
            }
            dfs.insert(path, aid);
        }
        let mut files = BTreeMap::new();
        for file in &self.files {
            let path = decode_path(&file.path)?;
            let data = match (&file.data, &file.records) {
                (Some(hex), None) => {
                    let bytes = decode_hex(&file.path, hex)?;
                    if bytes.len() > MAX_FILE_BYTES {
                        return Err(format!(
                            "file {}: {} bytes is more than a file can hold ({MAX_FILE_BYTES})",
                            file.path,
                            bytes.len()
                        ));
                    }
                    FileData::Transparent(bytes)
                }
                (None, Some(records)) => {
                    if records.len() > MAX_RECORDS {
                        return Err(format!(
                            "file {}: {} records is more than a file can hold ({MAX_RECORDS})",
                            file.path,
                            records.len()
                        ));
                    }
                    let records: Vec<Vec<u8>> = records
                        .iter()
                        .map(|r| decode_hex(&file.path, r))
                        .collect::<Result<_, _>>()?;
                    if let Some(r) = records.iter().find(|r| r.len() > MAX_RECORD_BYTES) {
                        return Err(format!(
                            "file {}: a record of {} bytes is more than a record can hold ({MAX_RECORD_BYTES})",
                            file.path,
                            r.len()
                        ));
                    }
                    FileData::Records(records)
                }
                _ => {
                    return Err(format!(
                        "file {}: give exactly one of `data` and `records`",
                        file.path
                    ))
                }
            };
            if files.insert(path, data).is_some() {
                return Err(format!("file {} is listed twice", file.path));
            }
        }
        let mut pins = BTreeMap::new();
        for pin in &self.pins {
            let what = format!("PIN {}", pin.reference);
            let reference = match decode_hex(&what, &pin.reference)?.as_slice() {
                [r] => *r,
                _ => return Err(format!("{what}: a PIN reference is one byte")),
            };
            let max_tries = pin.max_tries.unwrap_or(3);
            if max_tries == 0 || max_tries > MAX_PIN_TRIES || pin.tries_left > max_tries {
                return Err(format!(
                    "{what}: tries_left {} and max_tries {max_tries} must satisfy \
                     tries_left <= max_tries, 1 <= max_tries <= {MAX_PIN_TRIES}",
                    pin.tries_left
                ));
            }
            let sim = SimPin {
                tries_left: pin.tries_left,
                max_tries,
                verified: pin.verified && pin.tries_left > 0,
            };
            if pins.insert(reference, sim).is_some() {
                return Err(format!("{what} is listed twice"));
            }
        }
        Ok(DecodedImage {
            description: self.description.clone(),
            atr,
            behaviour: self.behaviour.clone(),
            dfs,
            files,
            pins,
        })
    }
}

fn decode_hex(what: &str, text: &str) -> Result<Vec<u8>, String> {
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    hex::decode(&cleaned).map_err(|e| format!("{what}: not hex ({e})"))
}

/// A path is `3F00` followed by file identifiers, two bytes each.
fn decode_path(text: &str) -> Result<Vec<u8>, String> {
    let path = decode_hex("path", text)?;
    if path.len() < 2 || path.len() % 2 != 0 || path[..2] != [0x3F, 0x00] {
        return Err(format!(
            "path {text}: must start with 3F00 and hold two bytes per file identifier"
        ));
    }
    if path.len() > 16 {
        return Err(format!("path {text}: deeper than any card goes"));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut image = CardImage::new(&[0x3B, 0x80, 0x80, 0x01, 0x01]);
        image.add_df(&[0x3F, 0x00, 0x50, 0x15], &[0xA0, 0x00, 0x00, 0x00, 0x63]);
        image.add_file(&[0x3F, 0x00, 0x50, 0x15, 0x50, 0x31], &[1, 2, 3], "EF.ODF");
        let text = image.to_json();
        let again = CardImage::parse(&text).unwrap();
        assert_eq!(again, image);
        let decoded = again.decode().unwrap();
        assert_eq!(
            decoded.files.get(&vec![0x3F, 0x00, 0x50, 0x15, 0x50, 0x31]),
            Some(&FileData::Transparent(vec![1, 2, 3]))
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_device_is_refused_not_read_forever() {
        // /dev/zero has size 0 in its metadata and never ends.
        let err = CardImage::load(Path::new("/dev/zero")).unwrap_err();
        assert!(
            matches!(&err, CardError::Image { detail, .. } if detail.contains("larger")),
            "{err:?}"
        );
    }

    #[test]
    fn pin_counters_are_checked_on_load() {
        let with = |pins: &str| {
            format!(
                r#"{{"format":"sithsctl-card-image","version":1,"atr":"3B00","files":[],"pins":[{pins}]}}"#
            )
        };
        let ok = CardImage::parse(&with(r#"{"reference":"11","tries_left":0}"#))
            .unwrap()
            .decode()
            .unwrap();
        assert_eq!(
            ok.pins.get(&0x11),
            Some(&SimPin {
                tries_left: 0,
                max_tries: 3,
                verified: false
            })
        );
        for (bad, says) in [
            (r#"{"reference":"1122","tries_left":1}"#, "one byte"),
            (r#"{"reference":"11","tries_left":4}"#, "tries_left"),
            (
                r#"{"reference":"11","tries_left":1,"max_tries":16}"#,
                "max_tries",
            ),
            (
                r#"{"reference":"11","tries_left":1},{"reference":"11","tries_left":2}"#,
                "twice",
            ),
        ] {
            let err = CardImage::parse(&with(bad)).unwrap().decode().unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
        let unknown = with(r#"{"reference":"11","tries_left":1,"pin":"123456"}"#);
        assert!(
            CardImage::parse(&unknown).is_err(),
            "an image took a PIN value"
        );
    }

    #[test]
    fn rejects_foreign_and_broken_files() {
        assert!(CardImage::parse("{").unwrap_err().contains("not JSON"));
        assert!(CardImage::parse(r#"{"schema_version":"1.0.0"}"#)
            .unwrap_err()
            .contains("not a card image"));
        let bad_path = r#"{"format":"sithsctl-card-image","version":1,"atr":"3B00","files":[{"path":"5015","data":"00"}]}"#;
        assert!(CardImage::parse(bad_path)
            .unwrap()
            .decode()
            .unwrap_err()
            .contains("3F00"));
        let bad_hex = r#"{"format":"sithsctl-card-image","version":1,"atr":"3B00","files":[{"path":"3F002F00","data":"zz"}]}"#;
        assert!(CardImage::parse(bad_hex)
            .unwrap()
            .decode()
            .unwrap_err()
            .contains("not hex"));
        let many = format!(
            r#"{{"format":"sithsctl-card-image","version":1,"atr":"3B00","files":[{{"path":"3F002F00","records":[{}]}}]}}"#,
            vec!["\"00\""; MAX_RECORDS + 1].join(",")
        );
        assert!(CardImage::parse(&many)
            .unwrap()
            .decode()
            .unwrap_err()
            .contains("records"));
        let long = format!(
            r#"{{"format":"sithsctl-card-image","version":1,"atr":"3B00","files":[{{"path":"3F002F00","records":["{}"]}}]}}"#,
            "00".repeat(MAX_RECORD_BYTES + 1)
        );
        assert!(CardImage::parse(&long)
            .unwrap()
            .decode()
            .unwrap_err()
            .contains("record of"));
        let future = r#"{"format":"sithsctl-card-image","version":9,"atr":"3B00","files":[]}"#;
        assert!(CardImage::parse(future).unwrap_err().contains("version 9"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn behaviour() -> impl Strategy<Value = Behaviour> {
        (any::<[bool; 6]>()).prop_map(|b| Behaviour {
            t0: b[0],
            wrong_le: b[1],
            no_extended_length: b[2],
            no_select_by_aid: b[3],
            endless_61xx: b[4],
            counts_empty_verify: b[5],
        })
    }

    /// `3F00` and one to three more file identifiers.
    fn path() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(any::<[u8; 2]>(), 1..4)
            .prop_map(|fids| [vec![0x3F, 0x00], fids.concat()].concat())
    }

    fn contents() -> impl Strategy<Value = FileData> {
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..400).prop_map(FileData::Transparent),
            prop::collection::vec(prop::collection::vec(any::<u8>(), 0..80), 0..5)
                .prop_map(FileData::Records),
        ]
    }

    proptest! {
        #[test]
        fn an_image_survives_json_and_decodes_to_what_was_put_in(
            atr in prop::collection::vec(any::<u8>(), 2..34),
            description in prop::option::of("[ -~åäöÅÄÖ]{0,40}"),
            behaviour in behaviour(),
            dfs in prop::collection::btree_map(path(), prop::collection::vec(any::<u8>(), 1..17), 0..3),
            files in prop::collection::btree_map(path(), contents(), 0..6),
            pins in prop::collection::btree_map(any::<u8>(), (1..=MAX_PIN_TRIES, any::<u8>()), 0..4),
        ) {
            let mut image = CardImage::new(&atr);
            image.description = description;
            image.behaviour = behaviour;
            for (path, aid) in &dfs {
                image.add_df(path, aid);
            }
            for (path, data) in &files {
                match data {
                    FileData::Transparent(d) => image.add_file(path, d, "note"),
                    FileData::Records(r) => image.add_record_file(path, r, ""),
                }
            }
            for (reference, (max, left)) in &pins {
                image.add_pin(*reference, left % (max + 1), *max, "");
            }
            let again = CardImage::parse(&image.to_json()).unwrap();
            prop_assert_eq!(&again, &image);
            let decoded = again.decode().unwrap();
            prop_assert_eq!(decoded.atr, atr);
            prop_assert_eq!(decoded.dfs, dfs);
            prop_assert_eq!(decoded.files, files);
            prop_assert_eq!(decoded.behaviour, image.behaviour);
            let counters: BTreeMap<u8, (u8, u8)> = decoded
                .pins
                .iter()
                .map(|(r, p)| (*r, (p.max_tries, p.tries_left)))
                .collect();
            let wanted: BTreeMap<u8, (u8, u8)> =
                pins.iter().map(|(r, (max, left))| (*r, (*max, left % (max + 1)))).collect();
            prop_assert_eq!(counters, wanted);
        }
    }
}
