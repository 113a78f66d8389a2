//! Understanding what was read: one certificate ([`cert`]), the SITHS
//! field's knowledge ([`siths`]: issuers, organisations, personal numbers),
//! the card as a whole ([`analysis`]), the printed card dates
//! ([`inventory`]), the policy questions ([`rules`]) and the catalogue of
//! findings ([`findings`]). It may use [`crate::reading`] and
//! [`crate::base`]; it never talks to a card or the network.

pub mod analysis;
pub mod cert;
pub mod findings;
pub mod inventory;
pub mod rules;
pub mod siths;
