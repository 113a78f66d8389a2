//! Folding: every observation into one small state per card, its latest
//! report only, with names (hosts, issuers, organisations, codes) kept
//! once. Memory grows with the cards, never with the reports.

use std::collections::HashMap;
use std::sync::mpsc::Receiver;

use chrono::NaiveDate;

use super::observation::{Batch, CardObservation, ClassKind, Observation, RoleKind, Unjudged};

/// Names (hosts, issuers, organisation numbers, finding codes) kept once.
#[derive(Default)]
pub(super) struct Interner {
    names: Vec<Box<str>>,
    index: HashMap<Box<str>, u32>,
}

/// No name.
pub(super) const NONE: u32 = u32::MAX;

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.into());
        self.index.insert(name.into(), id);
        id
    }

    fn opt(&mut self, name: Option<&str>) -> u32 {
        name.map_or(NONE, |n| self.id(n))
    }

    pub(super) fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", |n| n)
    }
}

/// One card, by its latest report, reduced to what the summary needs.
pub(super) struct CardState {
    pub(super) card_number: Option<Box<str>>,
    pub(super) host: u32,
    pub(super) time: i64,
    pub(super) checked: bool,
    pub(super) passed: bool,
    pub(super) card_end: Option<NaiveDate>,
    /// Its report's rank among the card's reports (see [`rank`]).
    rank: (i64, usize, usize, i64),
    pub(super) certs: Vec<CertState>,
    /// Finding codes (interned), with `true` for fail.
    pub(super) problems: Vec<(u32, bool)>,
}

pub(super) struct CertState {
    pub(super) not_before: i64,
    pub(super) not_after: i64,
    pub(super) role: RoleKind,
    pub(super) issuer: u32,
    pub(super) org: u32,
    pub(super) class: ClassKind,
    pub(super) chain_bad: bool,
    /// Found revoked when the report was made.
    pub(super) revoked: bool,
    pub(super) test_hsa_id: bool,
    pub(super) hsa_id: Option<Box<str>>,
    pub(super) holder: Option<Box<str>>,
}

/// Which of two reports of a card at the same time is kept: the outcome
/// must not depend on the order threads finish in.
fn rank(c: &CardObservation) -> (i64, usize, usize, i64) {
    (
        c.time,
        c.certs.len(),
        c.problems.len(),
        c.certs
            .iter()
            .map(|x| x.not_after)
            .max()
            .unwrap_or(i64::MIN),
    )
}

#[derive(Default)]
pub(super) struct State {
    pub(super) cards: HashMap<Box<str>, CardState>,
    /// Reports without certificates, one per card.
    pub(super) unjudged: HashMap<Box<str>, Unjudged>,
    pub(super) names: Interner,
    pub(super) reports: u64,
    pub(super) without_certificates: u64,
    pub(super) ignored: u64,
    pub(super) skipped: u64,
    pub(super) unreadable: u64,
}

/// The aggregating thread: folds every observation into the per-card state.
pub(super) fn fold(rx: Receiver<Batch>) -> State {
    let mut state = State::default();
    for batch in rx {
        state.fold(batch);
    }
    state
}

impl State {
    pub(super) fn fold(&mut self, batch: Batch) {
        for o in batch {
            match o {
                Observation::Card(c) => self.add(c),
                Observation::Unjudged(u) => {
                    self.without_certificates += 1;
                    self.unjudged.entry(u.key.clone()).or_insert(u);
                }
                Observation::Unreadable => self.unreadable += 1,
                Observation::Ignored => self.ignored += 1,
                Observation::Skipped => self.skipped += 1,
            }
        }
    }

    fn add(&mut self, c: CardObservation) {
        self.reports += 1;
        // The latest report of a card wins (see `rank` for a tie).
        let rank = rank(&c);
        if let Some(old) = self.cards.get(&c.key) {
            if old.rank >= rank {
                return;
            }
        }
        let names = &mut self.names;
        let card = CardState {
            card_number: c.card_number,
            host: names.id(&c.host),
            time: c.time,
            checked: c.checked,
            passed: c.passed,
            card_end: c.card_end,
            rank,
            certs: c
                .certs
                .into_iter()
                .map(|x| CertState {
                    not_before: x.not_before,
                    not_after: x.not_after,
                    role: x.role,
                    issuer: names.opt(x.issuer.as_deref()),
                    org: names.opt(x.org.as_deref()),
                    class: x.class,
                    chain_bad: x.chain_bad,
                    revoked: x.revoked,
                    test_hsa_id: x.test_hsa_id,
                    hsa_id: x.hsa_id,
                    holder: x.holder,
                })
                .collect(),
            problems: c
                .problems
                .iter()
                .map(|(code, fail)| (names.id(code), *fail))
                .collect(),
        };
        self.cards.insert(c.key, card);
    }
}
