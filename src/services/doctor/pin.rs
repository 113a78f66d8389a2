//! Layer 13, after the certificates: the PINs. A blocked PIN is a
//! failure, whatever it is for: the advice says how to unlock it (with the
//! PUK in the SITHS eID app or Net iD, or at the ID administrator; a
//! blocked PUK means a new card). One try left, or a blocked PUK, is a
//! warning. What the card said (where it may be asked) and what the
//! middleware reports are taken together ([`merge`]); with neither, the
//! layer is skipped and says why.

use super::layer::{Layer, LayerId, Status};
use crate::base::lang::Lang;
use crate::reading::card_read::CardRead;
use crate::reading::layout::pins::PinRole;
use crate::reading::pin::{merge, PinState, PinStatus};
use crate::understanding::findings::{Finding, Severity};
use crate::understanding::rules::{pin_findings, Policy};

/// The PIN layer, and the PINs it judged (for the report and the ticket).
pub(super) fn pin_layer(
    read: &CardRead,
    middleware: Vec<PinStatus>,
    lang: Lang,
) -> (Layer, Vec<PinStatus>) {
    let pins = merge(read.pins.clone(), middleware);
    let blocked = |p: &&PinStatus| p.state == PinState::Blocked;
    let status = if pins.iter().filter(blocked).any(|p| p.role != PinRole::Puk) {
        Status::Fail
    } else if pins
        .iter()
        .any(|p| p.state == PinState::LastTry || (p.role == PinRole::Puk && p.is_blocked()))
    {
        Status::Warn
    } else if pins.iter().any(PinStatus::is_known) {
        Status::Ok
    } else {
        Status::Skipped
    };
    let listing = || {
        if pins.is_empty() {
            return lang
                .pick(
                    "Kortet anger inga PIN-koder, och inget inloggningsprogram rapporterade några.",
                    "The card declares no PINs, and no middleware reported any.",
                )
                .to_string();
        }
        // PINs in the same state are named together: "A, B: not checked ...".
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for p in &pins {
            let state = p.describe(lang);
            match groups.iter_mut().find(|(s, _)| *s == state) {
                Some((_, names)) => names.push(p.name(lang)),
                None => groups.push((state, vec![p.name(lang)])),
            }
        }
        groups
            .iter()
            .map(|(state, names)| format!("{}: {state}", names.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let (detail, advice) = match status {
        Status::Fail | Status::Warn => {
            // The findings' own words: what is wrong and what to do.
            let findings: Vec<Finding> = pin_findings(&pins, &Policy::default())
                .into_iter()
                .filter(|f| f.severity() >= Severity::Warn)
                .collect();
            let mut hints: Vec<String> = Vec::new();
            for f in &findings {
                let h = f.hint(lang);
                if !hints.contains(&h) {
                    hints.push(h);
                }
            }
            let messages: Vec<String> = findings.iter().map(|f| f.message(lang)).collect();
            (messages.join(" "), Some(hints.join(" ")))
        }
        _ => (listing(), None),
    };
    let layer = Layer {
        name: LayerId::Pin,
        title: LayerId::Pin.title(lang).to_string(),
        status,
        detail,
        advice: advice.filter(|a| !a.is_empty()),
    };
    (layer, pins)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::reading::card::image::CardImage;
    use crate::reading::card::pcsc::{ReaderInfo, SlotState};
    use crate::reading::card::sim::{SimCard, SimTransport};
    use crate::reading::card::CardError;
    use crate::reading::card_read::SourceKind;
    use crate::reading::layout::idprime::{self, IdprimeOptions, IDPRIME_940_ATR};
    use crate::reading::layout::pkcs15::{
        build_image, CardSpec, CertSpec, Directory, LayoutOptions, Wanted,
    };
    use crate::reading::read::read_with;
    use crate::services::doctor::{diagnose, DoctorOptions, Environment};
    use crate::understanding::cert::CaSet;

    fn der(name: &str) -> Vec<u8> {
        let path = format!("{}/tests/data/pki/{name}.der", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn spec(atr: &[u8]) -> CardSpec {
        let cert = |label: &str, file: &str| CertSpec {
            label: label.into(),
            der: der(file),
            authority: false,
            directory: Directory::Certificates,
        };
        CardSpec {
            description: "t".into(),
            atr: atr.to_vec(),
            token_serial: "1".into(),
            token_label: "t".into(),
            manufacturer: "t".into(),
            certificates: vec![
                cert("Legitimering", "card-a-hsa-ident"),
                cert("Underskrift", "card-a-hsa-sign"),
            ],
            layout: LayoutOptions::default(),
            behaviour: Default::default(),
        }
    }

    fn idprime_card(ident: u8, sign: u8) -> CardImage {
        let mut image = idprime::build_image(
            &spec(&IDPRIME_940_ATR),
            &IdprimeOptions {
                signature_pin: true,
                ..Default::default()
            },
        );
        image.add_pin(0x11, ident, 3, "");
        image.add_pin(0x83, sign, 3, "");
        image
    }

    /// One reader holding `image`, asked about its PINs.
    struct Env(CardImage);

    impl Environment for Env {
        fn is_pcsc(&self) -> bool {
            true
        }
        fn readers(&self) -> Result<Vec<ReaderInfo>, CardError> {
            Ok(vec![ReaderInfo {
                index: 0,
                name: "R".into(),
                state: SlotState::Present,
                atr: Some(IDPRIME_940_ATR.to_vec()),
            }])
        }
        fn read(&self, reader: &str, timeout: Duration) -> Result<CardRead, CardError> {
            let mut t = SimTransport {
                card: SimCard::new(self.0.decode().map_err(CardError::Garbage)?),
            };
            let wanted = Wanted::EVERYTHING.asking_pin_status(true);
            read_with(&mut t, reader, SourceKind::Pcsc, timeout, wanted)
        }
        fn wait_for_card(
            &self,
            _reader: Option<&str>,
            _timeout: Duration,
        ) -> Result<Option<String>, CardError> {
            Ok(None)
        }
    }

    fn options(lang: Lang) -> DoctorOptions {
        DoctorOptions {
            reader: None,
            timeout: Duration::from_secs(5),
            lang,
            org: None,
            card_expiry: None,
            inventory: None,
            now: chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
                .and_then(|d| d.and_hms_opt(12, 0, 0))
                .map(|t| t.and_utc())
                .unwrap_or_default(),
            warn_days: 30,
            cas: CaSet::for_test_pki(),
            wait: None,
            revocation: None,
        }
    }

    #[test]
    fn a_blocked_identification_pin_is_the_first_cause() {
        let d = diagnose(&Env(idprime_card(0, 3)), &options(Lang::En));
        let cause = &d.causes[0];
        assert_eq!(cause.layer, LayerId::Pin, "{:?}", d.causes);
        assert_eq!(cause.status, Status::Fail);
        assert!(
            cause.message.contains("identification PIN is blocked"),
            "{}",
            cause.message
        );
        assert!(cause.advice.contains("PUK"), "{}", cause.advice);
        assert!(cause.advice.contains("new card"), "{}", cause.advice);
        assert_eq!(d.failure(), Some(super::super::FailureKind::Check));
        // The report's findings carry it too.
        let e = d.evaluation.as_ref().unwrap();
        assert!(e.findings.iter().any(|f| f.code.as_str() == "pin_blocked"));
        assert_eq!(d.pins.len(), 2);
        // In Swedish as well.
        let sv = diagnose(&Env(idprime_card(0, 3)), &options(Lang::Sv));
        assert!(
            sv.causes[0].message.contains("spärrad"),
            "{}",
            sv.causes[0].message
        );
    }

    #[test]
    fn one_try_left_warns_do_not_guess() {
        let d = diagnose(&Env(idprime_card(3, 1)), &options(Lang::En));
        let layer = d.layer(LayerId::Pin).unwrap();
        assert_eq!(layer.status, Status::Warn, "{layer:?}");
        assert!(layer.detail.contains("one try left"), "{}", layer.detail);
        assert!(layer
            .advice
            .as_deref()
            .unwrap_or_default()
            .contains("Do not guess; use the PUK"));
        let fine = diagnose(&Env(idprime_card(3, 2)), &options(Lang::En));
        let layer = fine.layer(LayerId::Pin).unwrap();
        assert_eq!(layer.status, Status::Ok);
        assert!(layer.detail.contains("3 tries left"), "{}", layer.detail);
        assert!(layer.detail.contains("2 tries left"), "{}", layer.detail);
    }

    #[test]
    fn a_card_that_is_not_asked_skips_the_layer_and_says_why() {
        let image = build_image(&spec(&[0x3B, 0x80, 0x80, 0x01, 0x01]));
        let d = diagnose(&Env(image), &options(Lang::En));
        let layer = d.layer(LayerId::Pin).unwrap();
        assert_eq!(layer.status, Status::Skipped);
        assert!(
            layer
                .detail
                .contains("not checked on this card type; ask through the middleware (--pkcs11)"),
            "{}",
            layer.detail
        );
        assert!(!d.causes.iter().any(|c| c.layer == LayerId::Pin));
    }
}
