//! sithsctl: read SITHS cards over PC/SC and check their certificates.
//!
//! Data flows one way, and each folder may use only the ones before it:
//! [`base`] (language, capped input, the documents' names and times) -> [`reading`] (talking to a card,
//! where its certificates sit, the read itself, PKCS#11) ->
//! [`understanding`] (one certificate, SITHS knowledge, the card as a
//! whole, rules, findings) -> [`services`] (doctor, order data, watch,
//! fleet, settings) -> [`report`] (the JSON model of every document) -> the
//! command layer in [`cli`], which alone prints and chooses the exit code.
//! `docs/architecture.md` says where new work of each kind goes.

// No `unwrap` or `expect` on what came from a card, a file or the user:
// the library returns errors; tests may unwrap.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod base;
pub mod cli;
pub mod reading;
pub mod report;
pub mod services;
pub mod understanding;
