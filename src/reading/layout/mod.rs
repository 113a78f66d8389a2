//! How certificates are found on a card: PKCS#15, and the IDPrime
//! (minidriver) file system.

pub mod idprime;
pub mod pkcs15;
pub mod tlv;
