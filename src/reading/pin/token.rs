//! The PINs as the middleware reports them: the token flags of
//! `C_GetTokenInfo`, which the module fills in without a login and
//! without a PIN. One token per PIN is how the SITHS middleware shows a
//! card (Net iD: `SITHS e-id kort (Legitimering)`, `... (Underskrift)`):
//! each token with a login is a user PIN, named by its label, and the SO
//! PIN flags tell the PUK. The flags come through [`TokenFlags`], so what
//! they mean is tested without a module.

use crate::reading::layout::pins::PinRole;

use super::status::{PinSource, PinState, PinStatus};

/// The token flags `C_GetTokenInfo` gives, as sithsctl reads them.
pub trait TokenFlags {
    /// The token's label (blank-padded in PKCS#11; trimmed here).
    fn token_label(&self) -> String;
    /// `CKF_LOGIN_REQUIRED`: the token has a user PIN.
    fn login_required(&self) -> bool;
    /// `CKF_USER_PIN_COUNT_LOW`, `CKF_USER_PIN_FINAL_TRY`, `CKF_USER_PIN_LOCKED`.
    fn user_pin_count_low(&self) -> bool;
    fn user_pin_final_try(&self) -> bool;
    fn user_pin_locked(&self) -> bool;
    /// `CKF_SO_PIN_COUNT_LOW`, `CKF_SO_PIN_FINAL_TRY`, `CKF_SO_PIN_LOCKED`:
    /// the PUK.
    fn so_pin_count_low(&self) -> bool;
    fn so_pin_final_try(&self) -> bool;
    fn so_pin_locked(&self) -> bool;
}

/// The state the flags give, worst first: locked, final try, count low.
fn state(locked: bool, final_try: bool, count_low: bool) -> (PinState, Option<u8>) {
    if locked {
        (PinState::Blocked, Some(0))
    } else if final_try {
        (PinState::LastTry, Some(1))
    } else if count_low {
        (PinState::CountLow, None)
    } else {
        (PinState::Ok, None)
    }
}

fn from_flags(
    label: Option<String>,
    role: PinRole,
    (state, tries): (PinState, Option<u8>),
) -> PinStatus {
    PinStatus {
        label,
        role,
        reference: None,
        application: None,
        source: PinSource::Pkcs11,
        state,
        tries_left: tries,
        reason: None,
    }
}

/// The PINs of a card's tokens: one per token that needs a login, with its
/// label's role, and the PUK once when any token's SO flags report
/// something (the worst of them). Without SO flags nothing is said about
/// the PUK: a module that does not report them looks the same.
pub fn token_pins(tokens: &[&dyn TokenFlags]) -> Vec<PinStatus> {
    let mut out = Vec::new();
    let mut puk: Option<(PinState, Option<u8>)> = None;
    for token in tokens {
        if token.login_required() {
            let label = token.token_label();
            let label = label.trim().trim_end_matches('\0').trim();
            let label = (!label.is_empty()).then(|| label.to_string());
            let role = label
                .as_deref()
                .map(PinRole::from_label)
                .filter(|r| *r != PinRole::Puk)
                .unwrap_or(PinRole::Unknown);
            let s = state(
                token.user_pin_locked(),
                token.user_pin_final_try(),
                token.user_pin_count_low(),
            );
            out.push(from_flags(label, role, s));
        }
        let so = state(
            token.so_pin_locked(),
            token.so_pin_final_try(),
            token.so_pin_count_low(),
        );
        if so.0 != PinState::Ok && puk.is_none_or(|p| so.0 > p.0) {
            puk = Some(so);
        }
    }
    if let Some(p) = puk {
        out.push(from_flags(None, PinRole::Puk, p));
    }
    out
}
