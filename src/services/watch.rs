//! Following readers and cards over time, for `sithsctl watch`: which
//! readers come and go, which cards are inserted and removed. The PC/SC
//! service may restart under us (an update, a crash, Windows stopping it
//! when the last reader goes): then the context is dropped and established
//! again, with a growing but bounded pause between tries.

use std::time::{Duration, Instant};

use crate::reading::card::pcsc::{Pcsc, ReaderInfo};
use crate::reading::card::CardError;

/// Something that changed since the last look.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    ReaderAdded {
        reader: String,
    },
    ReaderRemoved {
        reader: String,
    },
    /// A card is in the reader that was not there before (or was there
    /// when watching began, or when the service came back).
    CardInserted {
        reader: String,
    },
    CardRemoved {
        reader: String,
    },
    /// The service stopped answering; the watcher keeps trying.
    ServiceLost {
        error: CardError,
    },
    /// The service answers again; readers and cards are reported afresh.
    ServiceBack,
}

/// First pause before trying the service again; doubled up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
/// Longest pause between tries: pcscd is socket-activated on most Linux
/// systems and back within a second, so a few seconds is plenty.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Pause after an error that is not the service going away, so a reader
/// that keeps failing does not make the watcher spin.
const TROUBLE_PAUSE: Duration = Duration::from_millis(100);

/// Watches every reader for changes.
pub struct Watcher {
    pcsc: Option<Pcsc>,
    /// Readers as last seen, with whether a card sat in each.
    known: Vec<(String, bool)>,
    backoff: Duration,
    /// Since when the service has not answered.
    lost_since: Option<Instant>,
    give_up_after: Duration,
}

impl Watcher {
    /// A watcher that gives up when the service stays away longer than
    /// `give_up_after`.
    pub fn new(give_up_after: Duration) -> Watcher {
        Watcher {
            pcsc: None,
            known: Vec::new(),
            backoff: FIRST_BACKOFF,
            lost_since: None,
            give_up_after,
        }
    }

    /// Looks for changes, waiting at most about `timeout` for one. An empty
    /// list means nothing changed in that time. Fails only when the service
    /// has stayed away longer than the watcher was told to wait.
    pub fn poll(&mut self, timeout: Duration) -> Result<Vec<Change>, CardError> {
        let mut changes = Vec::new();
        if self.pcsc.is_none() {
            match Pcsc::establish().and_then(|p| p.readers().map(|r| (p, r))) {
                Ok((pcsc, _)) => {
                    self.pcsc = Some(pcsc);
                    self.backoff = FIRST_BACKOFF;
                    if self.lost_since.take().is_some() {
                        changes.push(Change::ServiceBack);
                    }
                }
                Err(error) => return self.lost(error, timeout),
            }
        }
        let Some(pcsc) = self.pcsc.take() else {
            return Ok(changes);
        };
        let readers = match pcsc.readers() {
            Ok(readers) => readers,
            Err(error) => return self.trouble(pcsc, error, timeout),
        };
        changes.extend(self.diff(&readers));
        if !changes.is_empty() {
            self.pcsc = Some(pcsc);
            return Ok(changes);
        }
        let waited = pcsc.wait_for_change(&readers, timeout);
        self.pcsc = Some(pcsc);
        match waited {
            Ok(_) => Ok(changes),
            Err(error) => {
                let pcsc = self.pcsc.take();
                match pcsc {
                    Some(pcsc) => self.trouble(pcsc, error, timeout),
                    None => Ok(changes),
                }
            }
        }
    }

    /// An error while listing or waiting: a service that went away is
    /// lost; anything else (a reader unplugged between two calls) is passed
    /// over and the readers are looked at again.
    fn trouble(
        &mut self,
        pcsc: Pcsc,
        error: CardError,
        timeout: Duration,
    ) -> Result<Vec<Change>, CardError> {
        match error {
            CardError::ServiceNotRunning(_) => self.lost(error, timeout),
            _ => {
                self.pcsc = Some(pcsc);
                std::thread::sleep(TROUBLE_PAUSE.min(timeout));
                Ok(Vec::new())
            }
        }
    }

    /// What changed between what we knew and `readers`; remembers `readers`.
    fn diff(&mut self, readers: &[ReaderInfo]) -> Vec<Change> {
        let mut changes = Vec::new();
        for (name, had_card) in &self.known {
            if !readers.iter().any(|r| &r.name == name) {
                if *had_card {
                    changes.push(Change::CardRemoved {
                        reader: name.clone(),
                    });
                }
                changes.push(Change::ReaderRemoved {
                    reader: name.clone(),
                });
            }
        }
        for r in readers {
            let has_card = r.state.has_card();
            let before = self.known.iter().find(|(n, _)| n == &r.name).map(|k| k.1);
            if before.is_none() {
                changes.push(Change::ReaderAdded {
                    reader: r.name.clone(),
                });
            }
            match (before.unwrap_or(false), has_card) {
                (false, true) => changes.push(Change::CardInserted {
                    reader: r.name.clone(),
                }),
                (true, false) => changes.push(Change::CardRemoved {
                    reader: r.name.clone(),
                }),
                _ => {}
            }
        }
        self.known = readers
            .iter()
            .map(|r| (r.name.clone(), r.state.has_card()))
            .collect();
        changes
    }

    /// The service is gone: drop the context, forget the readers, pause.
    fn lost(&mut self, error: CardError, timeout: Duration) -> Result<Vec<Change>, CardError> {
        self.pcsc = None;
        self.known.clear();
        match self.lost_since {
            None => {
                self.lost_since = Some(Instant::now());
                Ok(vec![Change::ServiceLost { error }])
            }
            Some(since) if since.elapsed() > self.give_up_after => Err(error),
            Some(_) => {
                std::thread::sleep(self.backoff.min(timeout));
                self.backoff = (self.backoff * 2).min(MAX_BACKOFF);
                Ok(Vec::new())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reading::card::pcsc::SlotState;

    fn reader(name: &str, state: SlotState) -> ReaderInfo {
        ReaderInfo {
            index: 0,
            name: name.into(),
            state,
            atr: None,
        }
    }

    #[test]
    fn diff_tells_readers_and_cards_coming_and_going() {
        let mut w = Watcher::new(Duration::from_secs(1));
        let first = w.diff(&[
            reader("A", SlotState::Present),
            reader("B", SlotState::Empty),
        ]);
        assert_eq!(
            first,
            vec![
                Change::ReaderAdded { reader: "A".into() },
                Change::CardInserted { reader: "A".into() },
                Change::ReaderAdded { reader: "B".into() },
            ]
        );
        let second = w.diff(&[reader("A", SlotState::Empty), reader("B", SlotState::InUse)]);
        assert_eq!(
            second,
            vec![
                Change::CardRemoved { reader: "A".into() },
                Change::CardInserted { reader: "B".into() },
            ]
        );
        let third = w.diff(&[reader("A", SlotState::Empty)]);
        assert_eq!(
            third,
            vec![
                Change::CardRemoved { reader: "B".into() },
                Change::ReaderRemoved { reader: "B".into() },
            ]
        );
        assert!(w.diff(&[reader("A", SlotState::Empty)]).is_empty());
    }

    #[test]
    fn a_lost_service_is_reported_once_then_retried_then_given_up() {
        let mut w = Watcher::new(Duration::from_millis(50));
        let e = CardError::ServiceNotRunning("gone".into());
        assert!(matches!(
            w.lost(e.clone(), Duration::from_millis(10))
                .unwrap()
                .as_slice(),
            [Change::ServiceLost { .. }]
        ));
        assert!(w
            .lost(e.clone(), Duration::from_millis(10))
            .unwrap()
            .is_empty());
        std::thread::sleep(Duration::from_millis(60));
        assert!(w.lost(e, Duration::from_millis(10)).is_err());
    }
}
