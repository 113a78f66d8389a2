//! Command and response APDUs (ISO/IEC 7816-4), and the read-only guarantee.
//!
//! The read-only guarantee lives here and only here: a transport accepts
//! nothing but a [`CheckedApdu`], and there are two ways to make one.
//! [`CheckedApdu::new`] lets through the instructions that cannot change a
//! card or spend a PIN try. [`CheckedApdu::pin_status_query`] makes exactly
//! one more form: the ISO 7816-4 VERIFY without a data field that asks how
//! many tries a PIN has left, for a PIN reference the card itself declared
//! ([`DeclaredPinRef`]). Anything else, every other VERIFY included, is
//! refused inside the process and never reaches a card.

use std::fmt;

use super::error::CardError;
use super::status::StatusWord;

/// SELECT (by file id, path or DF name).
pub const INS_SELECT: u8 = 0xA4;
/// READ BINARY with an offset in P1-P2.
pub const INS_READ_BINARY: u8 = 0xB0;
/// READ BINARY with an offset data object (odd INS).
pub const INS_READ_BINARY_ODD: u8 = 0xB1;
/// READ RECORD(S).
pub const INS_READ_RECORD: u8 = 0xB2;
/// READ RECORD(S) with odd INS.
pub const INS_READ_RECORD_ODD: u8 = 0xB3;
/// GET RESPONSE: fetches data that a T=0 card announced with `61xx`.
pub const INS_GET_RESPONSE: u8 = 0xC0;
/// GET DATA.
pub const INS_GET_DATA: u8 = 0xCA;
/// GET DATA with odd INS.
pub const INS_GET_DATA_ODD: u8 = 0xCB;
/// VERIFY: never through [`CheckedApdu::new`]; only the status query form
/// of [`CheckedApdu::pin_status_query`].
pub const INS_VERIFY: u8 = 0x20;

/// The instructions that only read. VERIFY (20), CHANGE REFERENCE DATA (24),
/// RESET RETRY COUNTER (2C), UPDATE/WRITE (D6, D0, DC, E2...), GENERATE KEY,
/// PSO and everything proprietary are left out on purpose: a single wrong
/// VERIFY can cost a staff member a PIN try.
pub const READ_ONLY_INS: [u8; 8] = [
    INS_SELECT,
    INS_READ_BINARY,
    INS_READ_BINARY_ODD,
    INS_READ_RECORD,
    INS_READ_RECORD_ODD,
    INS_GET_RESPONSE,
    INS_GET_DATA,
    INS_GET_DATA_ODD,
];

/// Largest Le a short APDU can ask for (encoded as `00`).
pub const SHORT_LE_MAX: usize = 256;
/// Largest Le an extended APDU can ask for (encoded as `00 00`).
pub const EXTENDED_LE_MAX: usize = 65_536;

/// A command APDU, before encoding.
#[derive(Clone, PartialEq, Eq)]
pub struct Command {
    pub cla: u8,
    pub ins: u8,
    pub p1: u8,
    pub p2: u8,
    pub data: Vec<u8>,
    /// Expected response length; `None` means no response data is expected.
    pub le: Option<usize>,
    /// Force extended encoding even when short would do (cards that answer
    /// more than 256 bytes need it).
    pub extended: bool,
}

impl Command {
    pub fn new(ins: u8, p1: u8, p2: u8) -> Self {
        Command {
            cla: 0x00,
            ins,
            p1,
            p2,
            data: Vec::new(),
            le: None,
            extended: false,
        }
    }

    pub fn with_data(mut self, data: &[u8]) -> Self {
        self.data = data.to_vec();
        self
    }

    pub fn with_le(mut self, le: usize) -> Self {
        self.le = Some(le);
        self
    }

    pub fn extended(mut self, extended: bool) -> Self {
        self.extended = extended;
        self
    }

    /// SELECT a DF by name (an application identifier). P2 `0C`: no
    /// response data, so a T=0 card does not need a GET RESPONSE.
    pub fn select_aid(aid: &[u8]) -> Self {
        Command::new(INS_SELECT, 0x04, 0x0C).with_data(aid)
    }

    /// SELECT by path from the MF (P1 `08`); `path` leaves out `3F00`.
    pub fn select_path_from_mf(path: &[u8]) -> Self {
        Command::new(INS_SELECT, 0x08, 0x0C).with_data(path)
    }

    /// SELECT a file by its identifier under the current DF (P1 `00`).
    pub fn select_file_id(fid: [u8; 2]) -> Self {
        Command::new(INS_SELECT, 0x00, 0x0C).with_data(&fid)
    }

    /// READ BINARY of the selected file at `offset` (at most 15 bits).
    pub fn read_binary(offset: u16, le: usize, extended: bool) -> Self {
        let [hi, lo] = offset.to_be_bytes();
        Command::new(INS_READ_BINARY, hi & 0x7F, lo)
            .with_le(le)
            .extended(extended)
    }

    /// READ RECORD `number` of the selected file (P2 `04`: record number in P1).
    pub fn read_record(number: u8) -> Self {
        Command::new(INS_READ_RECORD, number, 0x04).with_le(SHORT_LE_MAX)
    }

    /// GET RESPONSE for the `61xx` a T=0 card gave.
    pub fn get_response(le: usize) -> Self {
        Command::new(INS_GET_RESPONSE, 0x00, 0x00).with_le(le)
    }

    /// Whether the encoding needs the extended form.
    pub fn is_extended(&self) -> bool {
        self.extended || self.data.len() > 255 || self.le.is_some_and(|le| le > SHORT_LE_MAX)
    }

    /// Encodes the command (ISO 7816-4 cases 1 to 4, short or extended).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![self.cla, self.ins, self.p1, self.p2];
        let extended = self.is_extended();
        if !self.data.is_empty() {
            if extended {
                out.push(0x00);
                out.extend_from_slice(&(self.data.len() as u16).to_be_bytes());
            } else {
                out.push(self.data.len() as u8);
            }
            out.extend_from_slice(&self.data);
        }
        if let Some(le) = self.le {
            let le = le.min(if extended {
                EXTENDED_LE_MAX
            } else {
                SHORT_LE_MAX
            });
            if extended {
                if self.data.is_empty() {
                    out.push(0x00);
                }
                // 65 536 is encoded as 00 00, like 256 is 00 in short form.
                out.extend_from_slice(&((le % EXTENDED_LE_MAX) as u16).to_be_bytes());
            } else {
                out.push((le % SHORT_LE_MAX) as u8);
            }
        }
        out
    }
}

impl fmt::Debug for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", hex::encode_upper(self.to_bytes()))
    }
}

/// A response APDU: data and status word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub data: Vec<u8>,
    pub sw: StatusWord,
}

impl Response {
    /// Splits raw bytes from a card; fewer than two bytes is garbage.
    pub fn parse(raw: &[u8]) -> Result<Response, CardError> {
        if raw.len() < 2 {
            return Err(CardError::Garbage(format!(
                "a response of {} byte(s) has no status word",
                raw.len()
            )));
        }
        let (data, sw) = raw.split_at(raw.len() - 2);
        Ok(Response {
            data: data.to_vec(),
            sw: StatusWord(u16::from_be_bytes([sw[0], sw[1]])),
        })
    }
}

/// The transmission protocol the reader and card agreed on. It decides how
/// a command without data and without Le is framed: four bytes under T=1,
/// five (P3 = `00`) under T=0. Under T=1 the five-byte form would be another
/// command (Le = 256), so the protocol must be known before such a command
/// is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    T0,
    T1,
}

/// A PIN reference as the card itself declared it: in a PKCS#15 AODF
/// (`pinReference`) or by the IDPrime applet's layout. Only the layout
/// parsers make one (`reading/layout/`; a test checks that no other file
/// calls [`DeclaredPinRef::declared_by_card`]), so the PIN status query can
/// only ever name a PIN the card told us about, never a number someone
/// typed or guessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeclaredPinRef(u8);

impl DeclaredPinRef {
    /// The reference the card declared, if it is one VERIFY can name: ISO
    /// 7816-4 P2 with bits 7-6 clear, a reference number 1 to 31, global
    /// (`01`-`1F`) or specific to the DF (`81`-`9F`). `00` ("no
    /// information") and everything else is no PIN reference.
    pub(in crate::reading) fn declared_by_card(value: u8) -> Option<DeclaredPinRef> {
        let number = value & 0x1F;
        (value & 0x60 == 0 && number != 0).then_some(DeclaredPinRef(value))
    }

    /// The reference, as P2 of a VERIFY.
    pub fn value(self) -> u8 {
        self.0
    }
}

impl fmt::Display for DeclaredPinRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02X}", self.0)
    }
}

/// An encoded command that passed the read-only check. Transports take only
/// this type, so nothing else can reach a card.
#[derive(Clone, PartialEq, Eq)]
pub struct CheckedApdu(Vec<u8>);

impl CheckedApdu {
    /// The single gate: refuses any instruction outside [`READ_ONLY_INS`],
    /// any class byte outside the interindustry range (proprietary classes
    /// give the instruction byte a different meaning), and anything too
    /// short to be a command.
    pub fn new(bytes: Vec<u8>) -> Result<CheckedApdu, CardError> {
        if bytes.len() < 4 {
            return Err(CardError::Refused(format!(
                "{} is not a command APDU",
                hex::encode_upper(&bytes)
            )));
        }
        let (cla, ins) = (bytes[0], bytes[1]);
        // Interindustry classes: 0x0X and 0x4X-0x7X (secure messaging and
        // logical channels in the low bits are still interindustry).
        let interindustry = cla & 0x80 == 0 && cla & 0x20 == 0;
        if !interindustry || !READ_ONLY_INS.contains(&ins) {
            return Err(CardError::Refused(format!(
                "CLA {cla:02X} INS {ins:02X} is not a read-only command"
            )));
        }
        Ok(CheckedApdu(bytes))
    }

    /// The one VERIFY that may reach a card: ISO 7816-4 case 1, CLA `00`,
    /// INS `20`, P1 `00`, P2 the declared reference, no Lc, no data, no Le;
    /// under T=0 the single P3 byte `00` the protocol needs. The card
    /// answers how many tries are left (`63Cx`), that the PIN is blocked
    /// (`6983`) or already verified (`9000`), and no PIN goes with it. The
    /// caller decides whether the card is one that answers it without
    /// counting a try (`reading::pin`); this only builds the form.
    pub fn pin_status_query(pin: DeclaredPinRef, protocol: Protocol) -> CheckedApdu {
        let mut bytes = vec![0x00, INS_VERIFY, 0x00, pin.value()];
        if protocol == Protocol::T0 {
            bytes.push(0x00);
        }
        CheckedApdu(bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn ins(&self) -> u8 {
        self.0[1]
    }
}

impl fmt::Debug for CheckedApdu {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", hex::encode_upper(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_encodings() {
        assert_eq!(
            Command::select_aid(&[0xA0, 0x00]).to_bytes(),
            vec![0x00, 0xA4, 0x04, 0x0C, 0x02, 0xA0, 0x00]
        );
        assert_eq!(
            Command::read_binary(0x0102, 256, false).to_bytes(),
            vec![0x00, 0xB0, 0x01, 0x02, 0x00]
        );
        assert_eq!(
            Command::read_binary(0, 17, false).to_bytes(),
            vec![0x00, 0xB0, 0x00, 0x00, 17]
        );
    }

    #[test]
    fn extended_encodings() {
        assert_eq!(
            Command::read_binary(0, 65_536, true).to_bytes(),
            vec![0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00]
        );
        assert_eq!(
            Command::read_binary(0, 1000, false).to_bytes(),
            vec![0x00, 0xB0, 0x00, 0x00, 0x00, 0x03, 0xE8]
        );
        let long = vec![0x11; 300];
        let bytes = Command::new(INS_SELECT, 4, 0)
            .with_data(&long)
            .with_le(0x10)
            .to_bytes();
        assert_eq!(&bytes[4..7], &[0x00, 0x01, 0x2C]);
        assert_eq!(&bytes[bytes.len() - 2..], &[0x00, 0x10]);
    }

    #[test]
    fn offset_keeps_p1_high_bit_clear() {
        // Bit 8 of P1 set means "short file identifier": never by accident.
        let bytes = Command::read_binary(0xFFFF, 1, false).to_bytes();
        assert_eq!(bytes[2], 0x7F);
    }

    #[test]
    fn read_only_gate_lets_reads_through() {
        for ins in READ_ONLY_INS {
            assert!(CheckedApdu::new(vec![0x00, ins, 0, 0]).is_ok(), "{ins:02X}");
        }
    }

    #[test]
    fn read_only_gate_refuses_everything_else() {
        let mut let_through = Vec::new();
        for cla in [0x00u8, 0x0C, 0x80, 0x84, 0xA0, 0xFF] {
            for ins in 0..=255u8 {
                let ok = CheckedApdu::new(vec![cla, ins, 0, 0, 0]).is_ok();
                if ok {
                    let_through.push((cla, ins));
                }
            }
        }
        // Only the interindustry classes with read instructions pass.
        assert!(let_through
            .iter()
            .all(|(cla, ins)| (*cla == 0x00 || *cla == 0x0C) && READ_ONLY_INS.contains(ins)));
        assert_eq!(let_through.len(), 2 * READ_ONLY_INS.len());
        // The dangerous ones by name.
        for ins in [
            0x20u8, 0x24, 0x2C, 0xD6, 0xD0, 0xDC, 0xE2, 0x44, 0x0E, 0x2A, 0x46, 0x88,
        ] {
            let err = CheckedApdu::new(vec![0x00, ins, 0x00, 0x81, 0x00]).unwrap_err();
            assert!(matches!(err, CardError::Refused(_)));
        }
        assert!(CheckedApdu::new(vec![0x00, 0xB0]).is_err());
    }

    /// Every VERIFY a caller could try through the general gate: any class
    /// the gate otherwise takes, any P1 and P2, no body, a lone P3, short
    /// and extended data with and without Le. None gets through.
    #[test]
    fn the_general_gate_refuses_every_verify() {
        let bodies: Vec<Vec<u8>> = vec![
            vec![],
            vec![0x00],
            vec![0x08],
            vec![0x01, 0x31],
            vec![0x06, b'1', b'2', b'3', b'4', b'5', b'6'],
            vec![0x06, b'1', b'2', b'3', b'4', b'5', b'6', 0x00],
            [vec![0x08], vec![0xFF; 8]].concat(),
            vec![0x00, 0x00, 0x06, b'1', b'2', b'3', b'4', b'5', b'6'],
            vec![0x00, 0x00, 0x00],
        ];
        let mut tried = 0;
        for cla in [0x00u8, 0x04, 0x08, 0x0C, 0x40, 0x4F, 0x70, 0x7F] {
            for p1 in [0x00u8, 0x01, 0xFF] {
                for p2 in 0..=255u8 {
                    for body in &bodies {
                        for ins in [INS_VERIFY, 0x21] {
                            let bytes = [vec![cla, ins, p1, p2], body.clone()].concat();
                            let err = CheckedApdu::new(bytes.clone()).unwrap_err();
                            assert!(matches!(err, CardError::Refused(_)), "{bytes:02X?}");
                            tried += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(tried, 8 * 3 * 256 * bodies.len() * 2);
    }

    /// The one VERIFY that exists: case 1 for a declared reference, four
    /// bytes under T=1 and five (P3 `00`) under T=0, never a data byte.
    #[test]
    fn the_pin_status_query_is_case_1_for_a_declared_reference_only() {
        let declared: Vec<DeclaredPinRef> = (0..=255u8)
            .filter_map(DeclaredPinRef::declared_by_card)
            .collect();
        // 1-31, global and DF-specific: 62 references, nothing else.
        assert_eq!(declared.len(), 62);
        for value in 0..=255u8 {
            let ok = DeclaredPinRef::declared_by_card(value).is_some();
            let expected = matches!(value, 0x01..=0x1F | 0x81..=0x9F);
            assert_eq!(ok, expected, "{value:02X}");
        }
        for pin in declared {
            let t1 = CheckedApdu::pin_status_query(pin, Protocol::T1);
            assert_eq!(t1.as_bytes(), [0x00, 0x20, 0x00, pin.value()]);
            let t0 = CheckedApdu::pin_status_query(pin, Protocol::T0);
            assert_eq!(t0.as_bytes(), [0x00, 0x20, 0x00, pin.value(), 0x00]);
            assert_eq!(t0.ins(), INS_VERIFY);
        }
    }

    /// Only the layout parsers declare PIN references: no other file in
    /// the source calls the constructor.
    #[test]
    fn only_the_layout_parsers_declare_pin_references() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut callers = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                // Up to the tests: tests may make references to test with.
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                if code.contains("declared_by_card(") {
                    callers.push(path.strip_prefix(&root).unwrap().display().to_string());
                }
            }
        }
        callers.sort();
        assert!(
            callers
                .iter()
                .all(|c| c == "reading/card/apdu.rs" || c.starts_with("reading/layout/")),
            "{callers:?}"
        );
        assert!(
            callers.iter().any(|c| c.starts_with("reading/layout/")),
            "the scan sees no caller at all: {callers:?}"
        );
    }

    #[test]
    fn response_parsing() {
        let r = Response::parse(&[1, 2, 0x90, 0x00]).unwrap();
        assert_eq!(r.data, vec![1, 2]);
        assert!(r.sw.is_success());
        assert!(matches!(
            Response::parse(&[0x90]),
            Err(CardError::Garbage(_))
        ));
        assert_eq!(format!("{}", StatusWord(0x6A82)), "6A 82");
    }
}
