//! The services built on reading and understanding a card: the layered
//! troubleshooter ([`doctor`]), the certificate order data ([`order`]),
//! watching readers ([`watch`]), folding many reports ([`fleet`]), asking
//! the network whether certificates are revoked ([`revocation`], and for a
//! whole card with what the answers mean, [`card_revocation`]) and the
//! user's settings ([`config`]). They may use every room below them, never
//! [`crate::report`] or [`crate::cli`].

pub mod card_revocation;
pub mod config;
pub mod doctor;
pub mod fleet;
pub mod order;
pub mod revocation;
pub mod watch;
