//! What a read of a card gives, whatever the source: the certificates
//! found and how they were reached. Its own room so that every way of
//! reading (PC/SC, an image, the PKCS#11 module) can return it without
//! importing the others.

use serde::Serialize;

use crate::reading::layout::idprime::IdprimeCard;
use crate::reading::layout::pkcs15::Pkcs15Card;
use crate::reading::pin::PinStatus;

/// How the certificates reached us.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Pcsc,
    Image,
    Pkcs11,
}

/// A card, read.
#[derive(Clone, Debug, Serialize)]
pub struct CardRead {
    pub source: SourceKind,
    /// The reader's name, or the image's path.
    pub reader: String,
    #[serde(serialize_with = "hex_upper")]
    pub atr: Vec<u8>,
    /// Which layouts held the certificates: `pkcs15`, `idprime`,
    /// `pkcs15+idprime`, or `pkcs11` when read through the middleware.
    pub format: &'static str,
    /// Every certificate found, from every layout, each once.
    #[serde(flatten)]
    pub card: Pkcs15Card,
    /// The IDPrime layout, when the card has it (for `dump`).
    #[serde(skip)]
    pub idprime: Option<IdprimeCard>,
    /// The card's PINs and what is known of each (empty unless asked for).
    #[serde(skip)]
    pub pins: Vec<PinStatus>,
    /// Commands sent to the card, GET RESPONSEs included.
    pub apdus: usize,
    /// How long the read took, in milliseconds.
    pub elapsed_ms: u64,
}

fn hex_upper<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode_upper(bytes))
}
