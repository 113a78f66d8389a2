//! The two-byte status word that ends every response APDU (ISO/IEC
//! 7816-4). A room of its own because both the APDU types and the card
//! errors speak of it, and neither should have to import the other for it.

use std::fmt;

/// A two-byte status word.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusWord(pub u16);

impl StatusWord {
    pub const OK: StatusWord = StatusWord(0x9000);
    pub const END_OF_FILE: StatusWord = StatusWord(0x6282);
    pub const WRONG_LENGTH: StatusWord = StatusWord(0x6700);
    pub const FILE_NOT_FOUND: StatusWord = StatusWord(0x6A82);
    pub const WRONG_P1P2: StatusWord = StatusWord(0x6B00);
    pub const WRONG_FILE_TYPE: StatusWord = StatusWord(0x6981);
    pub const INS_NOT_SUPPORTED: StatusWord = StatusWord(0x6D00);
    pub const CLA_NOT_SUPPORTED: StatusWord = StatusWord(0x6E00);
    pub const FUNC_NOT_SUPPORTED: StatusWord = StatusWord(0x6A81);
    pub const RECORD_NOT_FOUND: StatusWord = StatusWord(0x6A83);
    pub const SECURITY_NOT_SATISFIED: StatusWord = StatusWord(0x6982);
    pub const INCORRECT_PARAMETERS: StatusWord = StatusWord(0x6A86);

    pub fn sw1(self) -> u8 {
        (self.0 >> 8) as u8
    }

    pub fn sw2(self) -> u8 {
        self.0 as u8
    }

    /// `9000`, or the warning `6282` (end of file reached before Le bytes),
    /// which still carries good data.
    pub fn is_success(self) -> bool {
        self == Self::OK || self == Self::END_OF_FILE
    }

    /// A file or application that is not there.
    pub fn is_not_found(self) -> bool {
        matches!(self.0, 0x6A82 | 0x6A86 | 0x6A87 | 0x6A88 | 0x6A81)
    }

    /// An offset past the end of a file (`6B00`, or `6282` with no data).
    pub fn is_offset_past_end(self) -> bool {
        self == Self::WRONG_P1P2 || self == Self::END_OF_FILE
    }
}

impl fmt::Debug for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X}", self.0)
    }
}

impl fmt::Display for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02X} {:02X}", self.sw1(), self.sw2())
    }
}
