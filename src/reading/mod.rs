//! Reading a card: talking to it ([`card`]: APDUs, the read-only gate,
//! PC/SC, the simulator), finding its certificates ([`layout`]: PKCS#15,
//! IDPrime), the read itself ([`read`]: which card, within what time; what it
//! gives, [`card_read`]), the PINs' state ([`pin`]) and
//! the middleware's view of it ([`pkcs11`]). Nothing here knows what a
//! certificate means; it may use only [`crate::base`].

pub mod card;
pub mod card_read;
pub mod layout;
pub mod leave_out;
pub mod pin;
pub mod pkcs11;
pub mod read;
