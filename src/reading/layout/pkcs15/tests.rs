//! The PKCS#15 reader on simulated cards built by the image builder: the
//! layouts real cards show, the fallbacks for finding the application, and
//! refusing what does not add up.

use super::*;
use crate::reading::card::image::{Behaviour, CardImage};
use crate::reading::card::sim::{SimCard, SimTransport};
use crate::reading::card::transport::Channel;
use crate::reading::card::CardError;
use crate::reading::layout::tlv;

/// A fake certificate: a DER SEQUENCE of a given size.
fn fake_cert(size: usize, fill: u8) -> Vec<u8> {
    tlv::encode(0x30, &vec![fill; size])
}

fn spec(layout: LayoutOptions, behaviour: Behaviour) -> CardSpec {
    CardSpec {
        description: "test".into(),
        atr: vec![0x3B, 0x80, 0x80, 0x01, 0x01],
        token_serial: "1234567890".into(),
        token_label: "SITHS".into(),
        manufacturer: "Test".into(),
        certificates: vec![
            CertSpec {
                label: "Legitimering".into(),
                der: fake_cert(1500, 1),
                authority: false,
                directory: Directory::Certificates,
            },
            CertSpec {
                label: "Underskrift".into(),
                der: fake_cert(300, 2),
                authority: false,
                directory: Directory::Certificates,
            },
            CertSpec {
                label: "CA".into(),
                der: fake_cert(100, 3),
                authority: true,
                directory: Directory::TrustedCertificates,
            },
        ],
        layout,
        behaviour,
    }
}

fn read_spec(spec: &CardSpec) -> (Result<Pkcs15Card, CardError>, usize) {
    let image = build_image(spec).decode().unwrap();
    let mut t = SimTransport {
        card: SimCard::new(image),
    };
    let mut ch = Channel::new(&mut t);
    let r = read(&mut ch, "sim", Wanted::EVERYTHING);
    (r, ch.apdus_sent())
}

fn check(card: &Pkcs15Card, spec: &CardSpec) {
    assert_eq!(card.certificates.len(), spec.certificates.len());
    for (got, want) in card.certificates.iter().zip(&spec.certificates) {
        assert_eq!(got.der, want.der, "{}", want.label);
        assert_eq!(got.label.as_deref(), Some(want.label.as_str()));
        assert_eq!(got.authority, want.authority);
        assert_eq!(got.directory, want.directory);
    }
    let token = card.token.as_ref().unwrap();
    assert_eq!(token.serial.as_deref(), Some("1234567890"));
    assert_eq!(token.manufacturer.as_deref(), Some("Test"));
}

#[test]
fn plain_t1_card_with_extended_reads() {
    let s = spec(LayoutOptions::default(), Behaviour::default());
    let (card, apdus) = read_spec(&s);
    let card = card.unwrap();
    check(&card, &s);
    assert_eq!(card.located, Located::Aid);
    // AID, ODF (2), TokenInfo (2), CDF A4 (2), CDF A5 (2), AODF (2),
    // 3 certs (2 each)
    assert_eq!(apdus, 17);
}

#[test]
fn t0_card_with_wrong_le_and_short_reads() {
    let b = Behaviour {
        t0: true,
        wrong_le: true,
        no_extended_length: true,
        ..Default::default()
    };
    let s = spec(
        LayoutOptions {
            padding: 7,
            ..Default::default()
        },
        b,
    );
    let (card, _) = read_spec(&s);
    check(&card.unwrap(), &s);
}

#[test]
fn shared_file_with_index_and_length_and_padding() {
    let s = spec(
        LayoutOptions {
            shared_file: true,
            padding: 13,
            ..Default::default()
        },
        Behaviour::default(),
    );
    let (card, apdus) = read_spec(&s);
    let card = card.unwrap();
    check(&card, &s);
    assert!(card.certificates[1].path.contains('['));
    // The shared file is selected once: AID, ODF 2, TI 2, CDF 2+2,
    // AODF 2, 1 select + 3 reads.
    assert_eq!(apdus, 15);
}

#[test]
fn no_ef_dir_and_no_aid_select_falls_back_to_the_usual_path() {
    let b = Behaviour {
        no_select_by_aid: true,
        ..Default::default()
    };
    let s = spec(
        LayoutOptions {
            ef_dir: false,
            ..Default::default()
        },
        b,
    );
    let (card, _) = read_spec(&s);
    let card = card.unwrap();
    check(&card, &s);
    assert_eq!(card.located, Located::DefaultPath);
}

#[test]
fn ef_dir_as_records_points_to_an_unusual_application_path() {
    let b = Behaviour {
        no_select_by_aid: true,
        ..Default::default()
    };
    let s = spec(
        LayoutOptions {
            ef_dir_records: true,
            app_fid: [0x70, 0x01],
            relative_paths: true,
            ..Default::default()
        },
        b,
    );
    let (card, _) = read_spec(&s);
    let card = card.unwrap();
    check(&card, &s);
    assert_eq!(card.located, Located::EfDir);
    assert_eq!(card.app_path.as_deref(), Some("3F007001"));
}

#[test]
fn relative_paths_under_an_aid_selected_application() {
    let s = spec(
        LayoutOptions {
            relative_paths: true,
            ef_dir: false,
            ..Default::default()
        },
        Behaviour::default(),
    );
    let (card, _) = read_spec(&s);
    check(&card.unwrap(), &s);
}

#[test]
fn an_image_of_a_read_reads_the_same() {
    let layouts = [
        LayoutOptions::default(),
        LayoutOptions {
            shared_file: true,
            padding: 9,
            ..Default::default()
        },
        LayoutOptions {
            ef_dir_records: true,
            app_fid: [0x70, 0x01],
            relative_paths: true,
            ..Default::default()
        },
        LayoutOptions {
            relative_paths: true,
            ef_dir: false,
            ..Default::default()
        },
    ];
    for (n, layout) in layouts.into_iter().enumerate() {
        let behaviour = Behaviour {
            no_select_by_aid: n == 2,
            ..Default::default()
        };
        let s = spec(layout, behaviour);
        let (first, _) = read_spec(&s);
        let first = first.unwrap();
        let image = image_of(&first, &s.atr, "dump");
        let mut t = SimTransport {
            card: SimCard::new(image.decode().unwrap()),
        };
        let mut ch = Channel::new(&mut t);
        let again = read(&mut ch, "sim", Wanted::EVERYTHING).unwrap();
        assert_eq!(again.certificates, first.certificates, "layout {n}");
        assert_eq!(again.token, first.token, "layout {n}");
    }
}

#[test]
fn a_card_without_the_application_is_not_siths() {
    let mut image = CardImage::new(&[0x3B, 0x00]);
    image.add_file(&[0x3F, 0x00, 0x00, 0x01], &[0], "");
    image.behaviour.no_select_by_aid = true;
    let mut t = SimTransport {
        card: SimCard::new(image.decode().unwrap()),
    };
    let mut ch = Channel::new(&mut t);
    assert!(matches!(
        read(&mut ch, "r", Wanted::EVERYTHING),
        Err(CardError::NotSiths { .. })
    ));
}

#[test]
fn a_certificate_claiming_gigabytes_is_refused() {
    let mut s = spec(LayoutOptions::default(), Behaviour::default());
    s.certificates[0].der = vec![0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0];
    let (card, _) = read_spec(&s);
    assert!(matches!(card, Err(CardError::TooLarge { .. })), "{card:?}");
}

#[test]
fn a_truncated_certificate_is_garbage() {
    let mut s = spec(LayoutOptions::default(), Behaviour::default());
    let mut der = fake_cert(600, 9);
    der.truncate(400);
    s.certificates[0].der = der;
    let (card, _) = read_spec(&s);
    assert!(matches!(card, Err(CardError::Garbage(_))), "{card:?}");
}

#[test]
fn garbage_odf_is_garbage() {
    let s = spec(LayoutOptions::default(), Behaviour::default());
    let mut image = build_image(&s);
    for f in &mut image.files {
        if f.path.ends_with("5031") {
            f.data = Some("A40A3004".into());
        }
    }
    let mut t = SimTransport {
        card: SimCard::new(image.decode().unwrap()),
    };
    let mut ch = Channel::new(&mut t);
    let err = read(&mut ch, "r", Wanted::EVERYTHING).unwrap_err();
    assert!(
        matches!(&err, CardError::Garbage(m) if m.contains("EF.ODF")),
        "{err:?}"
    );
}
