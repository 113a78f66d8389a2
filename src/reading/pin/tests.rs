//! The PIN room on simulated cards built by the image builders: an IDPrime
//! card is asked once per PIN and keeps its tries, a PKCS#15 card that
//! would count the query is never asked, the middleware's flags read as
//! they should; and, whatever a card answers, no VERIFY with data ever
//! leaves the process.

use std::time::Duration;

use super::*;
use crate::reading::card::apdu::{CheckedApdu, Protocol};
use crate::reading::card::image::{Behaviour, CardImage};
use crate::reading::card::sim::{SimCard, SimTransport};
use crate::reading::card::transport::Transport;
use crate::reading::card::CardError;
use crate::reading::card_read::{CardRead, SourceKind};
use crate::reading::layout::idprime::{self, IdprimeOptions, IDPRIME_940_ATR};
use crate::reading::layout::pins::{PinApplication, PinRole};
use crate::reading::layout::pkcs15::{
    build_image, CardSpec, CertSpec, Directory, LayoutOptions, Wanted,
};
use crate::reading::layout::tlv;
use crate::reading::read::read_with;

const ASK: Wanted = Wanted::EVERYTHING.asking_pin_status(true);

fn spec(atr: &[u8]) -> CardSpec {
    let cert = |label: &str, fill| CertSpec {
        label: label.into(),
        der: tlv::encode(0x30, &vec![fill; 400]),
        authority: false,
        directory: Directory::Certificates,
    };
    CardSpec {
        description: "pin test".into(),
        atr: atr.to_vec(),
        token_serial: "1".into(),
        token_label: "SITHS eID".into(),
        manufacturer: "t".into(),
        certificates: vec![cert("Legitimering", 1), cert("Underskrift", 2)],
        layout: LayoutOptions::default(),
        behaviour: Behaviour::default(),
    }
}

fn idprime_card(tries: &[(u8, u8)], t0: bool) -> CardImage {
    let mut s = spec(&IDPRIME_940_ATR);
    s.behaviour.t0 = t0;
    let mut image = idprime::build_image(
        &s,
        &IdprimeOptions {
            signature_pin: true,
            ..Default::default()
        },
    );
    for (reference, left) in tries {
        image.add_pin(*reference, *left, 3, "");
    }
    image
}

fn read_sim(image: &CardImage, wanted: Wanted) -> (CardRead, SimCard) {
    let mut t = SimTransport {
        card: SimCard::new(image.decode().unwrap()),
    };
    let read = read_with(
        &mut t,
        "sim",
        SourceKind::Image,
        Duration::from_secs(5),
        wanted,
    )
    .unwrap();
    (read, t.card)
}

fn state(read: &CardRead, role: PinRole) -> (PinState, Option<u8>) {
    let p = read
        .pins
        .iter()
        .find(|p| p.role == role)
        .unwrap_or_else(|| panic!("no {role:?} PIN in {:?}", read.pins));
    (p.state, p.tries_left)
}

#[test]
fn an_idprime_card_is_asked_once_per_pin_and_keeps_its_tries() {
    for t0 in [false, true] {
        let image = idprime_card(&[(0x11, 0), (0x83, 1)], t0);
        let (read, card) = read_sim(&image, ASK);
        assert_eq!(
            state(&read, PinRole::Identification),
            (PinState::Blocked, Some(0))
        );
        assert_eq!(
            state(&read, PinRole::Signature),
            (PinState::LastTry, Some(1))
        );
        assert!(read.pins.iter().all(|p| p.source == PinSource::Card));
        let seen = card.verifies();
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert!(seen.iter().all(|v| v.data_len == 0 && !v.counted));
        let refs: Vec<u8> = seen.iter().map(|v| v.reference).collect();
        assert_eq!(refs, vec![0x11, 0x83]);
        assert_eq!(card.pins()[&0x11].tries_left, 0);
        assert_eq!(card.pins()[&0x83].tries_left, 1);
    }
}

#[test]
fn tries_left_and_a_session_already_verified() {
    let mut image = idprime_card(&[(0x11, 2)], false);
    for p in &mut image.pins {
        if p.reference == "83" {
            p.verified = true;
        }
    }
    let (read, _) = read_sim(&image, ASK);
    assert_eq!(
        state(&read, PinRole::Identification),
        (PinState::Ok, Some(2))
    );
    assert_eq!(state(&read, PinRole::Signature), (PinState::Verified, None));
    assert_eq!(
        read.pins[0].describe(crate::base::lang::Lang::En),
        "2 tries left"
    );
}

#[test]
fn a_pkcs15_card_that_would_count_the_query_is_never_asked() {
    let mut s = spec(&[0x3B, 0x80, 0x80, 0x01, 0x01]);
    s.behaviour.counts_empty_verify = true;
    let image = build_image(&s);
    let (read, card) = read_sim(&image, ASK);
    assert!(card.verifies().is_empty(), "{:?}", card.verifies());
    assert_eq!(read.pins.len(), 3, "{:?}", read.pins);
    for p in &read.pins {
        assert_eq!(p.state, PinState::NotChecked);
        assert_eq!(p.reason, Some(PinReason::CardType));
        assert_eq!(p.application, Some(PinApplication::Pkcs15));
    }
    let roles: Vec<PinRole> = read.pins.iter().map(|p| p.role).collect();
    assert_eq!(
        roles,
        vec![PinRole::Identification, PinRole::Signature, PinRole::Puk]
    );
    assert_eq!(read.pins[0].label.as_deref(), Some("Legitimering"));
    assert!(card.pins().values().all(|p| p.tries_left == p.max_tries));
    // Even an IDPrime ATR is not enough without the IDPrime applet.
    let mut s = s.clone();
    s.atr = IDPRIME_940_ATR.to_vec();
    let (read, card) = read_sim(&build_image(&s), ASK);
    assert!(card.verifies().is_empty());
    assert!(read
        .pins
        .iter()
        .all(|p| p.reason == Some(PinReason::CardType)));
}

#[test]
fn an_idprime_applet_behind_another_atr_is_not_asked() {
    let mut image = idprime_card(&[], false);
    image.atr = "3B8D0180318065B0A31100C883009000D8".into();
    let (read, card) = read_sim(&image, ASK);
    assert!(card.verifies().is_empty());
    assert!(read
        .pins
        .iter()
        .all(|p| p.reason == Some(PinReason::CardType)));
}

#[test]
fn turned_off_nothing_is_asked_and_the_pins_are_still_named() {
    let image = idprime_card(&[(0x11, 0)], false);
    let (read, card) = read_sim(&image, Wanted::EVERYTHING.asking_pin_status(false));
    assert!(card.verifies().is_empty());
    assert_eq!(read.pins.len(), 2);
    assert!(read
        .pins
        .iter()
        .all(|p| p.reason == Some(PinReason::Disabled)));
    // A plain certificate listing reads no PIN declarations at all.
    let (read, card) = read_sim(&image, Wanted::CERTIFICATES);
    assert!(read.pins.is_empty());
    assert!(card.verifies().is_empty());
}

#[test]
fn a_card_with_both_layouts_is_asked_only_in_the_idprime_applet() {
    let s = spec(&IDPRIME_940_ATR);
    let image = idprime::build_both(&s, &IdprimeOptions::default());
    let (read, card) = read_sim(&image, ASK);
    let refs: Vec<u8> = card.verifies().iter().map(|v| v.reference).collect();
    assert_eq!(refs, vec![0x11]);
    for p in &read.pins {
        match p.application {
            Some(PinApplication::Pkcs15) => {
                assert_eq!(p.reason, Some(PinReason::OtherApplication), "{p:?}")
            }
            _ => assert_eq!(p.state, PinState::Ok, "{p:?}"),
        }
    }
    assert_eq!(
        state(&read, PinRole::IdentificationAndSignature),
        (PinState::Ok, Some(3))
    );
}

#[test]
fn answers_are_read_as_iso_7816_4_gives_them() {
    use super::query::read_answer;
    assert_eq!(read_answer(0x63C3, &[]), (PinState::Ok, Some(3), None));
    assert_eq!(read_answer(0x63C1, &[]), (PinState::LastTry, Some(1), None));
    assert_eq!(read_answer(0x63C0, &[]), (PinState::Blocked, Some(0), None));
    assert_eq!(read_answer(0x6983, &[]), (PinState::Blocked, Some(0), None));
    assert_eq!(read_answer(0x9000, &[]), (PinState::Verified, None, None));
    assert_eq!(
        read_answer(0x6984, &[]),
        (PinState::Unknown, None, Some(PinReason::NotUsable))
    );
    assert_eq!(
        read_answer(0x6A88, &[]),
        (PinState::Unknown, None, Some(PinReason::NotFound))
    );
    for odd in [0x6300, 0x6700, 0x6D00, 0x6E00, 0x6982] {
        assert_eq!(
            read_answer(odd, &[]).2,
            Some(PinReason::NoAnswer),
            "{odd:04X}"
        );
    }
    assert_eq!(read_answer(0x63C3, &[1]).0, PinState::Unknown);
}

/// Token flags as a test gives them.
#[derive(Default)]
struct Flags {
    label: &'static str,
    login: bool,
    user: [bool; 3],
    so: [bool; 3],
}

impl TokenFlags for Flags {
    fn token_label(&self) -> String {
        format!("{:<32}", self.label)
    }
    fn login_required(&self) -> bool {
        self.login
    }
    fn user_pin_count_low(&self) -> bool {
        self.user[0]
    }
    fn user_pin_final_try(&self) -> bool {
        self.user[1]
    }
    fn user_pin_locked(&self) -> bool {
        self.user[2]
    }
    fn so_pin_count_low(&self) -> bool {
        self.so[0]
    }
    fn so_pin_final_try(&self) -> bool {
        self.so[1]
    }
    fn so_pin_locked(&self) -> bool {
        self.so[2]
    }
}

#[test]
fn token_flags_give_each_pin_and_the_puk() {
    let ident = Flags {
        label: "SITHS e-id kort (Legitimering)",
        login: true,
        user: [true, false, true],
        ..Default::default()
    };
    let sign = Flags {
        label: "SITHS e-id kort (Underskrift)",
        login: true,
        user: [true, true, false],
        so: [true, false, false],
    };
    let other = Flags {
        label: "SITHS e-id kort (Underskrift)",
        so: [false, true, false],
        ..Default::default()
    };
    let pins = token_pins(&[&ident, &sign, &other]);
    let got: Vec<_> = pins
        .iter()
        .map(|p| (p.role, p.state, p.tries_left, p.label.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                PinRole::Identification,
                PinState::Blocked,
                Some(0),
                Some("SITHS e-id kort (Legitimering)".to_string())
            ),
            (
                PinRole::Signature,
                PinState::LastTry,
                Some(1),
                Some("SITHS e-id kort (Underskrift)".to_string())
            ),
            (PinRole::Puk, PinState::LastTry, Some(1), None),
        ]
    );
    assert!(pins
        .iter()
        .all(|p| p.source == PinSource::Pkcs11 && p.reference.is_none()));
    // Nothing reported: the PIN is fine as far as the middleware knows, and
    // nothing is said about the PUK.
    let fine = Flags {
        label: "PIN1",
        login: true,
        ..Default::default()
    };
    let pins = token_pins(&[&fine]);
    assert_eq!(pins.len(), 1);
    assert_eq!(
        (pins[0].role, pins[0].state),
        (PinRole::Unknown, PinState::Ok)
    );
    let low = Flags {
        label: "x (Legitimering)",
        login: true,
        user: [true, false, false],
        ..Default::default()
    };
    assert_eq!(token_pins(&[&low])[0].state, PinState::CountLow);
    assert!(token_pins(&[&Flags::default()]).is_empty());
}

#[test]
fn the_middleware_answers_for_pins_the_card_was_not_asked_about() {
    let image = build_image(&spec(&[0x3B, 0x80, 0x80, 0x01, 0x01]));
    let (direct, _) = read_sim(&image, ASK);
    let blocked = Flags {
        label: "SITHS e-id kort (Legitimering)",
        login: true,
        user: [false, false, true],
        ..Default::default()
    };
    let merged = merge(direct.pins.clone(), token_pins(&[&blocked]));
    let ident: Vec<_> = merged
        .iter()
        .filter(|p| p.role == PinRole::Identification)
        .collect();
    assert_eq!(ident.len(), 1, "{merged:?}");
    assert_eq!(ident[0].source, PinSource::Pkcs11);
    assert!(ident[0].is_blocked());
    // The signature PIN and the PUK stay as the card named them.
    assert_eq!(merged.len(), 3);
    // A PIN the card answered for stands; the middleware's is left out.
    let idp = idprime_card(&[(0x11, 1)], false);
    let (direct, _) = read_sim(&idp, ASK);
    let merged = merge(direct.pins, token_pins(&[&blocked]));
    let ident: Vec<_> = merged
        .iter()
        .filter(|p| p.role == PinRole::Identification)
        .collect();
    assert_eq!(ident.len(), 1);
    assert_eq!(
        (ident[0].source, ident[0].state),
        (PinSource::Card, PinState::LastTry)
    );
    // A token that names no role: left out once the card answered (it
    // could be any of the card's PINs), listed when the card was not asked.
    let nameless = Flags {
        label: "Anna Andersson",
        login: true,
        user: [false, false, true],
        ..Default::default()
    };
    let (answered, _) = read_sim(&idprime_card(&[(0x11, 1)], false), ASK);
    let merged = merge(answered.pins.clone(), token_pins(&[&nameless]));
    assert_eq!(merged, answered.pins);
    let (unasked, _) = read_sim(&image, ASK);
    let merged = merge(unasked.pins.clone(), token_pins(&[&nameless]));
    assert_eq!(merged.len(), unasked.pins.len() + 1);
    assert_eq!(
        merged.last().map(|p| p.name(crate::base::lang::Lang::En)),
        Some("The PIN \"Anna Andersson\"".to_string())
    );
}

mod properties {
    //! Whatever a card answers, the only VERIFY that leaves the process is
    //! the case-1 status query for a reference the IDPrime applet declares,
    //! once per reference, in the form of the transport's protocol.
    use super::*;
    use proptest::prelude::*;

    /// A real IDPrime card whose answers the test overrides, command by
    /// command, with anything at all; every command sent is recorded.
    struct Flaky {
        card: SimTransport,
        overrides: Vec<Option<Vec<u8>>>,
        protocol: Option<Protocol>,
        sent: Vec<Vec<u8>>,
    }

    impl Transport for Flaky {
        fn transmit(&mut self, apdu: &CheckedApdu) -> Result<Vec<u8>, CardError> {
            let n = self.sent.len();
            self.sent.push(apdu.as_bytes().to_vec());
            let real = self.card.transmit(apdu)?;
            match self.overrides.get(n) {
                Some(Some(answer)) => Ok(answer.clone()),
                _ => Ok(real),
            }
        }
        fn atr(&self) -> &[u8] {
            self.card.atr()
        }
        fn protocol(&self) -> Option<Protocol> {
            self.protocol
        }
    }

    fn answer() -> impl Strategy<Value = Vec<u8>> {
        let sw = prop_oneof![
            Just(0x9000u16),
            Just(0x6983),
            any::<u8>().prop_map(|n| 0x63C0 | u16::from(n & 0x0F)),
            any::<u8>().prop_map(|n| 0x6100 | u16::from(n)),
            any::<u8>().prop_map(|n| 0x6C00 | u16::from(n)),
            Just(0x6A82),
            Just(0x6A88),
            any::<u16>(),
        ];
        prop_oneof![
            4 => (prop::collection::vec(any::<u8>(), 0..24), sw).prop_map(|(mut d, sw)| {
                d.extend_from_slice(&sw.to_be_bytes());
                d
            }),
            1 => prop::collection::vec(any::<u8>(), 0..3),
        ]
    }

    proptest! {
        #[test]
        fn no_card_answer_makes_a_verify_with_data(
            overrides in prop::collection::vec(prop::option::weighted(0.3, answer()), 0..40),
            protocol in prop_oneof![Just(None), Just(Some(Protocol::T0)), Just(Some(Protocol::T1))],
            both in any::<bool>(),
            t0 in any::<bool>(),
        ) {
            let mut s = spec(&IDPRIME_940_ATR);
            s.behaviour.t0 = t0;
            let options = IdprimeOptions { signature_pin: true, ..Default::default() };
            let image = if both {
                idprime::build_both(&s, &options)
            } else {
                idprime::build_image(&s, &options)
            };
            let mut t = Flaky {
                card: SimTransport { card: SimCard::new(image.decode().unwrap()) },
                overrides,
                protocol,
                sent: Vec::new(),
            };
            let _ = read_with(&mut t, "prop", SourceKind::Image, Duration::from_secs(5), ASK);
            let verifies: Vec<&Vec<u8>> = t.sent.iter().filter(|c| c.len() >= 2 && c[1] == 0x20).collect();
            let mut refs = Vec::new();
            for v in &verifies {
                let form = match protocol {
                    Some(Protocol::T0) => vec![0x00, 0x20, 0x00, v[3], 0x00],
                    _ => vec![0x00, 0x20, 0x00, v[3]],
                };
                prop_assert_eq!(v.as_slice(), form.as_slice());
                prop_assert!(protocol.is_some(), "a query without a known protocol");
                prop_assert!([0x11, 0x83].contains(&v[3]), "P2 {:02X} was not declared", v[3]);
                prop_assert!(!refs.contains(&v[3]), "PIN {:02X} asked twice", v[3]);
                refs.push(v[3]);
            }
            // The property is not empty: a card answering as it should is
            // asked about both its PINs.
            if t.overrides.iter().all(Option::is_none) && protocol.is_some() {
                prop_assert_eq!(refs.len(), 2);
            }
            // Nothing else that verifies, changes or writes.
            for c in &t.sent {
                prop_assert!([0xA4, 0xB0, 0xB1, 0xB2, 0xB3, 0xC0, 0xCA, 0xCB, 0x20].contains(&c[1]), "{:02X?}", c);
            }
        }
    }
}
