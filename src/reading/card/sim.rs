//! A simulated ISO 7816-4 card that serves a card image. The same code
//! answers `--image` in-process and the virtual card behind vpcd, so what
//! the tests prove about one holds for the other.

use std::collections::BTreeMap;

use super::apdu::{CheckedApdu, Protocol, EXTENDED_LE_MAX, SHORT_LE_MAX};
use super::error::CardError;
use super::image::{Behaviour, DecodedImage, FileData, SimPin};
use super::sim_pins::{self, VerifySeen};
use super::status::StatusWord;
use super::transport::Transport;

const MF: [u8; 2] = [0x3F, 0x00];

/// The card's side of the conversation.
pub struct SimCard {
    image: DecodedImage,
    current_df: Vec<u8>,
    current_ef: Option<Vec<u8>>,
    /// Data a T=0 card announced with `61xx` and has not handed out yet.
    pending: Vec<u8>,
    /// The PINs' try counters, as they stand now.
    pins: BTreeMap<u8, SimPin>,
    /// Every VERIFY the card received, in order.
    verifies: Vec<VerifySeen>,
}

impl SimCard {
    pub fn new(image: DecodedImage) -> Self {
        SimCard {
            pins: image.pins.clone(),
            image,
            current_df: MF.to_vec(),
            current_ef: None,
            pending: Vec::new(),
            verifies: Vec::new(),
        }
    }

    /// The PINs' counters as they stand now.
    pub fn pins(&self) -> &BTreeMap<u8, SimPin> {
        &self.pins
    }

    /// Every VERIFY received so far.
    pub fn verifies(&self) -> &[VerifySeen] {
        &self.verifies
    }

    pub fn atr(&self) -> &[u8] {
        &self.image.atr
    }

    pub fn behaviour(&self) -> &Behaviour {
        &self.image.behaviour
    }

    /// Back to the state after power-on. PIN counters live in the card's
    /// memory and survive; so does an image's `verified` (a staged state).
    pub fn reset(&mut self) {
        self.current_df = MF.to_vec();
        self.current_ef = None;
        self.pending.clear();
    }

    /// Answers one raw command APDU. Never panics, whatever the bytes.
    pub fn process(&mut self, apdu: &[u8]) -> Vec<u8> {
        if self.image.behaviour.endless_61xx {
            return vec![0x61, 0x00];
        }
        let (data, sw) = match Parsed::from_bytes(apdu) {
            None => (Vec::new(), StatusWord::WRONG_LENGTH),
            // GET RESPONSE hands out what `wrap` held back: not wrapped again.
            Some(cmd) if cmd.ins == 0xC0 && cmd.cla & 0x80 == 0 => return self.get_response(&cmd),
            Some(cmd) => self.dispatch(&cmd),
        };
        self.wrap(data, sw)
    }

    fn wrap(&mut self, data: Vec<u8>, sw: StatusWord) -> Vec<u8> {
        let mut out;
        if self.image.behaviour.t0 && !data.is_empty() {
            self.pending = data;
            let n = self.pending.len().min(SHORT_LE_MAX);
            out = vec![0x61, (n % 256) as u8];
            if sw != StatusWord::OK && sw != StatusWord::END_OF_FILE {
                out = vec![sw.sw1(), sw.sw2()];
            }
            return out;
        }
        out = data;
        out.extend_from_slice(&sw.0.to_be_bytes());
        out
    }

    fn dispatch(&mut self, cmd: &Parsed) -> (Vec<u8>, StatusWord) {
        if cmd.cla & 0x80 != 0 {
            return (Vec::new(), StatusWord::CLA_NOT_SUPPORTED);
        }
        if cmd.extended && self.image.behaviour.no_extended_length {
            return (Vec::new(), StatusWord::WRONG_LENGTH);
        }
        if cmd.ins != 0xC0 {
            self.pending.clear();
        }
        match cmd.ins {
            0xA4 => self.select(cmd),
            0xB0 => self.read_binary(cmd),
            0xB2 => self.read_record(cmd),
            0xCA | 0xCB => (Vec::new(), StatusWord(0x6A88)),
            0x20 => self.verify(cmd),
            // Everything that writes or changes a PIN: the card would
            // refuse without the PIN anyway.
            0x24 | 0x2C | 0xD0 | 0xD6 | 0xDC | 0xE2 | 0x0E | 0x44 => {
                (Vec::new(), StatusWord::SECURITY_NOT_SATISFIED)
            }
            _ => (Vec::new(), StatusWord::INS_NOT_SUPPORTED),
        }
    }

    fn verify(&mut self, cmd: &Parsed) -> (Vec<u8>, StatusWord) {
        let counts_query = self.image.behaviour.counts_empty_verify;
        let seen = sim_pins::verify(&mut self.pins, counts_query, cmd.p1, cmd.p2, &cmd.data);
        let sw = seen.sw;
        self.verifies.push(seen);
        (Vec::new(), sw)
    }

    fn is_df(&self, path: &[u8]) -> bool {
        path == MF
            || self.image.dfs.contains_key(path)
            || self
                .image
                .files
                .keys()
                .any(|f| f.len() > path.len() && f.starts_with(path))
    }

    fn select(&mut self, cmd: &Parsed) -> (Vec<u8>, StatusWord) {
        let target = match cmd.p1 {
            0x04 => {
                if self.image.behaviour.no_select_by_aid {
                    return (Vec::new(), StatusWord::FUNC_NOT_SUPPORTED);
                }
                self.image
                    .dfs
                    .iter()
                    .find(|(_, aid)| !cmd.data.is_empty() && aid.starts_with(&cmd.data))
                    .map(|(path, _)| path.clone())
            }
            0x08 | 0x09 => {
                if cmd.data.is_empty() || !cmd.data.len().is_multiple_of(2) {
                    return (Vec::new(), StatusWord::INCORRECT_PARAMETERS);
                }
                let mut path = if cmd.p1 == 0x08 {
                    MF.to_vec()
                } else {
                    self.current_df.clone()
                };
                let rest = if cmd.p1 == 0x08 && cmd.data.starts_with(&MF) {
                    &cmd.data[2..]
                } else {
                    &cmd.data[..]
                };
                path.extend_from_slice(rest);
                Some(path)
            }
            0x00..=0x02 => {
                if cmd.data.is_empty() || cmd.data == MF {
                    Some(MF.to_vec())
                } else if cmd.data.len() != 2 {
                    return (Vec::new(), StatusWord::INCORRECT_PARAMETERS);
                } else {
                    let mut path = self.current_df.clone();
                    path.extend_from_slice(&cmd.data);
                    Some(path)
                }
            }
            _ => return (Vec::new(), StatusWord::INCORRECT_PARAMETERS),
        };
        let Some(path) = target else {
            return (Vec::new(), StatusWord::FILE_NOT_FOUND);
        };
        let fcp = if let Some(file) = self.image.files.get(&path) {
            let size = match file {
                FileData::Transparent(d) => d.len(),
                FileData::Records(r) => r.iter().map(Vec::len).sum(),
            };
            let kind = if matches!(file, FileData::Records(_)) {
                0x02
            } else {
                0x01
            };
            self.current_ef = Some(path.clone());
            self.current_df = path[..path.len() - 2].to_vec();
            fcp(&path, Some(size), kind)
        } else if self.is_df(&path) {
            self.current_df = path.clone();
            self.current_ef = None;
            fcp(&path, None, 0x38)
        } else {
            return (Vec::new(), StatusWord::FILE_NOT_FOUND);
        };
        if cmd.p2 & 0x0C == 0x0C {
            (Vec::new(), StatusWord::OK)
        } else {
            (fcp, StatusWord::OK)
        }
    }

    fn current_file(&self) -> Result<&FileData, StatusWord> {
        self.current_ef
            .as_ref()
            .and_then(|p| self.image.files.get(p))
            .ok_or(StatusWord(0x6986))
    }

    fn read_binary(&mut self, cmd: &Parsed) -> (Vec<u8>, StatusWord) {
        if cmd.p1 & 0x80 != 0 {
            // Short file identifiers are not offered.
            return (Vec::new(), StatusWord::FUNC_NOT_SUPPORTED);
        }
        let data = match self.current_file() {
            Ok(FileData::Transparent(d)) => d,
            Ok(FileData::Records(_)) => return (Vec::new(), StatusWord::WRONG_FILE_TYPE),
            Err(sw) => return (Vec::new(), sw),
        };
        let offset = (((cmd.p1 & 0x7F) as usize) << 8) | cmd.p2 as usize;
        if offset >= data.len() {
            return (Vec::new(), StatusWord::WRONG_P1P2);
        }
        let le = cmd.le.unwrap_or(SHORT_LE_MAX);
        let available = data.len() - offset;
        if le > available && self.image.behaviour.wrong_le && !cmd.extended {
            return (Vec::new(), StatusWord(0x6C00 | (available.min(255) as u16)));
        }
        let n = le.min(available);
        let sw = if n < le {
            StatusWord::END_OF_FILE
        } else {
            StatusWord::OK
        };
        (data[offset..offset + n].to_vec(), sw)
    }

    fn read_record(&mut self, cmd: &Parsed) -> (Vec<u8>, StatusWord) {
        let records = match self.current_file() {
            Ok(FileData::Records(r)) => r,
            Ok(FileData::Transparent(_)) => return (Vec::new(), StatusWord::WRONG_FILE_TYPE),
            Err(sw) => return (Vec::new(), sw),
        };
        if cmd.p2 & 0x07 != 0x04 || cmd.p1 == 0 {
            return (Vec::new(), StatusWord::INCORRECT_PARAMETERS);
        }
        match records.get(cmd.p1 as usize - 1) {
            Some(r) => (r.clone(), StatusWord::OK),
            None => (Vec::new(), StatusWord::RECORD_NOT_FOUND),
        }
    }

    fn get_response(&mut self, cmd: &Parsed) -> Vec<u8> {
        if self.pending.is_empty() {
            return vec![0x69, 0x85];
        }
        let le = cmd.le.unwrap_or(SHORT_LE_MAX);
        let n = le.min(self.pending.len());
        let out: Vec<u8> = self.pending.drain(..n).collect();
        let mut raw = out;
        if self.pending.is_empty() {
            raw.extend_from_slice(&[0x90, 0x00]);
        } else {
            let rest = self.pending.len().min(SHORT_LE_MAX);
            raw.extend_from_slice(&[0x61, (rest % 256) as u8]);
        }
        raw
    }
}

/// A file control parameter template, as a card returns on SELECT.
fn fcp(path: &[u8], size: Option<usize>, descriptor: u8) -> Vec<u8> {
    let mut inner = Vec::new();
    if let Some(size) = size {
        inner.extend_from_slice(&[0x80, 0x02]);
        inner.extend_from_slice(&(size as u16).to_be_bytes());
    }
    inner.extend_from_slice(&[0x82, 0x01, descriptor, 0x83, 0x02]);
    inner.extend_from_slice(&path[path.len() - 2..]);
    let mut out = vec![0x62, inner.len() as u8];
    out.extend(inner);
    out
}

/// A command APDU, decoded from bytes by the card's rules.
struct Parsed {
    cla: u8,
    ins: u8,
    p1: u8,
    p2: u8,
    data: Vec<u8>,
    le: Option<usize>,
    extended: bool,
}

impl Parsed {
    /// Decodes ISO 7816-4 cases 1-4, short and extended; `None` when the
    /// lengths do not add up.
    fn from_bytes(b: &[u8]) -> Option<Parsed> {
        if b.len() < 4 {
            return None;
        }
        let mut p = Parsed {
            cla: b[0],
            ins: b[1],
            p1: b[2],
            p2: b[3],
            data: Vec::new(),
            le: None,
            extended: false,
        };
        let body = &b[4..];
        let short_le = |x: u8| if x == 0 { SHORT_LE_MAX } else { x as usize };
        let ext_le = |hi: u8, lo: u8| match u16::from_be_bytes([hi, lo]) {
            0 => EXTENDED_LE_MAX,
            n => n as usize,
        };
        match body.len() {
            0 => {}
            1 => p.le = Some(short_le(body[0])),
            _ if body[0] != 0 => {
                let lc = body[0] as usize;
                if body.len() == 1 + lc {
                    p.data = body[1..].to_vec();
                } else if body.len() == 2 + lc {
                    p.data = body[1..1 + lc].to_vec();
                    p.le = Some(short_le(body[1 + lc]));
                } else {
                    return None;
                }
            }
            3 => {
                p.extended = true;
                p.le = Some(ext_le(body[1], body[2]));
            }
            n if n > 3 => {
                p.extended = true;
                let lc = u16::from_be_bytes([body[1], body[2]]) as usize;
                if n == 3 + lc {
                    p.data = body[3..].to_vec();
                } else if n == 5 + lc {
                    p.data = body[3..3 + lc].to_vec();
                    p.le = Some(ext_le(body[3 + lc], body[4 + lc]));
                } else {
                    return None;
                }
            }
            _ => return None,
        }
        Some(p)
    }
}

/// The simulated card as a transport, for `--image`.
pub struct SimTransport {
    pub card: SimCard,
}

impl Transport for SimTransport {
    fn transmit(&mut self, apdu: &CheckedApdu) -> Result<Vec<u8>, CardError> {
        Ok(self.card.process(apdu.as_bytes()))
    }

    fn atr(&self) -> &[u8] {
        self.card.atr()
    }

    fn extended_length_hint(&self) -> bool {
        !self.card.behaviour().t0
    }

    fn protocol(&self) -> Option<Protocol> {
        Some(if self.card.behaviour().t0 {
            Protocol::T0
        } else {
            Protocol::T1
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reading::card::image::CardImage;

    fn card(behaviour: Behaviour) -> SimCard {
        let mut image = CardImage::new(&[0x3B, 0x80, 0x80, 0x01, 0x01]);
        image.add_df(&[0x3F, 0x00, 0x50, 0x15], &[0xA0, 0x00, 0x00, 0x00, 0x63]);
        image.add_file(&[0x3F, 0x00, 0x50, 0x15, 0x50, 0x31], &[7u8; 300], "");
        image.add_record_file(&[0x3F, 0x00, 0x2F, 0x00], &[vec![0x61, 0x00]], "");
        image.behaviour = behaviour;
        SimCard::new(image.decode().unwrap())
    }

    #[test]
    fn select_and_read() {
        let mut c = card(Behaviour::default());
        assert_eq!(c.process(&[0, 0xA4, 4, 0x0C, 2, 0xA0, 0]), vec![0x90, 0]);
        assert_eq!(c.process(&[0, 0xA4, 0, 0x0C, 2, 0x50, 0x31]), vec![0x90, 0]);
        let r = c.process(&[0, 0xB0, 0x01, 0x00, 0x00]);
        assert_eq!(r.len(), 44 + 2);
        assert_eq!(&r[44..], &[0x62, 0x82]);
        assert_eq!(c.process(&[0, 0xB0, 0x02, 0x00, 0x00]), vec![0x6B, 0x00]);
        let ext = c.process(&[0, 0xB0, 0, 0, 0, 0, 0]);
        assert_eq!(ext.len(), 302);
    }

    #[test]
    fn t0_and_wrong_le() {
        let mut c = card(Behaviour {
            t0: true,
            wrong_le: true,
            ..Default::default()
        });
        c.process(&[0, 0xA4, 8, 0x0C, 4, 0x50, 0x15, 0x50, 0x31]);
        assert_eq!(c.process(&[0, 0xB0, 0x01, 0x00, 0x00]), vec![0x6C, 44]);
        assert_eq!(c.process(&[0, 0xB0, 0x01, 0x00, 44]), vec![0x61, 44]);
        let r = c.process(&[0, 0xC0, 0, 0, 44]);
        assert_eq!(&r[44..], &[0x90, 0x00]);
    }

    #[test]
    fn garbage_commands_never_panic() {
        let mut c = card(Behaviour::default());
        for bytes in [
            &[][..],
            &[0],
            &[0, 0xB0, 0, 0, 5, 1],
            &[0, 0xA4, 8, 0, 0, 0, 3, 1],
        ] {
            let r = c.process(bytes);
            assert!(r.len() >= 2);
        }
        assert_eq!(c.process(&[0, 0xD6, 0, 0, 1, 0]), vec![0x69, 0x82]);
    }

    #[test]
    fn endless_61xx_never_ends_and_never_gives_data() {
        let mut c = card(Behaviour {
            endless_61xx: true,
            ..Default::default()
        });
        for command in [
            &[0, 0xA4, 4, 0x0C, 2, 0xA0, 0][..],
            &[0, 0xC0, 0, 0, 0],
            &[0, 0xC0, 0, 0, 0],
            &[0, 0xB0, 0, 0, 0],
            &[],
        ] {
            assert_eq!(c.process(command), vec![0x61, 0x00]);
        }
    }

    #[test]
    fn endless_61xx_is_stopped_by_the_channel() {
        use crate::reading::card::transport::{Channel, MAX_APDUS_PER_READ};
        let mut t = SimTransport {
            card: card(Behaviour {
                endless_61xx: true,
                ..Default::default()
            }),
        };
        let mut ch = Channel::new(&mut t);
        // The Channel follows 61xx with GET RESPONSE until its bound.
        let err = ch
            .send(&crate::reading::card::apdu::Command::select_aid(&[
                0xA0, 0x00,
            ]))
            .unwrap_err();
        assert_eq!(err, CardError::TooManyApdus(MAX_APDUS_PER_READ));
        assert_eq!(ch.apdus_sent(), MAX_APDUS_PER_READ);
    }

    #[test]
    fn endless_61xx_survives_an_image_round_trip() {
        let mut image = CardImage::new(&[0x3B, 0x00]);
        image.behaviour.endless_61xx = true;
        let text = image.to_json();
        assert!(text.contains("\"endless_61xx\": true"), "{text}");
        assert!(
            CardImage::parse(&text)
                .unwrap()
                .decode()
                .unwrap()
                .behaviour
                .endless_61xx
        );
    }

    fn card_with_pins(counts_empty_verify: bool) -> SimCard {
        let mut image = CardImage::new(&[0x3B, 0x00]);
        image.add_pin(0x11, 3, 3, "");
        image.add_pin(0x83, 0, 3, "");
        image.behaviour.counts_empty_verify = counts_empty_verify;
        SimCard::new(image.decode().unwrap())
    }

    #[test]
    fn the_status_query_answers_without_counting() {
        let mut c = card_with_pins(false);
        for form in [&[0, 0x20, 0, 0x11][..], &[0, 0x20, 0, 0x11, 0]] {
            assert_eq!(c.process(form), vec![0x63, 0xC3]);
        }
        assert_eq!(c.process(&[0, 0x20, 0, 0x83]), vec![0x69, 0x83]);
        assert_eq!(c.process(&[0, 0x20, 0, 0x05]), vec![0x6A, 0x88]);
        assert_eq!(c.pins()[&0x11].tries_left, 3);
        assert_eq!(c.verifies().len(), 4);
        assert!(c.verifies().iter().all(|v| !v.counted && v.data_len == 0));
        // A PIN is always wrong: tries run down to blocked.
        assert_eq!(
            c.process(&[0, 0x20, 0, 0x11, 2, b'1', b'2']),
            vec![0x63, 0xC2]
        );
        c.process(&[0, 0x20, 0, 0x11, 2, b'1', b'2']);
        assert_eq!(
            c.process(&[0, 0x20, 0, 0x11, 2, b'1', b'2']),
            vec![0x63, 0xC0]
        );
        assert_eq!(
            c.process(&[0, 0x20, 0, 0x11, 2, b'1', b'2']),
            vec![0x69, 0x83]
        );
        assert_eq!(c.process(&[0, 0x20, 0, 0x11]), vec![0x69, 0x83]);
        assert_eq!(c.verifies().iter().filter(|v| v.counted).count(), 3);
        c.reset();
        assert_eq!(c.pins()[&0x11].tries_left, 0, "a reset restored the tries");
    }

    #[test]
    fn a_card_that_counts_the_query_loses_a_try_each_time() {
        let mut c = card_with_pins(true);
        assert_eq!(c.process(&[0, 0x20, 0, 0x11]), vec![0x63, 0xC2]);
        assert_eq!(c.process(&[0, 0x20, 0, 0x11, 0]), vec![0x63, 0xC1]);
        assert_eq!(c.pins()[&0x11].tries_left, 1);
        assert!(c.verifies().iter().all(|v| v.counted));
    }

    #[test]
    fn records_and_no_extended() {
        let mut c = card(Behaviour {
            no_extended_length: true,
            ..Default::default()
        });
        c.process(&[0, 0xA4, 8, 0x0C, 2, 0x2F, 0x00]);
        assert_eq!(c.process(&[0, 0xB0, 0, 0, 0]), vec![0x69, 0x81]);
        assert_eq!(c.process(&[0, 0xB2, 1, 4, 0]), vec![0x61, 0x00, 0x90, 0x00]);
        assert_eq!(c.process(&[0, 0xB0, 0, 0, 0, 0, 0]), vec![0x67, 0x00]);
    }
}
