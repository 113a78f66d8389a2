//! PC/SC: pcsc-lite on Linux and macOS, WinSCard on Windows.
//!
//! Two rules from the field live here. The card is always connected
//! shared and always left as it was: the `pcsc` crate's `Card` resets the
//! card when dropped, which would log the user out of the patient record,
//! so [`PcscCard`] disconnects with `LeaveCard` on every path. And every
//! wait has a bound.

use std::ffi::CString;
use std::time::Duration;

use pcsc::{Context, Disposition, Protocols, Scope, ShareMode, State};
use serde::Serialize;

use super::apdu::{CheckedApdu, Protocol};
use super::error::CardError;
use super::transport::Transport;

/// What a reader reports about its slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotState {
    /// No card in the reader.
    Empty,
    /// A card is there and free.
    Present,
    /// A card is there and other programs use it (shared).
    InUse,
    /// Another program holds the card exclusively.
    Exclusive,
    /// The card does not answer to reset.
    Mute,
    /// The card is there but not powered.
    Unpowered,
    /// The reader cannot be used (unplugged, driver trouble).
    Unavailable,
    Unknown,
}

impl SlotState {
    /// Reads the most telling flag: exclusive beats in-use beats present.
    pub fn from_flags(flags: State) -> SlotState {
        if flags.contains(State::UNAVAILABLE) {
            SlotState::Unavailable
        } else if flags.contains(State::EMPTY) {
            SlotState::Empty
        } else if flags.contains(State::MUTE) {
            SlotState::Mute
        } else if flags.contains(State::EXCLUSIVE) {
            SlotState::Exclusive
        } else if flags.contains(State::UNPOWERED) && !flags.contains(State::INUSE) {
            SlotState::Unpowered
        } else if flags.contains(State::INUSE) {
            SlotState::InUse
        } else if flags.contains(State::PRESENT) {
            SlotState::Present
        } else {
            SlotState::Unknown
        }
    }

    /// The state in words, for people.
    pub fn text(self, lang: crate::base::lang::Lang) -> &'static str {
        use SlotState::*;
        match self {
            Empty => lang.pick("tom", "empty"),
            Present => lang.pick("kort i", "card present"),
            InUse => lang.pick("kort i, används", "card in use"),
            Exclusive => lang.pick(
                "kort i, låst av annat program",
                "card held exclusively by another program",
            ),
            Mute => lang.pick("kortet svarar inte", "card mute"),
            Unpowered => lang.pick("kort i, utan ström", "card unpowered"),
            Unavailable => lang.pick("ej tillgänglig", "unavailable"),
            Unknown => lang.pick("okänt", "unknown"),
        }
    }

    /// Whether a card sits in the slot.
    pub fn has_card(self) -> bool {
        matches!(
            self,
            SlotState::Present
                | SlotState::InUse
                | SlotState::Exclusive
                | SlotState::Mute
                | SlotState::Unpowered
        )
    }
}

/// One reader as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReaderInfo {
    pub index: usize,
    pub name: String,
    pub state: SlotState,
    /// The ATR when a card answers.
    #[serde(serialize_with = "crate::reading::card::ser_hex_opt")]
    pub atr: Option<Vec<u8>>,
}

/// An established PC/SC context.
pub struct Pcsc {
    ctx: Context,
}

/// Maps a PC/SC error to what it means for the person at the desk.
pub fn map_error(err: pcsc::Error, reader: &str, during: &str) -> CardError {
    use pcsc::Error as E;
    match err {
        E::NoService | E::ServiceStopped | E::CommError | E::Shutdown => {
            CardError::ServiceNotRunning(format!("{err}; {}", scard_code(err)))
        }
        E::NoAccess | E::SecurityViolation => CardError::AccessDenied,
        E::NoReadersAvailable => CardError::NoReaders,
        E::SharingViolation => CardError::CardInUse {
            reader: reader.into(),
        },
        E::NoSmartcard => CardError::NoCard {
            reader: reader.into(),
        },
        E::RemovedCard => CardError::CardRemoved,
        E::ResetCard => CardError::CardReset,
        E::UnresponsiveCard | E::UnpoweredCard | E::UnsupportedCard => CardError::CardMute {
            reader: reader.into(),
        },
        E::UnknownReader | E::ReaderUnavailable => CardError::ReaderNotFound {
            query: reader.into(),
            available: Vec::new(),
        },
        E::Timeout => CardError::Timeout {
            seconds: 0,
            during: during.into(),
        },
        other => CardError::Pcsc {
            during: during.into(),
            code: format!("{other:?}: {other}"),
        },
    }
}

/// The name a PC/SC code has in the Windows and pcsc-lite headers, with
/// its value: what people search for (`SCARD_F_INTERNAL_ERROR, 0x80100001`).
pub fn scard_code(err: pcsc::Error) -> String {
    use pcsc::Error as E;
    let name = match err {
        E::InternalError => "SCARD_F_INTERNAL_ERROR",
        E::NoService => "SCARD_E_NO_SERVICE",
        E::ServiceStopped => "SCARD_E_SERVICE_STOPPED",
        E::CommError => "SCARD_F_COMM_ERROR",
        E::Shutdown => "SCARD_P_SHUTDOWN",
        E::UnknownError => "SCARD_F_UNKNOWN_ERROR",
        E::NoMemory => "SCARD_E_NO_MEMORY",
        E::ServerTooBusy => "SCARD_E_SERVER_TOO_BUSY",
        E::NoReadersAvailable => "SCARD_E_NO_READERS_AVAILABLE",
        E::NoAccess => "SCARD_E_NO_ACCESS",
        _ => return format!("{err:?}, 0x{:08X}", err as u32),
    };
    format!("{name}, 0x{:08X}", err as u32)
}

/// What a failure to set up a context with the service means. Besides
/// what [`map_error`] tells, an internal, unknown or resource error here
/// means the smart card service (on Windows: the Smart Card subsystem)
/// cannot be used at all, before any reader or card is involved: a cause
/// in the service layer, with the raw code as its detail.
pub fn map_establish_error(err: pcsc::Error) -> CardError {
    use pcsc::Error as E;
    match err {
        E::InternalError | E::UnknownError | E::NoMemory | E::ServerTooBusy => {
            CardError::ServiceUnusable(format!("SCardEstablishContext: {}", scard_code(err)))
        }
        other => map_error(other, "", "connecting to the smart card service"),
    }
}

impl Pcsc {
    /// Connects to the PC/SC service, telling "not running", "denied" and
    /// the rest apart.
    pub fn establish() -> Result<Pcsc, CardError> {
        let ctx = Context::establish(Scope::User).map_err(map_establish_error)?;
        Ok(Pcsc { ctx })
    }

    /// Every reader with the state of its slot. No readers is an empty
    /// list, not an error: the caller decides what that means.
    pub fn readers(&self) -> Result<Vec<ReaderInfo>, CardError> {
        let names = match self.ctx.list_readers_owned() {
            Ok(names) => names,
            Err(pcsc::Error::NoReadersAvailable) => return Ok(Vec::new()),
            Err(e) => return Err(map_error(e, "", "listing readers")),
        };
        let mut states: Vec<pcsc::ReaderState> = names
            .iter()
            .map(|n| pcsc::ReaderState::new(n.clone(), State::UNAWARE))
            .collect();
        if !states.is_empty() {
            // UNAWARE makes the call return the present state at once; the
            // timeout is only a guard.
            self.ctx
                .get_status_change(Duration::from_secs(2), &mut states)
                .map_err(|e| map_error(e, "", "reading reader states"))?;
        }
        Ok(states
            .iter()
            .enumerate()
            .map(|(index, s)| {
                let state = SlotState::from_flags(s.event_state());
                ReaderInfo {
                    index,
                    name: s.name().to_string_lossy().into_owned(),
                    state,
                    atr: (state.has_card() && !s.atr().is_empty()).then(|| s.atr().to_vec()),
                }
            })
            .collect())
    }

    /// Waits until any of `readers` changes state or `timeout` passes;
    /// returns the new states. Used to wait for a card without sleeping.
    pub fn wait_for_change(
        &self,
        readers: &[ReaderInfo],
        timeout: Duration,
    ) -> Result<bool, CardError> {
        let mut states: Vec<pcsc::ReaderState> = readers
            .iter()
            .filter_map(|r| CString::new(r.name.clone()).ok())
            .map(|n| pcsc::ReaderState::new(n, State::UNAWARE))
            .collect();
        states.push(pcsc::ReaderState::new(
            pcsc::PNP_NOTIFICATION(),
            State::UNAWARE,
        ));
        let _ = self.ctx.get_status_change(Duration::ZERO, &mut states);
        for s in &mut states {
            s.sync_current_state();
        }
        match self.ctx.get_status_change(timeout, &mut states) {
            Ok(()) => Ok(true),
            Err(pcsc::Error::Timeout) => Ok(false),
            Err(e) => Err(map_error(e, "", "waiting for a card")),
        }
    }

    /// Connects to the card in `reader`, shared, with T=0 or T=1.
    pub fn connect(&self, reader: &str) -> Result<PcscCard, CardError> {
        let name = CString::new(reader).map_err(|_| CardError::ReaderNotFound {
            query: reader.into(),
            available: Vec::new(),
        })?;
        let card = self
            .ctx
            .connect(&name, ShareMode::Shared, Protocols::T0 | Protocols::T1)
            .map_err(|e| map_error(e, reader, "connecting to the card"))?;
        let mut guard = PcscCard {
            card: Some(card),
            reader: reader.to_string(),
            atr: Vec::new(),
            protocol: None,
        };
        if let Some(card) = guard.card.as_ref() {
            let status = card
                .status2_owned()
                .map_err(|e| map_error(e, reader, "reading the card status"))?;
            guard.atr = status.atr().to_vec();
            guard.protocol = match status.protocol2() {
                Some(pcsc::Protocol::T0) => Some(Protocol::T0),
                Some(pcsc::Protocol::T1) => Some(Protocol::T1),
                _ => None,
            };
        }
        Ok(guard)
    }
}

/// A connected card that is always left as it was.
pub struct PcscCard {
    card: Option<pcsc::Card>,
    reader: String,
    atr: Vec<u8>,
    /// T=0 or T=1 as the reader reports it (`None`: raw or unknown).
    protocol: Option<Protocol>,
}

impl PcscCard {
    pub fn atr(&self) -> &[u8] {
        &self.atr
    }

    pub fn reader(&self) -> &str {
        &self.reader
    }

    /// Runs `f` inside one PC/SC transaction, so no other program's
    /// commands interleave with ours; the transaction ends with LeaveCard.
    pub fn transaction<R>(
        &mut self,
        f: impl FnOnce(&mut dyn Transport) -> Result<R, CardError>,
    ) -> Result<R, CardError> {
        let reader = self.reader.clone();
        let card = self.card.as_mut().ok_or(CardError::CardRemoved)?;
        let tx = card
            .transaction()
            .map_err(|e| map_error(e, &reader, "starting a transaction"))?;
        let mut transport = TxTransport {
            tx: &tx,
            atr: &self.atr,
            reader: &reader,
            protocol: self.protocol,
            buffer: vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED],
        };
        let result = f(&mut transport);
        // Ends with LeaveCard; an error here (card gone) changes nothing.
        let _ = tx.end(Disposition::LeaveCard);
        result
    }
}

impl Drop for PcscCard {
    fn drop(&mut self) {
        if let Some(card) = self.card.take() {
            if let Err((card, _)) = card.disconnect(Disposition::LeaveCard) {
                // The crate's own Drop would reset the card: never let it
                // run. The handle dies with the process or the context.
                std::mem::forget(card);
            }
        }
    }
}

/// How long to wait for the reader to confirm that a card which stopped
/// answering has gone: pcscd polls its readers about every 400 ms.
const REMOVAL_CONFIRM: Duration = Duration::from_millis(1200);

/// Whether the card has left the reader, polling its status briefly.
fn card_gone(card: &pcsc::Card) -> bool {
    let until = std::time::Instant::now() + REMOVAL_CONFIRM;
    loop {
        match card.status2_owned() {
            Err(pcsc::Error::RemovedCard | pcsc::Error::NoSmartcard) => return true,
            Ok(status) if status.status().contains(pcsc::Status::ABSENT) => return true,
            Err(_) => return false,
            Ok(_) => {}
        }
        if std::time::Instant::now() >= until {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

struct TxTransport<'a> {
    tx: &'a pcsc::Transaction<'a>,
    atr: &'a [u8],
    reader: &'a str,
    protocol: Option<Protocol>,
    buffer: Vec<u8>,
}

impl Transport for TxTransport<'_> {
    fn transmit(&mut self, apdu: &CheckedApdu) -> Result<Vec<u8>, CardError> {
        match self.tx.transmit(apdu.as_bytes(), &mut self.buffer) {
            Ok(answer) if answer.len() < 2 => {
                // No status word is no answer at all. Seen with vpcd when the
                // card goes mid-command: pcscd reports success with zero
                // bytes and notices the removal only at its next poll. Ask
                // the reader before calling the card's answer garbage.
                let answer = answer.to_vec();
                if card_gone(self.tx) {
                    Err(CardError::CardRemoved)
                } else {
                    Ok(answer)
                }
            }
            Ok(answer) => Ok(answer.to_vec()),
            // A reader or driver that cannot carry an extended APDU says so
            // with one of these; the caller falls back to short reads.
            Err(pcsc::Error::InvalidParameter | pcsc::Error::InsufficientBuffer)
                if apdu.as_bytes().len() > 4 && apdu.as_bytes()[4] == 0 =>
            {
                Ok(vec![0x67, 0x00])
            }
            Err(e) => Err(map_error(e, self.reader, "reading the card")),
        }
    }

    fn atr(&self) -> &[u8] {
        self.atr
    }

    fn extended_length_hint(&self) -> bool {
        self.protocol != Some(Protocol::T0)
    }

    fn protocol(&self) -> Option<Protocol> {
        self.protocol
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_state_picks_the_telling_flag() {
        assert_eq!(SlotState::from_flags(State::EMPTY), SlotState::Empty);
        assert_eq!(SlotState::from_flags(State::PRESENT), SlotState::Present);
        assert_eq!(
            SlotState::from_flags(State::PRESENT | State::INUSE),
            SlotState::InUse
        );
        assert_eq!(
            SlotState::from_flags(State::PRESENT | State::INUSE | State::EXCLUSIVE),
            SlotState::Exclusive
        );
        assert_eq!(
            SlotState::from_flags(State::PRESENT | State::MUTE),
            SlotState::Mute
        );
        assert_eq!(
            SlotState::from_flags(State::UNAVAILABLE),
            SlotState::Unavailable
        );
        assert!(!SlotState::Empty.has_card());
        assert!(SlotState::Exclusive.has_card());
    }

    #[test]
    fn errors_map_to_the_fields_words() {
        assert!(matches!(
            map_error(pcsc::Error::NoService, "", "x"),
            CardError::ServiceNotRunning(_)
        ));
        assert_eq!(
            map_error(pcsc::Error::NoAccess, "", "x"),
            CardError::AccessDenied
        );
        assert_eq!(
            map_error(pcsc::Error::SharingViolation, "R", "x"),
            CardError::CardInUse { reader: "R".into() }
        );
        assert_eq!(
            map_error(pcsc::Error::RemovedCard, "R", "x"),
            CardError::CardRemoved
        );
    }

    #[test]
    fn windows_service_codes_are_the_service_layer_with_the_raw_code() {
        // Windows: SCARD_E_NO_SERVICE, or SCARD_E_SERVICE_STOPPED once the
        // last reader is unplugged.
        for (err, raw) in [
            (pcsc::Error::NoService, "SCARD_E_NO_SERVICE, 0x8010001D"),
            (
                pcsc::Error::ServiceStopped,
                "SCARD_E_SERVICE_STOPPED, 0x8010001E",
            ),
        ] {
            for e in [map_error(err, "", "x"), map_establish_error(err)] {
                match &e {
                    CardError::ServiceNotRunning(detail) => assert!(detail.contains(raw), "{e}"),
                    other => panic!("{err:?}: {other:?}"),
                }
            }
        }
        // Wine's stub WinSCard, or a broken Smart Card subsystem.
        let e = map_establish_error(pcsc::Error::InternalError);
        assert_eq!(
            e,
            CardError::ServiceUnusable(
                "SCardEstablishContext: SCARD_F_INTERNAL_ERROR, 0x80100001".into()
            )
        );
        assert_eq!(e.code(), "service_unusable");
        // Later in a session the same code stays a plain PC/SC error.
        assert!(matches!(
            map_error(pcsc::Error::InternalError, "", "x"),
            CardError::Pcsc { .. }
        ));
        assert_eq!(scard_code(pcsc::Error::Timeout), "Timeout, 0x8010000A");
    }
}
