//! The IDPrime reader on simulated cards built by the image builder:
//! compressed and plain certificates, T=0, a card without the applet,
//! zlib bombs and a lying index.

use super::*;
use crate::reading::card::image::{Behaviour, CardImage};
use crate::reading::card::sim::{SimCard, SimTransport};
use crate::reading::card::transport::Channel;
use crate::reading::card::CardError;
use crate::reading::layout::tlv;

fn fake_cert(size: usize, fill: u8) -> Vec<u8> {
    tlv::encode(0x30, &vec![fill; size])
}

fn image(certs: &[Vec<u8>], compress: bool, behaviour: Behaviour) -> CardImage {
    let mut image = CardImage::new(&[0x3B, 0x80, 0x80, 0x01, 0x01]);
    image.behaviour = behaviour;
    add_to_image(
        &mut image,
        certs,
        &IdprimeOptions {
            compress,
            ..Default::default()
        },
    );
    image
}

fn read_image(image: &CardImage) -> (Result<Option<IdprimeCard>, CardError>, usize) {
    let mut t = SimTransport {
        card: SimCard::new(image.decode().unwrap()),
    };
    let mut ch = Channel::new(&mut t);
    let r = read(&mut ch, true, true);
    (r, ch.apdus_sent())
}

#[test]
fn compressed_and_plain_certificates_read_back() {
    let certs = vec![fake_cert(1500, 1), fake_cert(300, 2)];
    for compress in [true, false] {
        for t0 in [false, true] {
            let b = Behaviour {
                t0,
                wrong_le: t0,
                ..Default::default()
            };
            let (card, _) = read_image(&image(&certs, compress, b));
            let card = card.unwrap().expect("an IDPrime card");
            let ders: Vec<_> = card.certificates.iter().map(|c| c.der.clone()).collect();
            assert_eq!(ders, certs, "compress {compress} t0 {t0}");
            assert_eq!(card.certificates[0].label.as_deref(), Some("kxc00"));
            assert_eq!(card.certificates[1].id, "0002");
            assert_eq!(card.containers.len(), 2);
            assert!(card.containers[0].default && !card.containers[1].default);
            assert_eq!(card.containers[1].guid, "sithsctl-container-01");
            assert_eq!(
                card.card_id.as_deref(),
                Some("534954485343544C2D49445052494D45")
            );
        }
    }
}

#[test]
fn a_card_without_the_applet_is_not_idprime() {
    let mut image = CardImage::new(&[0x3B, 0x00]);
    image.add_file(&[0x3F, 0x00, 0x00, 0x01], &[0], "");
    let (card, apdus) = read_image(&image);
    assert_eq!(card.unwrap(), None);
    assert_eq!(apdus, 1);
}

#[test]
fn a_zlib_bomb_is_refused_with_bounded_memory() {
    // 10 MB of zeros compress to about 10 KB; the header claims 1000.
    let zeros = vec![0u8; 10 * 1024 * 1024];
    let mut bomb = encode_certificate(&zeros, true);
    bomb[2..4].copy_from_slice(&1000u16.to_le_bytes());
    let err = decode_certificate(&bomb, "certificate kxc00").unwrap_err();
    assert!(
        matches!(&err, CardError::Garbage(m) if m.contains("more than the 1000 bytes")),
        "{err:?}"
    );
    // A header that claims more than a certificate can be is refused
    // before inflating.
    let mut big = encode_certificate(&fake_cert(100, 1), true);
    big[2..4].copy_from_slice(&60_000u16.to_le_bytes());
    assert!(matches!(
        decode_certificate(&big, "c"),
        Err(CardError::TooLarge { size: 60_000, .. })
    ));
    // Garbage after the header.
    assert!(matches!(
        decode_certificate(&[1, 0, 10, 0, 0xFF, 0xFF, 0xFF], "c"),
        Err(CardError::Garbage(_))
    ));
}

#[test]
fn a_bomb_on_the_card_ends_the_read_as_a_card_problem() {
    let mut image = image(&[fake_cert(200, 1)], true, Behaviour::default());
    let zeros = vec![0u8; 1024 * 1024];
    let mut bomb = encode_certificate(&zeros, true);
    bomb[2..4].copy_from_slice(&500u16.to_le_bytes());
    let size = bomb.len();
    for f in &mut image.files {
        if f.path == "3F000206" {
            f.data = Some(hex::encode_upper(&bomb));
        }
        if f.path == "3F000101" {
            let mut idx = hex::decode(f.data.as_ref().unwrap()).unwrap();
            let entries = idx[0] as usize;
            for e in 0..entries {
                let at = 1 + e * ENTRY_LEN;
                if idx[at..at + 2] == [0x02, 0x06] {
                    idx[at + 2..at + 4].copy_from_slice(&(size as u16).to_be_bytes());
                }
            }
            f.data = Some(hex::encode_upper(&idx));
        }
    }
    let (card, _) = read_image(&image);
    let err = card.unwrap_err();
    assert_eq!(err.kind(), crate::reading::card::ErrorKind::Card, "{err:?}");
}

#[test]
fn an_index_that_overstates_its_count_is_garbage() {
    assert!(matches!(
        parse_index(&[3, 0, 1]),
        Err(CardError::Garbage(_))
    ));
    assert!(parse_index(&[0]).unwrap().is_empty());
}

#[test]
fn an_image_of_a_read_reads_the_same() {
    let certs = vec![fake_cert(900, 4), fake_cert(400, 5)];
    let (first, _) = read_image(&image(&certs, true, Behaviour::default()));
    let first = first.unwrap().unwrap();
    let mut again = CardImage::new(&[0x3B, 0x00]);
    add_read_to_image(&mut again, &first);
    let (second, _) = read_image(&again);
    let second = second.unwrap().unwrap();
    assert_eq!(second.certificates, first.certificates);
    assert_eq!(second.card_id, first.card_id);
}
