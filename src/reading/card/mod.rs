//! Talking to a card: APDUs, the read-only gate, PC/SC, the simulator
//! (with its PIN counters) and card images. Nothing here knows what a certificate is.

pub mod apdu;
pub mod error;
pub mod image;
pub mod pcsc;
pub mod sim;
pub mod sim_pins;
pub mod status;
pub mod transport;
pub mod vpcd;

pub use error::{CardError, ErrorKind};

/// Serialises optional bytes as upper-case hex, the way people read ATRs.
pub(crate) fn ser_hex_opt<S: serde::Serializer>(
    value: &Option<Vec<u8>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(bytes) => s.serialize_str(&hex::encode_upper(bytes)),
        None => s.serialize_none(),
    }
}
