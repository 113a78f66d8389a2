//! The boundary between sithsctl and a card: a [`Transport`] moves bytes,
//! a [`Channel`] adds the rules every read obeys (read-only commands,
//! `61xx`/`6Cxx` handling, a bound on commands and on time).

use std::time::{Duration, Instant};

use super::apdu::{
    CheckedApdu, Command, DeclaredPinRef, Protocol, Response, EXTENDED_LE_MAX, INS_GET_RESPONSE,
};
use super::error::CardError;

/// Most commands one read of one card may take. A full SITHS card (eight
/// certificates, T=0, short reads of 256 bytes) needs about 150; four times
/// that leaves room for odd cards while a card that answers `61xx` forever
/// is stopped within a second.
pub const MAX_APDUS_PER_READ: usize = 600;

/// Most bytes one chain of `61xx` GET RESPONSEs may gather: a whole
/// extended READ BINARY, and no more.
pub const MAX_RESPONSE_BYTES: usize = 65_536 + 256;

/// Most bytes one answer may have: all an extended Le can ask for, plus
/// the status word. PC/SC's own buffer is this size; a transport that
/// hands over more is not talking ISO 7816.
pub const MAX_ANSWER_BYTES: usize = EXTENDED_LE_MAX + 2;

/// Moves APDUs to a card and back. Implementations: PC/SC, the in-process
/// simulator. They only ever see commands that passed the read-only gate.
pub trait Transport {
    /// Sends one command and returns the raw answer (data + SW1 SW2).
    fn transmit(&mut self, apdu: &CheckedApdu) -> Result<Vec<u8>, CardError>;

    /// The card's answer to reset.
    fn atr(&self) -> &[u8];

    /// Whether extended-length APDUs are worth trying (T=0 cannot carry
    /// them without an envelope; a reader may refuse them).
    fn extended_length_hint(&self) -> bool {
        true
    }

    /// The protocol in use, when the transport knows it. Without it no
    /// command whose framing depends on it (the PIN status query) is sent.
    fn protocol(&self) -> Option<Protocol> {
        None
    }
}

/// A read session with a card, with the rules of the house.
pub struct Channel<'t> {
    transport: &'t mut dyn Transport,
    sent: usize,
    limit: usize,
    deadline: Option<(Instant, Duration)>,
    /// `None` until known; then whether extended reads work.
    extended: Option<bool>,
    /// PIN references already asked about in this read: each at most once.
    pins_asked: Vec<DeclaredPinRef>,
}

impl<'t> Channel<'t> {
    pub fn new(transport: &'t mut dyn Transport) -> Self {
        let extended = if transport.extended_length_hint() {
            None
        } else {
            Some(false)
        };
        Channel {
            transport,
            sent: 0,
            limit: MAX_APDUS_PER_READ,
            deadline: None,
            extended,
            pins_asked: Vec::new(),
        }
    }

    /// Every command after `timeout` from now fails with a timeout error.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.deadline = Some((Instant::now() + timeout, timeout));
        self
    }

    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Commands sent so far, GET RESPONSEs and re-sends included.
    pub fn apdus_sent(&self) -> usize {
        self.sent
    }

    pub fn atr(&self) -> Vec<u8> {
        self.transport.atr().to_vec()
    }

    /// Whether to ask for extended READ BINARY: yes until the card or
    /// reader has shown it cannot.
    pub fn extended_reads(&self) -> bool {
        self.extended != Some(false)
    }

    /// Remembers that extended reads do (or do not) work here.
    pub fn set_extended_reads(&mut self, works: bool) {
        self.extended = Some(works);
    }

    /// The protocol the transport reports, if any.
    pub fn protocol(&self) -> Option<Protocol> {
        self.transport.protocol()
    }

    /// The command and time bounds, checked before every command.
    fn within_bounds(&self) -> Result<(), CardError> {
        if self.sent >= self.limit {
            return Err(CardError::TooManyApdus(self.limit));
        }
        if let Some((deadline, timeout)) = self.deadline {
            if Instant::now() >= deadline {
                return Err(CardError::Timeout {
                    seconds: timeout.as_secs(),
                    during: "reading the card".into(),
                });
            }
        }
        Ok(())
    }

    /// Asks the card for the state of the PIN `pin` with the VERIFY status
    /// query ([`CheckedApdu::pin_status_query`]): at most once per PIN in
    /// one read (a second ask is refused before it leaves the process), only
    /// when the protocol is known, and never followed up: an answer of
    /// `61xx` or `6Cxx` is handed back as it is, not chased with GET
    /// RESPONSE or a re-sent command. Whether this card may be asked at all
    /// is the caller's decision (`reading::pin`).
    pub fn ask_pin_status(&mut self, pin: DeclaredPinRef) -> Result<Response, CardError> {
        if self.pins_asked.contains(&pin) {
            return Err(CardError::Refused(format!(
                "PIN {pin} was asked about already in this read"
            )));
        }
        let Some(protocol) = self.transport.protocol() else {
            return Err(CardError::Refused(
                "the PIN status query needs to know T=0 or T=1".into(),
            ));
        };
        self.within_bounds()?;
        self.pins_asked.push(pin);
        let apdu = CheckedApdu::pin_status_query(pin, protocol);
        self.sent += 1;
        self.answer(&apdu)
    }

    fn answer(&mut self, apdu: &CheckedApdu) -> Result<Response, CardError> {
        let raw = self.transport.transmit(apdu)?;
        if raw.len() > MAX_ANSWER_BYTES {
            return Err(CardError::TooLarge {
                what: "one answer".into(),
                size: raw.len(),
                limit: MAX_ANSWER_BYTES,
            });
        }
        Response::parse(&raw)
    }

    fn send_raw(&mut self, command: &Command) -> Result<Response, CardError> {
        self.within_bounds()?;
        let apdu = CheckedApdu::new(command.to_bytes())?;
        self.sent += 1;
        self.answer(&apdu)
    }

    /// Sends a command and follows the card's transport replies: `6Cxx`
    /// (wrong Le: send again with Le = xx) and `61xx` (more data: GET
    /// RESPONSE until done). The caller sees one response.
    pub fn send(&mut self, command: &Command) -> Result<Response, CardError> {
        let mut response = self.send_raw(command)?;
        if response.sw.sw1() == 0x6C {
            let le = match response.sw.sw2() {
                0 => 256,
                n => n as usize,
            };
            let mut again = command.clone();
            again.le = Some(le);
            again.extended = false;
            response = self.send_raw(&again)?;
        }
        let mut data = std::mem::take(&mut response.data);
        while response.sw.sw1() == 0x61 {
            let le = match response.sw.sw2() {
                0 => 256,
                n => n as usize,
            };
            response = self.send_raw(&Command::get_response(le))?;
            if data.len() + response.data.len() > MAX_RESPONSE_BYTES {
                return Err(CardError::TooLarge {
                    what: "a chain of GET RESPONSE answers".into(),
                    size: data.len() + response.data.len(),
                    limit: MAX_RESPONSE_BYTES,
                });
            }
            data.extend_from_slice(&response.data);
            if command.ins == INS_GET_RESPONSE {
                break;
            }
        }
        Ok(Response {
            data,
            sw: response.sw,
        })
    }

    /// Sends and insists on success (`9000` or `6282`).
    pub fn send_ok(&mut self, command: &Command, what: &str) -> Result<Vec<u8>, CardError> {
        let response = self.send(command)?;
        if response.sw.is_success() {
            Ok(response.data)
        } else {
            Err(CardError::Status {
                what: what.to_string(),
                sw: response.sw,
            })
        }
    }
}

/// A card that answers from a list, for unit tests of the layers above.
#[cfg(test)]
pub(crate) mod scripted {
    use super::*;

    pub struct Scripted {
        pub answers: Vec<Vec<u8>>,
        pub sent: Vec<Vec<u8>>,
    }

    impl Transport for Scripted {
        fn transmit(&mut self, apdu: &CheckedApdu) -> Result<Vec<u8>, CardError> {
            self.sent.push(apdu.as_bytes().to_vec());
            if self.answers.is_empty() {
                return Ok(vec![0x6F, 0x00]);
            }
            Ok(self.answers.remove(0))
        }
        fn atr(&self) -> &[u8] {
            &[0x3B, 0x00]
        }
    }

    /// Always answers the same: for cards that never stop talking.
    pub struct Forever(pub Vec<u8>);

    impl Transport for Forever {
        fn transmit(&mut self, _apdu: &CheckedApdu) -> Result<Vec<u8>, CardError> {
            Ok(self.0.clone())
        }
        fn atr(&self) -> &[u8] {
            &[0x3B, 0x00]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::scripted::*;
    use super::*;
    use crate::reading::card::status::StatusWord;

    #[test]
    fn get_response_chain_is_followed() {
        let mut card = Scripted {
            answers: vec![
                vec![0x61, 0x03],
                vec![1, 2, 3, 0x61, 0x02],
                vec![4, 5, 0x90, 0x00],
            ],
            sent: vec![],
        };
        let mut ch = Channel::new(&mut card);
        let r = ch.send(&Command::read_binary(0, 5, false)).unwrap();
        assert_eq!(r.data, vec![1, 2, 3, 4, 5]);
        assert_eq!(r.sw, StatusWord::OK);
        assert_eq!(ch.apdus_sent(), 3);
        assert_eq!(card.sent[1], vec![0x00, 0xC0, 0x00, 0x00, 0x03]);
        assert_eq!(card.sent[2], vec![0x00, 0xC0, 0x00, 0x00, 0x02]);
    }

    #[test]
    fn wrong_le_is_resent_with_the_cards_le() {
        let mut card = Scripted {
            answers: vec![vec![0x6C, 0x04], vec![9, 9, 9, 9, 0x90, 0x00]],
            sent: vec![],
        };
        let mut ch = Channel::new(&mut card);
        let r = ch.send(&Command::read_binary(0x10, 256, false)).unwrap();
        assert_eq!(r.data, vec![9, 9, 9, 9]);
        assert_eq!(card.sent[1], vec![0x00, 0xB0, 0x00, 0x10, 0x04]);
    }

    #[test]
    fn endless_61xx_stops_at_the_bound() {
        let mut card = Forever(vec![0x61, 0x00]);
        let mut ch = Channel::new(&mut card).with_limit(50);
        let err = ch.send(&Command::read_binary(0, 256, false)).unwrap_err();
        assert!(
            matches!(err, CardError::TooManyApdus(50)) || matches!(err, CardError::TooLarge { .. })
        );
        assert!(ch.apdus_sent() <= 50);
    }

    #[test]
    fn deadline_stops_reads() {
        let mut card = Forever(vec![0x90, 0x00]);
        let mut ch = Channel::new(&mut card).with_timeout(Duration::ZERO);
        let err = ch.send(&Command::select_aid(&[1])).unwrap_err();
        assert!(matches!(err, CardError::Timeout { .. }));
        assert_eq!(ch.apdus_sent(), 0);
    }

    #[test]
    fn channel_refuses_writes_before_the_transport() {
        let mut card = Scripted {
            answers: vec![],
            sent: vec![],
        };
        let mut ch = Channel::new(&mut card);
        let verify = Command::new(0x20, 0x00, 0x81).with_data(b"123456");
        assert!(matches!(ch.send(&verify), Err(CardError::Refused(_))));
        assert!(card.sent.is_empty(), "the refused command reached the card");
    }

    #[test]
    fn an_answer_longer_than_any_le_is_refused() {
        let mut long = vec![0u8; MAX_ANSWER_BYTES - 1];
        long.extend_from_slice(&[0x90, 0x00]);
        let mut card = Forever(long);
        let mut ch = Channel::new(&mut card);
        let err = ch.send(&Command::read_binary(0, 256, false)).unwrap_err();
        assert!(
            matches!(
                err,
                CardError::TooLarge {
                    limit: MAX_ANSWER_BYTES,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    /// A T=1 or T=0 card that answers every command the same.
    struct Framed(Protocol, Vec<u8>, Vec<Vec<u8>>);

    impl Transport for Framed {
        fn transmit(&mut self, apdu: &CheckedApdu) -> Result<Vec<u8>, CardError> {
            self.2.push(apdu.as_bytes().to_vec());
            Ok(self.1.clone())
        }
        fn atr(&self) -> &[u8] {
            &[0x3B, 0x00]
        }
        fn protocol(&self) -> Option<Protocol> {
            Some(self.0)
        }
    }

    fn pin(value: u8) -> DeclaredPinRef {
        DeclaredPinRef::declared_by_card(value).unwrap()
    }

    #[test]
    fn a_pin_is_asked_about_once_per_read_in_the_protocols_form() {
        for (protocol, form) in [
            (Protocol::T1, vec![0x00, 0x20, 0x00, 0x11]),
            (Protocol::T0, vec![0x00, 0x20, 0x00, 0x11, 0x00]),
        ] {
            let mut card = Framed(protocol, vec![0x63, 0xC3], Vec::new());
            let mut ch = Channel::new(&mut card);
            let r = ch.ask_pin_status(pin(0x11)).unwrap();
            assert_eq!(r.sw, StatusWord(0x63C3));
            assert!(matches!(
                ch.ask_pin_status(pin(0x11)),
                Err(CardError::Refused(_))
            ));
            ch.ask_pin_status(pin(0x83)).unwrap();
            assert_eq!(ch.apdus_sent(), 2);
            assert_eq!(card.2[0], form);
            assert_eq!(card.2.len(), 2);
        }
    }

    #[test]
    fn without_a_known_protocol_no_pin_is_asked_about() {
        let mut card = Scripted {
            answers: vec![],
            sent: vec![],
        };
        let mut ch = Channel::new(&mut card);
        assert!(matches!(
            ch.ask_pin_status(pin(0x11)),
            Err(CardError::Refused(_))
        ));
        assert!(card.sent.is_empty());
    }

    #[test]
    fn an_odd_answer_to_the_pin_query_is_not_chased() {
        for answer in [vec![0x61, 0x10], vec![0x6C, 0x08]] {
            let mut card = Framed(Protocol::T1, answer.clone(), Vec::new());
            let mut ch = Channel::new(&mut card);
            let r = ch.ask_pin_status(pin(0x01)).unwrap();
            assert_eq!(r.sw.0.to_be_bytes().to_vec(), answer);
            assert_eq!(card.2.len(), 1, "a follow-up command was sent");
        }
        // The bounds hold for the query too.
        let mut card = Framed(Protocol::T1, vec![0x90, 0x00], Vec::new());
        let mut ch = Channel::new(&mut card).with_limit(0);
        assert!(matches!(
            ch.ask_pin_status(pin(0x01)),
            Err(CardError::TooManyApdus(0))
        ));
        assert!(card.2.is_empty());
    }

    #[test]
    fn garbage_answer_is_an_error() {
        let mut card = Scripted {
            answers: vec![vec![0x90]],
            sent: vec![],
        };
        let mut ch = Channel::new(&mut card);
        assert!(matches!(
            ch.send(&Command::select_aid(&[1])),
            Err(CardError::Garbage(_))
        ));
    }
}
