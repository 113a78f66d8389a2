//! Reading a card from where it is: a reader (PC/SC) or a card image.
//! This is where reader choice and the overall time bound live; the
//! layout code below neither knows nor cares which source it reads.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::reading::card::image::CardImage;
use crate::reading::card::pcsc::{Pcsc, ReaderInfo};
use crate::reading::card::sim::{SimCard, SimTransport};
use crate::reading::card::transport::{Channel, Transport};
use crate::reading::card::CardError;
use crate::reading::card_read::{CardRead, SourceKind};
use crate::reading::layout::idprime::{self, IdprimeCard};
use crate::reading::layout::pkcs15::{self, Pkcs15Card, Wanted};
use crate::reading::pin;

/// Where to read from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A card image file (`--image`).
    Image(PathBuf),
    /// The demo card bundled in the binary (`--demo`).
    Demo,
    /// A reader: by index or part of its name, or the first with a SITHS card.
    Pcsc { reader: Option<String> },
    /// Through the middleware's PKCS#11 module (`--pkcs11`); `reader`
    /// picks a slot by a part of its description.
    Pkcs11 {
        module: PathBuf,
        reader: Option<String>,
    },
}

/// Reads the card named by `source` within `timeout`.
pub fn read_card(
    source: &Source,
    timeout: Duration,
    wanted: Wanted,
) -> Result<CardRead, CardError> {
    let (image, name) = match source {
        Source::Image(path) => (CardImage::load(path)?, path.display().to_string()),
        Source::Demo => (demo_image()?, DEMO_NAME.to_string()),
        Source::Pcsc { reader } => {
            let query = reader.clone();
            return with_deadline(timeout, "reading the card", move || {
                read_pcsc(query.as_deref(), timeout, wanted)
            });
        }
        Source::Pkcs11 { module, reader } => {
            let (module, query) = (module.clone(), reader.clone());
            return with_deadline(timeout, "reading through the PKCS#11 module", move || {
                crate::reading::pkcs11::read(&module, query.as_deref())
            });
        }
    };
    let mut transport = SimTransport {
        card: SimCard::new(image),
    };
    read_with(&mut transport, &name, SourceKind::Image, timeout, wanted)
}

/// The bundled demo card: card A of the test PKI, made by the test suite
/// (which also checks that this copy is current).
pub const DEMO_IMAGE: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo-card.json"));
/// What the demo card's "reader" is called in output: the flag that
/// chose it, which reads the same in every language.
pub const DEMO_NAME: &str = "--demo";

/// The demo card, decoded.
pub fn demo_image() -> Result<crate::reading::card::image::DecodedImage, CardError> {
    let err = |detail: String| CardError::Image {
        path: DEMO_NAME.into(),
        detail,
    };
    CardImage::parse(DEMO_IMAGE)
        .map_err(err)?
        .decode()
        .map_err(err)
}

/// Reads through any transport: the one code path for images, the virtual
/// card and real readers.
pub fn read_with(
    transport: &mut dyn Transport,
    reader: &str,
    source: SourceKind,
    timeout: Duration,
    wanted: Wanted,
) -> Result<CardRead, CardError> {
    let started = Instant::now();
    let atr = transport.atr().to_vec();
    let mut ch = Channel::new(transport).with_timeout(timeout);
    let (format, card, idprime) = read_layouts(&mut ch, reader, wanted)?;
    // The PINs, after the certificates: asked about only where it is safe.
    let pins = if wanted.pins {
        pin::card_pins(
            &mut ch,
            &atr,
            &card.pins,
            idprime.as_ref(),
            wanted.pin_status,
        )
    } else {
        Vec::new()
    };
    Ok(CardRead {
        source,
        reader: reader.to_string(),
        atr,
        format,
        card,
        idprime,
        pins,
        apdus: ch.apdus_sent(),
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}

/// Tries every layout: PKCS#15 first (the SITHS layout known for years),
/// then the IDPrime applet (current Thales cards). A card may carry both;
/// then every certificate is listed once (the same DER in both layouts
/// counts once, by SHA-256). `NotSiths` when neither is there.
fn read_layouts(
    ch: &mut Channel<'_>,
    reader: &str,
    wanted: Wanted,
) -> Result<(&'static str, Pkcs15Card, Option<IdprimeCard>), CardError> {
    let pkcs15 = match pkcs15::read(ch, reader, wanted) {
        Ok(card) => Some(card),
        Err(CardError::NotSiths { .. }) => None,
        Err(e) => return Err(e),
    };
    let idprime = idprime::read(ch, wanted.token_info, wanted.pins)?;
    match (pkcs15, idprime) {
        (Some(mut card), Some(idp)) => {
            use sha2::{Digest, Sha256};
            let seen: Vec<_> = card
                .certificates
                .iter()
                .map(|c| Sha256::digest(&c.der))
                .collect();
            for c in &idp.certificates {
                if !seen.contains(&Sha256::digest(&c.der)) {
                    card.certificates.push(c.clone());
                }
            }
            if card.token.is_none() {
                card.token = idp.token();
            }
            Ok(("pkcs15+idprime", card, Some(idp)))
        }
        (Some(card), None) => Ok(("pkcs15", card, None)),
        (None, Some(idp)) => {
            let card = Pkcs15Card {
                app_path: None,
                located: pkcs15::Located::Idprime,
                token: idp.token(),
                certificates: idp.certificates.clone(),
                files: Vec::new(),
                pins: Vec::new(),
            };
            Ok(("idprime", card, Some(idp)))
        }
        (None, None) => Err(CardError::NotSiths {
            reader: reader.to_string(),
        }),
    }
}

/// A card image of what a read saw, whatever its layouts: `dump` writes
/// it, and reading it gives the same certificates as the card.
pub fn image_of_read(read: &CardRead, description: &str) -> CardImage {
    let mut image = if read.format.contains("pkcs15") {
        pkcs15::image_of(&read.card, &read.atr, description)
    } else {
        let mut image = CardImage::new(&read.atr);
        image.description = Some(description.to_string());
        image
    };
    if let Some(idp) = &read.idprime {
        idprime::add_read_to_image(&mut image, idp);
    }
    image
}

/// Runs `work` on its own thread and gives up after `timeout`. PC/SC calls
/// such as SCardBeginTransaction can block for as long as another program
/// holds the card; the person at the desk must get an answer anyway.
pub fn with_deadline<T: Send + 'static>(
    timeout: Duration,
    during: &str,
    work: impl FnOnce() -> Result<T, CardError> + Send + 'static,
) -> Result<T, CardError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    // A little grace, so a read that keeps its own deadline reports its own
    // (more precise) error first.
    match rx.recv_timeout(timeout + Duration::from_millis(500)) {
        Ok(result) => result,
        Err(_) => Err(CardError::Timeout {
            seconds: timeout.as_secs(),
            during: during.to_string(),
        }),
    }
}

/// Picks the reader a user named: an index, or a case-insensitive part of
/// the name that matches exactly one reader (an exact name always wins).
pub fn select_reader<'r>(
    readers: &'r [ReaderInfo],
    query: &str,
) -> Result<&'r ReaderInfo, CardError> {
    let names = || readers.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
    if let Ok(index) = query.trim().parse::<usize>() {
        return readers.iter().find(|r| r.index == index).ok_or_else(|| {
            CardError::ReaderNotFound {
                query: query.to_string(),
                available: names(),
            }
        });
    }
    if let Some(exact) = readers.iter().find(|r| r.name == query) {
        return Ok(exact);
    }
    let needle = query.to_lowercase();
    let matches: Vec<&ReaderInfo> = readers
        .iter()
        .filter(|r| r.name.to_lowercase().contains(&needle))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(CardError::ReaderNotFound {
            query: query.to_string(),
            available: names(),
        }),
        many => Err(CardError::ReaderAmbiguous {
            query: query.to_string(),
            matches: many.iter().map(|r| r.name.clone()).collect(),
        }),
    }
}

/// Which of several failures to report when no reader gave a SITHS card:
/// the one that tells the person most about what to do.
fn usefulness(err: &CardError) -> u8 {
    match err {
        CardError::CardInUse { .. } => 5,
        CardError::CardRemoved | CardError::CardReset => 4,
        CardError::CardMute { .. } => 3,
        CardError::NotSiths { .. } => 1,
        _ => 2,
    }
}

fn read_pcsc(
    query: Option<&str>,
    timeout: Duration,
    wanted: Wanted,
) -> Result<CardRead, CardError> {
    let pcsc = Pcsc::establish()?;
    let readers = pcsc.readers()?;
    if readers.is_empty() {
        return Err(CardError::NoReaders);
    }
    let candidates: Vec<&ReaderInfo> = match query {
        Some(q) => {
            let reader = select_reader(&readers, q)?;
            if !reader.state.has_card() {
                return Err(CardError::NoCard {
                    reader: reader.name.clone(),
                });
            }
            vec![reader]
        }
        None => readers.iter().filter(|r| r.state.has_card()).collect(),
    };
    if candidates.is_empty() {
        return Err(CardError::NoCardAnywhere);
    }
    let mut best: Option<CardError> = None;
    for reader in candidates {
        match read_one(&pcsc, &reader.name, timeout, wanted) {
            Ok(read) => return Ok(read),
            Err(e) => {
                if best.as_ref().is_none_or(|b| usefulness(&e) > usefulness(b)) {
                    best = Some(e);
                }
            }
        }
    }
    Err(best.unwrap_or(CardError::NoCardAnywhere))
}

/// Reads the card in one named reader: connect shared, one transaction.
pub fn read_one(
    pcsc: &Pcsc,
    reader: &str,
    timeout: Duration,
    wanted: Wanted,
) -> Result<CardRead, CardError> {
    let mut card = pcsc.connect(reader)?;
    card.transaction(|t| read_with(t, reader, SourceKind::Pcsc, timeout, wanted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reading::card::pcsc::SlotState;

    fn reader(index: usize, name: &str) -> ReaderInfo {
        ReaderInfo {
            index,
            name: name.into(),
            state: SlotState::Present,
            atr: None,
        }
    }

    #[test]
    fn reader_by_index_part_and_exact_name() {
        let rs = vec![
            reader(0, "Virtual PCD 00 00"),
            reader(1, "Virtual PCD 00 01"),
            reader(2, "HID Omnikey 3121"),
        ];
        assert_eq!(select_reader(&rs, "1").unwrap().index, 1);
        assert_eq!(select_reader(&rs, "omnikey").unwrap().index, 2);
        assert_eq!(select_reader(&rs, "00 01").unwrap().index, 1);
        assert_eq!(select_reader(&rs, "Virtual PCD 00 00").unwrap().index, 0);
        assert!(
            matches!(select_reader(&rs, "virtual"), Err(CardError::ReaderAmbiguous { matches, .. }) if matches.len() == 2)
        );
        assert!(
            matches!(select_reader(&rs, "gemalto"), Err(CardError::ReaderNotFound { available, .. }) if available.len() == 3)
        );
        assert!(matches!(
            select_reader(&rs, "7"),
            Err(CardError::ReaderNotFound { .. })
        ));
    }

    #[test]
    fn deadline_ends_a_blocked_call() {
        let started = Instant::now();
        let r: Result<(), CardError> = with_deadline(Duration::from_millis(100), "waiting", || {
            std::thread::sleep(Duration::from_secs(5));
            Ok(())
        });
        assert!(matches!(r, Err(CardError::Timeout { .. })));
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn the_most_telling_failure_wins() {
        assert!(
            usefulness(&CardError::CardInUse { reader: "r".into() })
                > usefulness(&CardError::NotSiths { reader: "r".into() })
        );
    }
}

#[cfg(test)]
mod properties {
    //! Whatever a card answers, a read ends within the command bound and
    //! the time bound, with a result or an error.
    use super::*;
    use crate::reading::card::apdu::CheckedApdu;
    use crate::reading::card::transport::MAX_APDUS_PER_READ;
    use proptest::prelude::*;

    /// Answers from a list; starts over when `repeat` (a card that never
    /// stops talking), else is "removed" when the list runs out.
    struct Responder {
        answers: Vec<Vec<u8>>,
        next: usize,
        repeat: bool,
        extended: bool,
        delay: Duration,
    }

    impl Transport for Responder {
        fn transmit(&mut self, _apdu: &CheckedApdu) -> Result<Vec<u8>, CardError> {
            std::thread::sleep(self.delay);
            if self.next >= self.answers.len() {
                if !self.repeat || self.answers.is_empty() {
                    return Err(CardError::CardRemoved);
                }
                self.next = 0;
            }
            self.next += 1;
            Ok(self.answers[self.next - 1].clone())
        }
        fn atr(&self) -> &[u8] {
            &[0x3B, 0x00]
        }
        fn extended_length_hint(&self) -> bool {
            self.extended
        }
    }

    /// Mostly status words a card really gives, `61xx` and `6Cxx`
    /// included, with or without data; sometimes bytes without meaning.
    fn answer() -> impl Strategy<Value = Vec<u8>> {
        let sw = prop_oneof![
            Just(0x9000u16),
            Just(0x6282),
            any::<u8>().prop_map(|n| 0x6100 | u16::from(n)),
            any::<u8>().prop_map(|n| 0x6C00 | u16::from(n)),
            Just(0x6A82),
            Just(0x6B00),
            Just(0x6700),
            Just(0x6981),
            Just(0x6A83),
            any::<u16>(),
        ];
        prop_oneof![
            4 => (prop::collection::vec(any::<u8>(), 0..40), sw).prop_map(|(mut d, sw)| {
                d.extend_from_slice(&sw.to_be_bytes());
                d
            }),
            1 => prop::collection::vec(any::<u8>(), 0..3),
        ]
    }

    fn read(card: &mut Responder, timeout: Duration) -> (Result<Pkcs15Card, CardError>, usize) {
        let mut ch = Channel::new(card).with_timeout(timeout);
        let result = pkcs15::read(&mut ch, "proptest", Wanted::EVERYTHING);
        (result, ch.apdus_sent())
    }

    proptest! {
        #[test]
        fn any_answers_end_within_the_command_bound(
            answers in prop::collection::vec(answer(), 0..40),
            repeat in any::<bool>(),
            extended in any::<bool>(),
        ) {
            let mut card = Responder { answers, next: 0, repeat, extended, delay: Duration::ZERO };
            let (result, sent) = read(&mut card, Duration::from_secs(30));
            prop_assert!(sent <= MAX_APDUS_PER_READ, "{} commands", sent);
            if let Ok(card) = result {
                prop_assert!(card.certificates.len() <= pkcs15::MAX_CERTIFICATES);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]
        #[test]
        fn a_slow_card_ends_within_the_time_bound(
            answers in prop::collection::vec(
                (prop::collection::vec(any::<u8>(), 0..40), any::<u8>())
                    .prop_map(|(mut d, n)| { d.extend_from_slice(&[0x61, n]); d }),
                1..20,
            ),
            extended in any::<bool>(),
        ) {
            // A card that always has "more data" (61xx), 2 ms an answer:
            // 600 commands would take 1.2 s, the time bound stops it first.
            let delay = Duration::from_millis(2);
            let timeout = Duration::from_millis(100);
            let mut card = Responder { answers, next: 0, repeat: true, extended, delay };
            let started = Instant::now();
            let (result, sent) = read(&mut card, timeout);
            let took = started.elapsed();
            prop_assert!(sent <= MAX_APDUS_PER_READ);
            prop_assert!(matches!(result, Err(CardError::Timeout { .. })), "{:?}", result);
            // The deadline is checked before each command: at most one
            // answer's time past it, plus scheduling slack.
            prop_assert!(took < timeout + delay + Duration::from_millis(150), "{:?}", took);
        }
    }
}
