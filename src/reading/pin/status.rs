//! What is known about one PIN: its name and role from the card, where
//! the knowledge came from (the card, the middleware), its state and, when
//! known, the tries left; or why it was not checked. The words for people,
//! in Swedish and English, live here too, so `inspect`, `doctor` and the
//! ticket say the same.

use serde::Serialize;

use crate::base::lang::Lang;
use crate::reading::layout::pins::{PinApplication, PinName, PinRole};

/// Where a PIN's state came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PinSource {
    /// The card answered the status query, or was not asked (`state`
    /// says which).
    Card,
    /// The middleware's token flags (PKCS#11).
    Pkcs11,
}

/// A PIN's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PinState {
    /// Usable: tries left (two or more when the card said how many), or
    /// the middleware reports nothing wrong.
    Ok,
    /// Verified in this card session (the card answered `90 00`): someone
    /// is logged in; the count is not given.
    Verified,
    /// The middleware reports wrong entries since the last right one.
    CountLow,
    /// One try left: one more wrong PIN blocks it.
    LastTry,
    /// Blocked: no tries left.
    Blocked,
    /// Not asked (`reason` says why).
    NotChecked,
    /// Asked, but the answer says nothing about the tries (`reason`).
    Unknown,
}

/// Why a PIN's state is not known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PinReason {
    /// Turned off: `--no-pin-status` or `pin_status = false`.
    Disabled,
    /// The card type is not known to answer the query without counting
    /// it as a wrong PIN, so it is not asked.
    CardType,
    /// On this card only the IDPrime applet's PINs are asked; this one
    /// belongs to another application.
    OtherApplication,
    /// The card gives no reference for it that a query could name.
    NoReference,
    /// The reader did not say whether it speaks T=0 or T=1.
    ProtocolUnknown,
    /// The card has no PIN of that reference (`6A88`).
    NotFound,
    /// The card says the PIN cannot be used (`6984`).
    NotUsable,
    /// The card gave no answer that tells the tries.
    NoAnswer,
}

/// One PIN and what is known about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PinStatus {
    /// The card's (or the middleware token's) name for it.
    pub label: Option<String>,
    pub role: PinRole,
    /// The card's reference for it, hex; null through the middleware.
    pub reference: Option<String>,
    /// Which layout declared it; null through the middleware.
    pub application: Option<PinApplication>,
    pub source: PinSource,
    pub state: PinState,
    /// Tries left, when known.
    pub tries_left: Option<u8>,
    /// For `not_checked` and `unknown`: why.
    pub reason: Option<PinReason>,
}

impl PinStatus {
    /// Whether its state is known (asked and answered, or reported by the
    /// middleware).
    pub fn is_known(&self) -> bool {
        !matches!(self.state, PinState::NotChecked | PinState::Unknown)
    }

    pub fn is_blocked(&self) -> bool {
        self.state == PinState::Blocked
    }

    /// The PIN's name: the card's label with what it is for
    /// (`"Legitimering" (identification PIN)`), or what it is for ("The
    /// identification PIN") when the card gives no label.
    pub fn name(&self, lang: Lang) -> String {
        self.pin_name().describe(lang)
    }

    pub fn pin_name(&self) -> PinName {
        PinName {
            label: self.label.clone(),
            role: self.role,
        }
    }

    /// The state in words: "3 tries left", "blocked", "not checked on this
    /// card type; ask through the middleware (--pkcs11)".
    pub fn describe(&self, lang: Lang) -> String {
        let base = match (self.state, self.tries_left) {
            (PinState::Ok, Some(n)) => format!("{n} {}", lang.pick("försök kvar", "tries left")),
            (PinState::Ok, None) => lang
                .pick(
                    "inloggningsprogrammet rapporterar ingen spärr",
                    "the middleware reports no lock",
                )
                .to_string(),
            (PinState::Verified, _) => lang
                .pick(
                    "verifierad under den här kortsessionen (någon är inloggad)",
                    "verified in this card session (someone is logged in)",
                )
                .to_string(),
            (PinState::CountLow, _) => lang
                .pick(
                    "fel kod har angetts sedan den senaste rätta",
                    "a wrong code was entered since the last right one",
                )
                .to_string(),
            (PinState::LastTry, _) => lang
                .pick(
                    "sista försöket: ett fel till spärrar den",
                    "last try: one more wrong entry blocks it",
                )
                .to_string(),
            (PinState::Blocked, _) => lang.pick("spärrad", "blocked").to_string(),
            (PinState::NotChecked, _) => lang.pick("inte kontrollerad", "not checked").to_string(),
            (PinState::Unknown, _) => lang.pick("okänt läge", "state unknown").to_string(),
        };
        match (self.state, self.reason) {
            // The reason says it all: "not checked on this card type; ...".
            (PinState::NotChecked, Some(PinReason::CardType)) => {
                PinReason::CardType.text(lang).to_string()
            }
            (_, Some(r)) => format!("{base}: {}", r.text(lang)),
            (_, None) => base,
        }
    }
}

impl PinReason {
    pub fn text(self, lang: Lang) -> &'static str {
        use PinReason::*;
        match self {
            Disabled => lang.pick(
                "avstängt (--no-pin-status eller pin_status = false)",
                "turned off (--no-pin-status or pin_status = false)",
            ),
            CardType => lang.pick(
                "kontrolleras inte på den här korttypen; fråga via inloggningsprogrammet (--pkcs11)",
                "not checked on this card type; ask through the middleware (--pkcs11)",
            ),
            OtherApplication => lang.pick(
                "på det här kortet frågas bara IDPrime-appletens PIN-koder; fråga via inloggningsprogrammet (--pkcs11)",
                "on this card only the IDPrime applet's PINs are asked; ask through the middleware (--pkcs11)",
            ),
            NoReference => lang.pick(
                "kortet anger ingen referens för den",
                "the card gives no reference for it",
            ),
            ProtocolUnknown => lang.pick(
                "läsaren uppger inte protokollet (T=0 eller T=1)",
                "the reader does not say its protocol (T=0 or T=1)",
            ),
            NotFound => lang.pick(
                "kortet känner inte till den (6A 88)",
                "the card does not know it (6A 88)",
            ),
            NotUsable => lang.pick(
                "kortet säger att den inte kan användas (69 84)",
                "the card says it cannot be used (69 84)",
            ),
            NoAnswer => lang.pick(
                "kortets svar säger inget om försöken",
                "the card's answer says nothing about the tries",
            ),
        }
    }
}

/// What the card said and what the middleware reports, as one list.
///
/// A PIN the card was not asked about gives way to the middleware's
/// report of a PIN with the same role. Once the card itself answered for
/// its PINs, the middleware adds only what the card does not cover: a
/// role the card's list lacks (the PUK on an IDPrime card); a token whose
/// label names no role could be any of the card's PINs and is left out.
/// Without an answer from the card every middleware PIN is listed.
pub fn merge(direct: Vec<PinStatus>, middleware: Vec<PinStatus>) -> Vec<PinStatus> {
    let same = |a: &PinStatus, b: &PinStatus| a.role == b.role && a.role != PinRole::Unknown;
    let card_answered = direct.iter().any(PinStatus::is_known);
    let mut out: Vec<PinStatus> = Vec::new();
    for d in &direct {
        if d.is_known() || !middleware.iter().any(|m| same(m, d)) {
            out.push(d.clone());
        }
    }
    for m in middleware {
        let covered = out
            .iter()
            .any(|o| o.source == PinSource::Card && o.is_known() && same(o, &m));
        if covered || (card_answered && m.role == PinRole::Unknown) {
            continue;
        }
        out.push(m);
    }
    out
}
