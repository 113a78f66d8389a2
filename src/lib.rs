//! sithsctl: read SITHS cards over PC/SC and check their certificates.
//!
//! Data flows one way: [`card`] (APDUs, PC/SC, simulator) -> [`layout`]
//! (where certificates sit on a card) -> certificate analysis -> SITHS
//! rules and findings -> report model -> the command layer in [`cli`],
//! which alone prints and chooses the exit code.

pub mod card;
pub mod lang;
pub mod layout;
pub mod read;
pub mod report;
pub mod cli;
