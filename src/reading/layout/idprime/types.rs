//! The IDPrime room's vocabulary: the applet's AID and file names, the
//! record sizes and limits, and what a read gives back ([`IdprimeCard`]
//! with its index entries and containers). Apart so the parser, the reader
//! and the image builder share it without importing one another.

use serde::Serialize;

use crate::reading::layout::pins::DeclaredPin;
use crate::reading::layout::pkcs15::{CardCertificate, TokenInfo, MAX_CERT_BYTES};

/// The IDPrime applet's AID.
pub const IDPRIME_AID: [u8; 11] = [
    0xA0, 0x00, 0x00, 0x00, 0x18, 0x80, 0x00, 0x00, 0x00, 0x06, 0x62,
];
/// The index file: which file holds what.
pub const INDEX_FID: [u8; 2] = [0x01, 0x01];
/// Bytes per index entry: FID (2), size (2), name (8), directory (9).
pub const ENTRY_LEN: usize = 21;
/// Bytes per container map record: GUID in UTF-16 (80), flags, reserved,
/// signature key bits (2, LE), key-exchange key bits (2, LE).
pub const CONTAINER_LEN: usize = 86;
/// The index holds at most 255 entries (its count is one byte).
pub const MAX_INDEX_BYTES: usize = 1 + 255 * ENTRY_LEN;
/// Largest container map we read: 64 containers, several times what a
/// card with ten certificates holds.
pub const MAX_CMAP_BYTES: usize = 64 * CONTAINER_LEN;
/// Largest certificate file: a certificate stored uncompressed, with the
/// four bytes of a compression header.
pub const MAX_CERT_FILE_BYTES: usize = MAX_CERT_BYTES + 4;
/// The card ID file's usual identifier and length (16 bytes).
pub(super) const CARDID_FID: [u8; 2] = [0x02, 0x01];
pub(super) const CARDID_LEN: usize = 16;
/// The key-reference file (IDPrime 940): 8-byte records, PIN index first.
pub const KEYREF_FID: [u8; 2] = [0x00, 0x05];
/// Bytes per key-reference record: PIN index, key reference, container
/// index, reserved.
pub const KEYREF_LEN: usize = 8;
/// Largest key-reference file we read: one record per container.
pub const MAX_KEYREF_BYTES: usize = 64 * KEYREF_LEN;

/// One entry of the index file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    /// File identifier, hex.
    pub fid: String,
    pub size: u16,
    /// e.g. `kxc00`, `ksc01`, `cmapfile`, `cardid`.
    pub name: String,
    /// e.g. `mscp`, `p11`, or empty for the root.
    pub directory: String,
}

impl IndexEntry {
    pub(super) fn fid_bytes(&self) -> [u8; 2] {
        let b = hex::decode(&self.fid).unwrap_or_default();
        [
            b.first().copied().unwrap_or(0),
            b.get(1).copied().unwrap_or(0),
        ]
    }

    /// A certificate the minidriver knows: `mscp/kxcNN` or `mscp/kscNN`.
    pub(super) fn is_certificate(&self) -> bool {
        self.directory == "mscp" && (self.name.starts_with("kxc") || self.name.starts_with("ksc"))
    }

    /// The container number in `kxcNN` / `kscNN`.
    pub(super) fn container(&self) -> Option<usize> {
        self.name.get(3..5).and_then(|n| n.parse().ok())
    }
}

/// One container of `mscp/cmapfile`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Container {
    pub index: usize,
    pub guid: String,
    /// The middleware's default container (flag `02`).
    pub default: bool,
    pub signature_key_bits: u16,
    pub key_exchange_key_bits: u16,
}

/// What an IDPrime read found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IdprimeCard {
    pub index: Vec<IndexEntry>,
    pub containers: Vec<Container>,
    /// The card ID (`cardid`), hex: what the middleware shows as serial.
    pub card_id: Option<String>,
    #[serde(skip)]
    pub certificates: Vec<CardCertificate>,
    /// Every file read, by identifier under the applet, as the card holds
    /// it (certificates still compressed): for `dump`.
    #[serde(skip)]
    pub files: Vec<([u8; 2], Vec<u8>)>,
    /// The applet's PINs, when asked for: `11`, and `83` when the key
    /// references name a second PIN.
    #[serde(skip)]
    pub pins: Vec<DeclaredPin>,
}

impl IdprimeCard {
    /// Token info as far as this layout has it: the card ID as serial.
    pub fn token(&self) -> Option<TokenInfo> {
        self.card_id.as_ref().map(|id| TokenInfo {
            serial: Some(id.clone()),
            manufacturer: None,
            label: None,
        })
    }
}
