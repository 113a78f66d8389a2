//! Certificates in the IDPrime (Windows smart-card minidriver) file system,
//! as Thales/Gemalto IDPrime cards keep them: an applet with an index file
//! that names every file, certificate files that are usually
//! zlib-compressed, and a container map. Also the other direction, adding
//! this layout to a card image, so test cards are built by the same rules.
//!
//! The access pattern follows what is known to work on real cards (the
//! one OpenSC's IDPrime driver uses): SELECT the applet by AID, then each
//! file by its two-byte identifier under the applet, with the file's
//! control parameters so its size is known, then READ BINARY exactly that
//! many bytes (these cards are strict about lengths).
//!
//! This file is the room's public face. The applet's names, limits and
//! what a read gives sit in `types`; the contents of the index, the
//! container map and certificate files are parsed in `parse`; the
//! commands sent to the card are in `reader`; card images are built in
//! `builder`.

mod builder;
mod parse;
mod reader;
mod types;

pub use builder::{
    add_read_to_image, add_to_image, build_both, build_image, encode_certificate, IdprimeOptions,
    IDPRIME_940_ATR, IMAGE_APPLET_PATH,
};
pub use parse::{decode_certificate, parse_cmapfile, parse_index, parse_keyrefs};
pub use reader::read;
pub use types::{
    Container, IdprimeCard, IndexEntry, CONTAINER_LEN, ENTRY_LEN, IDPRIME_AID, INDEX_FID,
    KEYREF_FID, KEYREF_LEN, MAX_CERT_FILE_BYTES, MAX_CMAP_BYTES, MAX_INDEX_BYTES, MAX_KEYREF_BYTES,
};

#[cfg(test)]
mod tests;
