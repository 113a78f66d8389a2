//! sithsctl: read SITHS cards over PC/SC and check their certificates.
//!
//! Data flows one way: [`card`] (APDUs, PC/SC, simulator) -> [`layout`]
//! (where certificates sit on a card) -> [`read`] (which card, within what
//! time) -> [`cert`] (one certificate, understood) -> [`siths`] (issuers,
//! organisations, personal numbers) -> [`report`] (the JSON model) -> the
//! command layer in [`cli`], which alone prints and chooses the exit code.

// No `unwrap` or `expect` on what came from a card, a file or the user:
// the library returns errors; tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod analysis;
pub mod card;
pub mod cert;
pub mod cli;
pub mod config;
pub mod doctor;
pub mod findings;
pub mod fleet;
pub mod input;
pub mod inventory;
pub mod lang;
pub mod layout;
pub mod order;
pub mod pkcs11;
pub mod read;
pub mod report;
pub mod revocation;
pub mod rules;
pub mod siths;
pub mod watch;
