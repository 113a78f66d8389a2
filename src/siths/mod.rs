//! Knowledge of the SITHS field: HSA-IDs, personal numbers, card numbers,
//! the known issuers, the organisations, and the bundled public CA
//! certificates. Nothing here talks to a card or prints.

pub mod ca;
pub mod card_number;
pub mod hsa;
pub mod issuers;
pub mod luhn;
pub mod orgs;
pub mod personnummer;
