//! The PINs a card declares: in a PKCS#15 application's authentication
//! directory (AODF), or by the IDPrime applet's layout. What each is for
//! (identification, signature, the PUK), its name when the card gives one,
//! and the reference the card uses for it. Only here are PIN references
//! made ([`DeclaredPinRef`]), so a PIN status query can only ever name a
//! PIN the card itself declared.

use serde::Serialize;

use crate::base::lang::Lang;
use crate::reading::card::apdu::DeclaredPinRef;

/// What a PIN is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PinRole {
    /// The identification PIN (legitimeringskod): login.
    Identification,
    /// The signature PIN (underskriftskod).
    Signature,
    /// One PIN for every key on the card: login and signing.
    IdentificationAndSignature,
    /// The PUK, which unblocks a blocked PIN.
    Puk,
    /// The card does not say.
    Unknown,
}

impl PinRole {
    /// What a PIN's name says it is for: the words SITHS cards and the
    /// middleware use (`Legitimering`, `Underskrift`, `PUK`), Swedish or
    /// English. Middleware token labels (`SITHS e-id kort (Legitimering)`)
    /// read the same way.
    pub fn from_label(label: &str) -> PinRole {
        let l = label.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
        if has(&["puk", "unblock", "upplås"]) {
            PinRole::Puk
        } else if has(&["underskrift", "signatur", "signature", "signing", "nonrep"]) {
            PinRole::Signature
        } else if has(&[
            "legitimering",
            "identif",
            "authentic",
            "auth",
            "login",
            "inlogg",
        ]) {
            PinRole::Identification
        } else {
            PinRole::Unknown
        }
    }

    /// Whether a login with the identification certificate needs this PIN.
    pub fn guards_identification(self) -> bool {
        matches!(
            self,
            PinRole::Identification | PinRole::IdentificationAndSignature
        )
    }

    /// Whether signing with the signature certificate needs this PIN.
    pub fn guards_signature(self) -> bool {
        matches!(
            self,
            PinRole::Signature | PinRole::IdentificationAndSignature
        )
    }

    /// What the PIN is, in the field's words: "identification PIN",
    /// "legitimeringskod".
    pub fn noun(self, lang: Lang) -> &'static str {
        match self {
            PinRole::Identification => lang.pick("legitimeringskod", "identification PIN"),
            PinRole::Signature => lang.pick("underskriftskod", "signature PIN"),
            PinRole::IdentificationAndSignature => lang.pick(
                "PIN-kod för legitimering och underskrift",
                "PIN for identification and signature",
            ),
            PinRole::Puk => lang.pick("PUK-kod", "PUK"),
            PinRole::Unknown => lang.pick("PIN-kod", "PIN"),
        }
    }

    /// The PIN as the subject of a sentence: "The identification PIN",
    /// "Legitimeringskoden".
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            PinRole::Identification => lang.pick("Legitimeringskoden", "The identification PIN"),
            PinRole::Signature => lang.pick("Underskriftskoden", "The signature PIN"),
            PinRole::IdentificationAndSignature => lang.pick(
                "PIN-koden för legitimering och underskrift",
                "The PIN for identification and signature",
            ),
            PinRole::Puk => lang.pick("PUK-koden", "The PUK"),
            PinRole::Unknown => lang.pick("PIN-koden", "The PIN"),
        }
    }
}

/// A PIN's name: the card's label (when it gives one) and what it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinName {
    pub label: Option<String>,
    pub role: PinRole,
}

impl PinName {
    /// `"Legitimering" (identification PIN)`, or "The identification PIN"
    /// when the card gives no name: the subject of a sentence either way.
    pub fn describe(&self, lang: Lang) -> String {
        match &self.label {
            Some(l) if self.role == PinRole::Unknown => {
                format!("{} \"{l}\"", self.role.name(lang))
            }
            Some(l) if says(l, self.role.noun(lang)) => format!("\"{l}\""),
            Some(l) => format!("\"{l}\" ({})", self.role.noun(lang)),
            None => self.role.name(lang).to_string(),
        }
    }
}

/// Whether a label already says what the PIN is ("PUK" for the PUK).
fn says(label: &str, noun: &str) -> bool {
    let (l, n) = (label.to_lowercase(), noun.to_lowercase());
    n.contains(&l) || l.contains(&n)
}

/// Which of the card's layouts declared a PIN.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PinApplication {
    /// A PIN object of the PKCS#15 application's AODF.
    Pkcs15,
    /// A PIN of the IDPrime applet.
    Idprime,
}

/// One PIN as the card declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredPin {
    /// The reference the card gives it; `None` when it gives none VERIFY
    /// could name (such a PIN is listed, never asked about).
    pub reference: Option<DeclaredPinRef>,
    /// The card's name for it, when it has one.
    pub label: Option<String>,
    pub role: PinRole,
    pub application: PinApplication,
}

/// Most PIN objects one card may declare: SITHS cards have three.
pub const MAX_PINS: usize = 16;

/// The IDPrime applet's PIN (OpenSC's IDPrime driver: reference `11`,
/// "PIN"), used by every key whose key reference names PIN index 1.
pub const IDPRIME_PIN: u8 = 0x11;
/// The IDPrime 940's "Digital Signature PIN" (reference `83`), used by
/// the keys whose key reference names another PIN index.
pub const IDPRIME_SIGNATURE_PIN: u8 = 0x83;

impl DeclaredPin {
    /// A PIN object of a PKCS#15 AODF: its `pinReference` as stored (a
    /// one-byte value the card wrote as a negative INTEGER is the same
    /// byte), its flags (`unblockingPin` or `soPin`: the PUK) and label.
    pub(super) fn pkcs15(reference: Option<u8>, label: Option<String>, puk: bool) -> DeclaredPin {
        let role = if puk {
            PinRole::Puk
        } else {
            label
                .as_deref()
                .map(PinRole::from_label)
                .unwrap_or(PinRole::Unknown)
        };
        DeclaredPin {
            reference: reference.and_then(DeclaredPinRef::declared_by_card),
            label,
            role,
            application: PinApplication::Pkcs15,
        }
    }

    /// The IDPrime applet's PINs, from the PIN indexes its key-reference
    /// file names (`None`: the card has no such file). PIN `11` always;
    /// the signature PIN `83` too when a key names another index. With
    /// one PIN it guards every key; with two, `11` is the identification
    /// PIN and `83` the signature PIN.
    pub(super) fn idprime(pin_indexes: Option<&[u8]>) -> Vec<DeclaredPin> {
        let two = pin_indexes.is_some_and(|ix| ix.iter().any(|i| *i != 0 && *i != 1));
        let pin = |value, role| DeclaredPin {
            reference: DeclaredPinRef::declared_by_card(value),
            label: None,
            role,
            application: PinApplication::Idprime,
        };
        if two {
            vec![
                pin(IDPRIME_PIN, PinRole::Identification),
                pin(IDPRIME_SIGNATURE_PIN, PinRole::Signature),
            ]
        } else {
            vec![pin(IDPRIME_PIN, PinRole::IdentificationAndSignature)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_the_names_cards_and_middleware_use() {
        for (label, role) in [
            ("Legitimering", PinRole::Identification),
            ("SITHS e-id kort (Legitimering)", PinRole::Identification),
            ("Underskrift", PinRole::Signature),
            ("Digital Signature PIN", PinRole::Signature),
            ("PUK", PinRole::Puk),
            ("SITHS eID (PUK)", PinRole::Puk),
            ("PIN1", PinRole::Unknown),
            ("SITHS eID", PinRole::Unknown),
        ] {
            assert_eq!(PinRole::from_label(label), role, "{label}");
        }
        assert!(PinRole::IdentificationAndSignature.guards_identification());
        assert!(PinRole::IdentificationAndSignature.guards_signature());
        assert!(!PinRole::Puk.guards_identification());
        assert!(!PinRole::Signature.guards_identification());
    }

    #[test]
    fn idprime_pins_follow_the_key_references() {
        let one = DeclaredPin::idprime(None);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].role, PinRole::IdentificationAndSignature);
        assert_eq!(one[0].reference.map(|r| r.value()), Some(0x11));
        let two = DeclaredPin::idprime(Some(&[1, 2, 1, 2]));
        assert_eq!(
            two.iter()
                .map(|p| (p.reference.map(|r| r.value()), p.role))
                .collect::<Vec<_>>(),
            vec![
                (Some(0x11), PinRole::Identification),
                (Some(0x83), PinRole::Signature)
            ]
        );
        assert_eq!(DeclaredPin::idprime(Some(&[1, 1, 0])).len(), 1);
    }

    #[test]
    fn a_pkcs15_reference_verify_cannot_name_is_no_reference() {
        assert!(DeclaredPin::pkcs15(Some(0), None, false)
            .reference
            .is_none());
        assert!(DeclaredPin::pkcs15(Some(0x40), None, false)
            .reference
            .is_none());
        assert_eq!(
            DeclaredPin::pkcs15(Some(0x81), Some("x".into()), true).role,
            PinRole::Puk
        );
    }
}
