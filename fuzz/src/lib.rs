//! Input formats shared by the fuzz targets and the seed writer.
//!
//! Both formats are length-prefixed chunks, so a seed made from a real card
//! is a valid starting point and every mutation still decodes to *some*
//! card: the fuzzer spends its time on the reader, not on our framing.

use std::collections::BTreeMap;
use std::time::Duration;

use sithsctl::reading::card::apdu::CheckedApdu;
use sithsctl::reading::card::image::{Behaviour, DecodedImage, FileData};
use sithsctl::reading::card::transport::{Channel, Transport, MAX_APDUS_PER_READ};
use sithsctl::reading::card::CardError;
use sithsctl::reading::layout::pkcs15::{self, Pkcs15Card, Wanted, PKCS15_AID};

/// Where each file slot of a `pkcs15_files` input lands on the card.
pub const FILE_SLOTS: [&[u8]; 17] = [
    &[0x3F, 0x00, 0x2F, 0x00],             // 0 EF.DIR (transparent)
    &[0x3F, 0x00, 0x50, 0x15, 0x50, 0x31], // 1 EF.ODF
    &[0x3F, 0x00, 0x50, 0x15, 0x50, 0x32], // 2 EF.TokenInfo
    &[0x3F, 0x00, 0x50, 0x15, 0x44, 0x04], // 3 CDF
    &[0x3F, 0x00, 0x50, 0x15, 0x44, 0x05], // 4 trusted CDF
    &[0x3F, 0x00, 0x50, 0x15, 0x44, 0x06], // 5 useful CDF
    &[0x3F, 0x00, 0x50, 0x15, 0x43, 0x30], // 6 shared certificate file
    &[0x3F, 0x00, 0x50, 0x15, 0x43, 0x31], // 7.. certificate files
    &[0x3F, 0x00, 0x50, 0x15, 0x43, 0x32],
    &[0x3F, 0x00, 0x50, 0x15, 0x43, 0x33],
    &[0x3F, 0x00, 0x50, 0x15, 0x43, 0x34],
    &[0x3F, 0x00, 0x50, 0x15, 0x43, 0x35],
    &[0x3F, 0x00, 0x50, 0x15, 0x43, 0x36],
    &[0x3F, 0x00, 0x70, 0x01, 0x50, 0x31], // 13 an application elsewhere
    &[0x3F, 0x00, 0x70, 0x01, 0x44, 0x04],
    &[0x3F, 0x00, 0x2F, 0x00], // 15 EF.DIR as one record
    &[0x3F, 0x00, 0x50, 0x15, 0x44, 0x08], // 16 AODF (the PINs)
];

/// Splits `[len u16 BE][bytes]...`; a length past the end takes the rest.
pub fn chunks(mut data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while data.len() >= 2 {
        let len = u16::from_be_bytes([data[0], data[1]]) as usize;
        let rest = &data[2..];
        let len = len.min(rest.len());
        out.push(&rest[..len]);
        data = &rest[len..];
    }
    out
}

/// Joins chunks in the format [`chunks`] reads.
pub fn join(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in parts {
        out.extend_from_slice(&(p.len() as u16).to_be_bytes());
        out.extend_from_slice(p);
    }
    out
}

/// `pkcs15_files` input: a flags byte (bit 0 T=0, bit 1 wrong Le, bit 2 no
/// extended length, bit 3 no SELECT by AID), then chunks, each a slot byte
/// (see [`FILE_SLOTS`]) followed by the file's contents.
pub fn card_from_files(data: &[u8]) -> Option<DecodedImage> {
    let (&flags, rest) = data.split_first()?;
    let behaviour = Behaviour {
        t0: flags & 1 != 0,
        wrong_le: flags & 2 != 0,
        no_extended_length: flags & 4 != 0,
        no_select_by_aid: flags & 8 != 0,
        endless_61xx: false,
        counts_empty_verify: false,
    };
    let mut dfs = BTreeMap::new();
    dfs.insert(vec![0x3F, 0x00, 0x50, 0x15], PKCS15_AID.to_vec());
    let mut files = BTreeMap::new();
    for chunk in chunks(rest) {
        let Some((&slot, contents)) = chunk.split_first() else {
            continue;
        };
        let slot = slot as usize % FILE_SLOTS.len();
        let file = if slot == 15 {
            FileData::Records(vec![contents.to_vec()])
        } else {
            FileData::Transparent(contents.to_vec())
        };
        files.insert(FILE_SLOTS[slot].to_vec(), file);
    }
    Some(DecodedImage {
        description: None,
        atr: vec![0x3B, 0x00],
        behaviour,
        dfs,
        files,
        pins: BTreeMap::new(),
    })
}

/// The card is the fuzzer: each command is answered with the next chunk.
/// Flags byte: bit 0 extended-length hint, bit 1 start over when the
/// chunks run out (a card that never stops talking), else the card is
/// "removed" when they run out.
pub struct ScriptedCard<'a> {
    answers: Vec<&'a [u8]>,
    next: usize,
    extended: bool,
    repeat: bool,
}

impl<'a> ScriptedCard<'a> {
    pub fn new(data: &'a [u8]) -> Option<Self> {
        let (&flags, rest) = data.split_first()?;
        Some(ScriptedCard {
            answers: chunks(rest),
            next: 0,
            extended: flags & 1 != 0,
            repeat: flags & 2 != 0,
        })
    }
}

impl Transport for ScriptedCard<'_> {
    fn transmit(&mut self, _apdu: &CheckedApdu) -> Result<Vec<u8>, CardError> {
        if self.next >= self.answers.len() {
            if !self.repeat || self.answers.is_empty() {
                return Err(CardError::CardRemoved);
            }
            self.next = 0;
        }
        let answer = self.answers[self.next].to_vec();
        self.next += 1;
        Ok(answer)
    }

    fn atr(&self) -> &[u8] {
        &[0x3B, 0x00]
    }

    fn extended_length_hint(&self) -> bool {
        self.extended
    }
}

/// Reads a card the way `sithsctl` does and checks the bounds that must
/// hold whatever the card says. Panics (a finding) when one does not.
pub fn read_checked(transport: &mut dyn Transport) -> Option<Pkcs15Card> {
    let mut ch = Channel::new(transport).with_timeout(Duration::from_secs(10));
    let result = pkcs15::read(&mut ch, "fuzz", Wanted::EVERYTHING);
    assert!(
        ch.apdus_sent() <= MAX_APDUS_PER_READ,
        "{} APDUs sent",
        ch.apdus_sent()
    );
    let card = result.ok()?;
    assert!(card.certificates.len() <= pkcs15::MAX_CERTIFICATES);
    for c in &card.certificates {
        // Read from a file, or held directly in a directory.
        assert!(c.der.len() <= pkcs15::MAX_CERT_BYTES.max(pkcs15::MAX_DIRECTORY_BYTES));
    }
    // What the commands above the layout do with it next.
    let _ = sithsctl::understanding::analysis::analyse_card(&card.certificates, sithsctl::understanding::cert::CaSet::new());
    // What `dump` does with it.
    let image = pkcs15::image_of(&card, &[0x3B, 0x00], "fuzz");
    let _ = image.decode();
    Some(card)
}

/// The fixed certificate, issuer and clock the revocation targets judge
/// answers with (tests/data/revocation, made by its make.sh).
pub mod revocation {
    use std::sync::OnceLock;

    use chrono::{DateTime, Utc};
    use sithsctl::services::revocation::target::Target;

    const CERT: &[u8] = include_bytes!("../../tests/data/revocation/cert.der");
    const ISSUER: &[u8] = include_bytes!("../../tests/data/revocation/issuer.der");
    const NOW: &str = include_str!("../../tests/data/revocation/now.txt");

    /// The person certificate and its CA, read once.
    pub fn target() -> &'static Target {
        static TARGET: OnceLock<Target> = OnceLock::new();
        TARGET.get_or_init(|| Target::new(CERT, ISSUER).expect("fixture pair"))
    }

    /// The instant the fixtures' answers are valid at.
    pub fn now() -> DateTime<Utc> {
        let secs: i64 = NOW.trim().parse().expect("now.txt");
        DateTime::from_timestamp(secs, 0).expect("now.txt in range")
    }
}
