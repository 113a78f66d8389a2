//! One certificate, understood: who it names, who issued it, what it is for
//! (identification or signature), its HSA-ID or personal number, the card
//! number that ties it to a physical card, and how long it is valid.
//!
//! Everything here works on DER bytes alone, so the same code serves
//! certificates read from a card, from a file, or from the middleware.
//!
//! The room is split by concern, and this file is its public face: what
//! a certificate is ([`Certificate`], its role and validity), how one is
//! read from DER (`parse`), the names in it (`name`), what its key usage
//! and other extensions say (`extensions`), whether its issuer signed it
//! (`chain`: [`CaSet`], [`ChainCheck`]) and how its bytes are written and
//! named (`encoding`: PEM, SHA-256).

mod certificate;
mod chain;
mod encoding;
mod extensions;
mod name;
mod parse;

pub use certificate::{CertError, Certificate, Role, Validity};
pub use chain::{
    verify_data_signed_by, Anchor, AnchorRef, CaSet, CaSource, ChainCheck, ChainStep, IssuerRef,
    NotCheckedReason, MAX_CHAIN_DEPTH,
};
pub use encoding::{der_to_pem, pem_to_der, sha256_hex};
pub use name::Name;
pub use parse::analyse;

#[cfg(test)]
mod tests;
