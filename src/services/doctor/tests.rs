//! Doctor's layers against a fake environment: the cases that cannot be
//! staged end to end (no readers, polkit) and the ranking of causes.

use std::time::Duration;

use chrono::{NaiveDate, Utc};

use super::*;
use crate::base::lang::Lang;
use crate::reading::card::image::CardImage;
use crate::reading::card::pcsc::{ReaderInfo, SlotState};
use crate::reading::card::sim::{SimCard, SimTransport};
use crate::reading::card::CardError;
use crate::reading::card_read::CardRead;
use crate::reading::card_read::SourceKind;
use crate::reading::layout::pkcs15::Wanted;
use crate::reading::layout::pkcs15::{build_image, CardSpec, CertSpec, Directory, LayoutOptions};
use crate::reading::read::read_with;
use crate::understanding::cert::CaSet;
use crate::understanding::siths::orgs::Org;

struct Fake {
    readers: Result<Vec<ReaderInfo>, CardError>,
    card: Option<Result<CardImage, CardError>>,
}

impl Environment for Fake {
    fn is_pcsc(&self) -> bool {
        true
    }
    fn readers(&self) -> Result<Vec<ReaderInfo>, CardError> {
        self.readers.clone()
    }
    fn read(&self, reader: &str, timeout: Duration) -> Result<CardRead, CardError> {
        match &self.card {
            Some(Ok(image)) => {
                let mut t = SimTransport {
                    card: SimCard::new(image.decode().map_err(CardError::Garbage)?),
                };
                read_with(
                    &mut t,
                    reader,
                    SourceKind::Pcsc,
                    timeout,
                    Wanted::EVERYTHING,
                )
            }
            Some(Err(e)) => Err(e.clone()),
            None => Err(CardError::NoCard {
                reader: reader.into(),
            }),
        }
    }
    fn wait_for_card(
        &self,
        _reader: Option<&str>,
        _timeout: Duration,
    ) -> Result<Option<String>, CardError> {
        Ok(None)
    }
}

fn der(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/pki/{name}.der", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn image(files: &[&str]) -> CardImage {
    build_image(&CardSpec {
        description: "t".into(),
        atr: vec![0x3B, 0x80, 0x80, 0x01, 0x01],
        token_serial: "1".into(),
        token_label: "t".into(),
        manufacturer: "t".into(),
        certificates: files
            .iter()
            .map(|f| CertSpec {
                label: f.to_string(),
                der: der(f),
                authority: false,
                directory: Directory::Certificates,
            })
            .collect(),
        layout: LayoutOptions::default(),
        behaviour: Default::default(),
    })
}

fn reader(name: &str, state: SlotState) -> ReaderInfo {
    ReaderInfo {
        index: 0,
        name: name.into(),
        state,
        atr: state.has_card().then(|| vec![0x3B, 0x80, 0x80, 0x01, 0x01]),
    }
}

fn options() -> DoctorOptions {
    DoctorOptions {
        reader: None,
        timeout: Duration::from_secs(5),
        lang: Lang::En,
        org: None,
        card_expiry: None,
        inventory: None,
        now: chrono::DateTime::parse_from_rfc3339("2026-11-24T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
        warn_days: 30,
        cas: CaSet::for_test_pki(),
        wait: None,
        revocation: None,
    }
}

fn first_cause(d: &Diagnosis) -> Option<LayerId> {
    d.causes.first().map(|c| c.layer)
}

fn jonkoping() -> Org {
    crate::understanding::siths::orgs::resolve(
        "jonkoping",
        &crate::understanding::siths::orgs::Registry::builtin(),
    )
    .unwrap()
    .clone()
}

#[test]
fn every_layer_reports_even_when_the_first_fails() {
    let env = Fake {
        readers: Err(CardError::ServiceNotRunning("x".into())),
        card: None,
    };
    let d = diagnose(&env, &options());
    assert_eq!(d.layers.len(), LayerId::ALL.len());
    assert_eq!(d.layer(LayerId::Service).unwrap().status, Status::Fail);
    assert_eq!(d.layer(LayerId::Signature).unwrap().status, Status::Skipped);
    assert_eq!(first_cause(&d), Some(LayerId::Service));
    assert_eq!(d.failure(), Some(FailureKind::Environment));
    assert!(d.causes[0].advice.contains("pcscd"));
}

#[test]
fn polkit_denial_is_an_access_failure() {
    let env = Fake {
        readers: Err(CardError::AccessDenied),
        card: None,
    };
    let d = diagnose(&env, &options());
    assert_eq!(d.layer(LayerId::Service).unwrap().status, Status::Ok);
    assert_eq!(first_cause(&d), Some(LayerId::Access));
    assert!(d.causes[0].advice.contains("polkit"));
}

#[test]
fn no_readers_at_all() {
    let env = Fake {
        readers: Ok(vec![]),
        card: None,
    };
    let d = diagnose(&env, &options());
    assert_eq!(first_cause(&d), Some(LayerId::Readers));
    assert!(d.causes[0].advice.contains("USB"));
}

#[test]
fn empty_reader_says_insert_the_card() {
    let env = Fake {
        readers: Ok(vec![reader("R", SlotState::Empty)]),
        card: None,
    };
    let d = diagnose(&env, &options());
    assert_eq!(first_cause(&d), Some(LayerId::Reader));
    assert!(
        d.causes[0].advice.contains("chip first"),
        "{:?}",
        d.causes[0]
    );
    assert_eq!(d.failure(), Some(FailureKind::Card));
}

#[test]
fn mute_card() {
    let env = Fake {
        readers: Ok(vec![reader("R", SlotState::Mute)]),
        card: None,
    };
    let d = diagnose(&env, &options());
    assert_eq!(first_cause(&d), Some(LayerId::CardAnswers));
}

#[test]
fn card_held_by_another_program() {
    let env = Fake {
        readers: Ok(vec![reader("R", SlotState::Present)]),
        card: Some(Err(CardError::CardInUse { reader: "R".into() })),
    };
    let d = diagnose(&env, &options());
    assert_eq!(first_cause(&d), Some(LayerId::Reader));
    assert!(d.causes[0].advice.contains("Another program"));
}

#[test]
fn not_a_siths_card() {
    let env = Fake {
        readers: Ok(vec![reader("R", SlotState::Present)]),
        card: Some(Err(CardError::NotSiths { reader: "R".into() })),
    };
    let d = diagnose(&env, &options());
    assert_eq!(first_cause(&d), Some(LayerId::Pkcs15));
}

#[test]
fn card_pulled_during_the_read() {
    let env = Fake {
        readers: Ok(vec![reader("R", SlotState::Present)]),
        card: Some(Err(CardError::CardRemoved)),
    };
    let d = diagnose(&env, &options());
    assert_eq!(first_cause(&d), Some(LayerId::Certificates));
    assert!(d.causes[0].advice.contains("Leave the card in"));
}

#[test]
fn healthy_card_is_all_ok() {
    let env = Fake {
        readers: Ok(vec![reader("R", SlotState::Present)]),
        card: Some(Ok(image(&["card-a-hsa-ident", "card-a-hsa-sign"]))),
    };
    let mut o = options();
    o.org = Some(jonkoping());
    let d = diagnose(&env, &o);
    assert!(d.causes.is_empty(), "{:?}", d.causes);
    // PINs: this card is not one that may be asked.
    assert!(
        d.layers.iter().all(|l| l.status == Status::Ok
            || (matches!(l.name, LayerId::Pin | LayerId::Revocation)
                && l.status == Status::Skipped)),
        "{:?}",
        d.layers
    );
    assert!(d
        .layer(LayerId::Identification)
        .unwrap()
        .detail
        .contains("SE2321000057-ANAN01"));
}

#[test]
fn expired_identification_certificate_says_renew_the_certificate_not_the_card() {
    let env = Fake {
        readers: Ok(vec![reader("R", SlotState::Present)]),
        card: Some(Ok(image(&[
            "card-b-hsa-ident-expired",
            "card-b-hsa-sign-expired",
        ]))),
    };
    let mut o = options();
    o.card_expiry = NaiveDate::from_ymd_opt(2028, 1, 1);
    let d = diagnose(&env, &o);
    assert_eq!(first_cause(&d), Some(LayerId::Validity));
    assert!(d.causes[0]
        .message
        .contains("the card is valid until 2028-01-01"));
    assert!(d.causes[0]
        .advice
        .contains("Renew the certificate, not the card"));
    assert_eq!(d.failure(), Some(FailureKind::Check));
}

#[test]
fn no_certificate_for_the_organisation() {
    let env = Fake {
        readers: Ok(vec![reader("R", SlotState::Present)]),
        card: Some(Ok(image(&["card-a-hsa-ident", "card-a-hsa-sign"]))),
    };
    let mut o = options();
    o.org = Some(
        crate::understanding::siths::orgs::resolve(
            "2120001355",
            &crate::understanding::siths::orgs::Registry::builtin(),
        )
        .unwrap()
        .clone(),
    );
    let d = diagnose(&env, &o);
    assert_eq!(first_cause(&d), Some(LayerId::Identification));
    assert!(
        d.causes[0].message.contains("Göteborgs Stad"),
        "{:?}",
        d.causes[0]
    );
}

#[test]
fn personnummer_only_card() {
    let env = Fake {
        readers: Ok(vec![reader("R", SlotState::Present)]),
        card: Some(Ok(image(&["card-e-pnr-ident", "card-e-pnr-sign"]))),
    };
    let d = diagnose(&env, &options());
    assert_eq!(first_cause(&d), Some(LayerId::Identification));
    assert!(d.causes[0].message.contains("only personnummer"));
}

#[test]
fn missing_signature_is_a_warning_not_a_failure() {
    let env = Fake {
        readers: Ok(vec![reader("R", SlotState::Present)]),
        card: Some(Ok(image(&["card-d-hsa-ident-only"]))),
    };
    let d = diagnose(&env, &options());
    assert_eq!(d.failure(), None);
    assert_eq!(first_cause(&d), Some(LayerId::Signature));
    assert_eq!(d.causes[0].status, Status::Warn);
}

#[test]
fn test_pki_card_fails_issuers_and_identification() {
    let env = Fake {
        readers: Ok(vec![reader("R", SlotState::Present)]),
        card: Some(Ok(image(&[
            "card-f-test-hsa-ident",
            "card-f-test-hsa-sign",
        ]))),
    };
    let d = diagnose(&env, &options());
    assert_eq!(first_cause(&d), Some(LayerId::Issuers));
    assert_eq!(
        d.layer(LayerId::Identification).unwrap().status,
        Status::Fail
    );
}

#[test]
fn swedish_advice() {
    let env = Fake {
        readers: Ok(vec![reader("R", SlotState::Empty)]),
        card: None,
    };
    let mut o = options();
    o.lang = Lang::Sv;
    let d = diagnose(&env, &o);
    assert!(d.causes[0].advice.contains("chipet först"));
    assert_eq!(d.layer(LayerId::Reader).unwrap().title, "Läsarens läge");
}
