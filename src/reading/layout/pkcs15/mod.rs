//! Certificates in a PKCS#15 (ISO/IEC 7816-15) application: EF.DIR, the
//! application, EF.ODF, the certificate directories and the certificates,
//! plus EF.TokenInfo. Also the other direction, building a card image from
//! certificates, so that test cards and the demo card are made by the same
//! rules the reader follows.
//!
//! This file is the room's public face. What a read gives and the card's
//! fixed names sit in `types`; the ASN.1 of the directory files (ODF, CDF,
//! TokenInfo) is parsed in `parse`, the authentication directory (AODF) in
//! `aodf`; the order the card is read in (the
//! application by AID, EF.DIR or the usual path, then the files) is in
//! `reader`; card images are built in `builder`.

mod aodf;
mod builder;
mod parse;
mod reader;
mod types;

pub use builder::{build_image, image_of, CardSpec, CertSpec, LayoutOptions, PinSpec};
pub use reader::read;
pub use types::{
    CardCertificate, Directory, Located, Pkcs15Card, TokenInfo, Wanted, DEFAULT_APP_PATH,
    MAX_CERTIFICATES, MAX_CERT_BYTES, MAX_DIRECTORY_BYTES, PKCS15_AID,
};

#[cfg(test)]
mod tests;
