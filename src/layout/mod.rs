//! How certificates are found on a card. Today: PKCS#15.

pub mod pkcs15;
pub mod tlv;
