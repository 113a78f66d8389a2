//! Where doctor meets the world: the PC/SC stack, or a card image seen as
//! one reader. Layers ask only through [`Environment`], so what cannot be
//! staged end to end (no readers at all, a polkit denial) is tested with a
//! fake one.

use std::time::{Duration, Instant};

use super::middleware;
use crate::reading::card::pcsc::{Pcsc, ReaderInfo, SlotState};
use crate::reading::card::CardError;
use crate::reading::card_read::CardRead;
use crate::reading::layout::pkcs15::Wanted;
use crate::reading::read::{self, read_card, with_deadline, Source};

/// What doctor needs from the world.
pub trait Environment {
    /// Whether a PC/SC stack is behind this (false for card images).
    fn is_pcsc(&self) -> bool;
    /// Connects to the service and lists the readers with their states.
    fn readers(&self) -> Result<Vec<ReaderInfo>, CardError>;
    /// Reads the card in `reader`.
    fn read(&self, reader: &str, timeout: Duration) -> Result<CardRead, CardError>;
    /// Waits up to `timeout` for a card to be inserted (into the reader
    /// `reader` names, as `--reader` does, or any); returns the reader it
    /// went into.
    fn wait_for_card(
        &self,
        reader: Option<&str>,
        timeout: Duration,
    ) -> Result<Option<String>, CardError>;
    /// The middleware (PKCS#11 modules) to compare with the direct read;
    /// `None`: no middleware layer.
    fn middleware(&self) -> Option<Box<dyn middleware::MiddlewareProbe>> {
        None
    }
}

/// The real PC/SC stack.
pub struct PcscEnvironment {
    pub timeout: Duration,
    /// Ask the card for its PINs' state where that is safe (off with
    /// `--no-pin-status`).
    pub pin_status: bool,
}

impl Environment for PcscEnvironment {
    fn is_pcsc(&self) -> bool {
        true
    }

    fn readers(&self) -> Result<Vec<ReaderInfo>, CardError> {
        with_deadline(self.timeout, "listing readers", || {
            Pcsc::establish()?.readers()
        })
    }

    fn read(&self, reader: &str, timeout: Duration) -> Result<CardRead, CardError> {
        let reader = reader.to_string();
        let wanted = Wanted::EVERYTHING.asking_pin_status(self.pin_status);
        with_deadline(timeout, "reading the card", move || {
            read::read_one(&Pcsc::establish()?, &reader, timeout, wanted)
        })
    }

    fn wait_for_card(
        &self,
        reader: Option<&str>,
        timeout: Duration,
    ) -> Result<Option<String>, CardError> {
        let until = Instant::now() + timeout;
        let pcsc = Pcsc::establish()?;
        loop {
            let readers = pcsc.readers()?;
            if let Some(r) = card_in(&readers, reader) {
                return Ok(Some(r.name.clone()));
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            // Sleeps in pcscd until a reader or card changes.
            pcsc.wait_for_change(&readers, left.min(Duration::from_secs(1)))?;
        }
    }

    fn middleware(&self) -> Option<Box<dyn middleware::MiddlewareProbe>> {
        // The configuration's extra modules (`pkcs11_modules`), if any.
        let configured =
            crate::services::config::path(std::env::var_os("SITHSCTL_CONFIG").map(Into::into))
                .and_then(|p| crate::services::config::Config::load(&p).ok())
                .map(|c| c.pkcs11_modules)
                .unwrap_or_default();
        Some(Box::new(middleware::SystemMiddleware {
            configured,
            reader: None,
        }))
    }
}

/// A card image or the demo card, seen as one reader holding the card.
pub struct ImageEnvironment {
    pub source: Source,
    /// As [`PcscEnvironment::pin_status`]: the simulated card is asked as
    /// a real one would be.
    pub pin_status: bool,
}

impl Environment for ImageEnvironment {
    fn is_pcsc(&self) -> bool {
        false
    }

    fn readers(&self) -> Result<Vec<ReaderInfo>, CardError> {
        let (name, atr) = match &self.source {
            Source::Image(path) => (
                format!("--image {}", path.display()),
                crate::reading::card::image::CardImage::load(path)?.atr,
            ),
            _ => (read::DEMO_NAME.to_string(), read::demo_image()?.atr),
        };
        Ok(vec![ReaderInfo {
            index: 0,
            name,
            state: SlotState::Present,
            atr: Some(atr),
        }])
    }

    fn read(&self, _reader: &str, timeout: Duration) -> Result<CardRead, CardError> {
        read_card(
            &self.source,
            timeout,
            Wanted::EVERYTHING.asking_pin_status(self.pin_status),
        )
    }

    fn wait_for_card(
        &self,
        _reader: Option<&str>,
        _timeout: Duration,
    ) -> Result<Option<String>, CardError> {
        Ok(self.readers()?.first().map(|r| r.name.clone()))
    }
}

/// The reader holding a card that `--wait` waits for: the one `query`
/// names (as `--reader` picks it), or any.
pub(super) fn card_in<'r>(
    readers: &'r [ReaderInfo],
    query: Option<&str>,
) -> Option<&'r ReaderInfo> {
    match query {
        Some(q) => read::select_reader(readers, q)
            .ok()
            .filter(|r| r.state.has_card()),
        None => readers.iter().find(|r| r.state.has_card()),
    }
}
