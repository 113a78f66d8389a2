//! The SITHS rules: from a card's analysed certificates and what the user
//! told us (printed card date, organisation, HSA-ID), the findings and a
//! verdict. Pure functions: no I/O, no clock (the time comes in).
//!
//! This file is the room's public face. What the rules take and give
//! ([`Options`], [`Policy`], [`Evaluation`], ...) sits in `types`; the
//! view of one end-entity certificate the rules work on, and the choices
//! among several (the card's own number, the identification to go by), in
//! `end_entity`; the rules themselves, in order, in `evaluate`; the rules
//! about PINs, which the callers apply once the card's PINs are known, in
//! `pin` (with [`apply_findings`], which the services use for findings of
//! their own, such as revocation).

mod certificates;
mod end_entity;
mod evaluate;
mod login;
mod pin;
mod presence;
mod types;

pub use end_entity::cert_ref;
pub use evaluate::evaluate;
pub use pin::{apply_findings, apply_pins, pin_findings};
pub use types::{
    CardGroup, Evaluation, ExpirySource, Login, LoginState, Options, Policy, PolicyOutcome,
};

#[cfg(test)]
mod tests;
