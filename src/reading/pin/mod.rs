//! PIN state without spending a try: is the card locked?
//!
//! Two ways to know, and nothing else:
//!
//! - **Through the middleware** ([`token`]): the PKCS#11 module's token
//!   flags (`C_GetTokenInfo`: `CKF_USER_PIN_COUNT_LOW`, `_FINAL_TRY`,
//!   `_LOCKED`, and the same for the SO PIN, the PUK). No command of ours
//!   reaches the card; no login, no PIN.
//! - **From the card** ([`query`]): the ISO 7816-4 VERIFY without a data
//!   field, which asks how many tries are left. Some card types wrongly
//!   count it as a wrong PIN, so it is sent only where the card type is
//!   known to answer it without counting ([`platform`]: the IDPrime applet
//!   on a card of the IDPrime ATR family, the card types OpenSC asks), only
//!   for references the card itself declared, at most once per PIN per
//!   read, and never when the user turned it off (`--no-pin-status`).
//!   Everywhere else the PIN is listed as not checked, with the reason.
//!
//! What a PIN's state is, and its words for people, are in [`status`].

pub mod platform;
pub mod query;
pub mod status;
pub mod token;

pub use platform::answers_pin_query;
pub use query::card_pins;
pub use status::{merge, PinReason, PinSource, PinState, PinStatus};
pub use token::{token_pins, TokenFlags};

#[cfg(test)]
mod tests;
