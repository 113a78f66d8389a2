//! The expiry calendar: per month, from the month of `at` on, how many
//! certificates and cards (by their printed date) end, per organisation.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate};

use super::fold::{CardState, Interner, NONE};
use super::summary::{FleetCalendar, FleetCalendarOrg};
use crate::understanding::siths::orgs::Registry;

/// Months the calendar covers.
pub const CALENDAR_MONTHS: usize = 18;

/// Counts per organisation (interned number, or [`NONE`]).
pub(super) struct Calendar {
    first: i32,
    counts: HashMap<u32, (Vec<u64>, Vec<u64>)>,
}

fn month_number(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

impl Calendar {
    pub(super) fn new(at: i64) -> Calendar {
        let first = DateTime::from_timestamp(at, 0)
            .map(|t| month_number(t.date_naive()))
            .unwrap_or(0);
        Calendar {
            first,
            counts: HashMap::new(),
        }
    }

    fn slot(&self, d: NaiveDate) -> Option<usize> {
        let i = month_number(d) - self.first;
        (0..CALENDAR_MONTHS as i32)
            .contains(&i)
            .then_some(i as usize)
    }

    fn counts(&mut self, org: u32) -> &mut (Vec<u64>, Vec<u64>) {
        self.counts
            .entry(org)
            .or_insert_with(|| (vec![0; CALENDAR_MONTHS], vec![0; CALENDAR_MONTHS]))
    }

    /// Adds the card's certificates ending from `at` on, and the card
    /// itself when its printed date `card_end` falls in the calendar (for
    /// each organisation it holds certificates of).
    pub(super) fn add(&mut self, card: &CardState, card_end: Option<NaiveDate>, at: i64) {
        for c in &card.certs {
            if c.not_after < at {
                continue;
            }
            let Some(d) = DateTime::from_timestamp(c.not_after, 0) else {
                continue;
            };
            if let Some(i) = self.slot(d.date_naive()) {
                self.counts(c.org).0[i] += 1;
            }
        }
        let start = DateTime::from_timestamp(at, 0).map(|t| t.date_naive());
        let Some(end) = card_end.filter(|e| start.is_some_and(|s| *e >= s)) else {
            return;
        };
        let Some(i) = self.slot(end) else { return };
        let mut orgs: Vec<u32> = card.certs.iter().map(|c| c.org).collect();
        orgs.sort_unstable();
        orgs.dedup();
        if orgs.len() > 1 {
            orgs.retain(|&o| o != NONE);
        }
        if orgs.is_empty() {
            orgs.push(NONE);
        }
        for o in orgs {
            self.counts(o).1[i] += 1;
        }
    }

    pub(super) fn finish(self, names: &Interner, registry: &Registry) -> FleetCalendar {
        let months = (0..CALENDAR_MONTHS as i32)
            .map(|i| {
                let n = self.first + i;
                format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
            })
            .collect();
        let mut organisations: Vec<FleetCalendarOrg> = self
            .counts
            .into_iter()
            .map(|(org, (certificates, cards))| {
                let number = (org != NONE).then(|| names.name(org).to_string());
                FleetCalendarOrg {
                    name: number
                        .as_deref()
                        .and_then(|n| registry.by_number(n))
                        .map(|o| o.name.clone()),
                    number,
                    certificates,
                    cards,
                }
            })
            .collect();
        let total = |o: &FleetCalendarOrg| -> u64 {
            o.certificates.iter().sum::<u64>() + o.cards.iter().sum::<u64>()
        };
        organisations.sort_by(|a, b| total(b).cmp(&total(a)).then(a.number.cmp(&b.number)));
        FleetCalendar {
            months,
            organisations,
        }
    }
}
