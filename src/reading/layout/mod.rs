//! How certificates (and the PINs that guard their keys) are found on a
//! card: PKCS#15, and the IDPrime (minidriver) file system.

pub mod idprime;
pub mod pins;
pub mod pkcs15;
pub mod tlv;
