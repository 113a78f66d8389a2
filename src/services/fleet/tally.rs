//! Tallying: the folded cards counted into the summary, with expiry
//! judged at the time asked for, and which cards need action and why.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::calendar::Calendar;
use super::fold::{State, NONE};
use super::judge::{Court, DAY, EXPIRING_DAYS};
use super::lists::{entry, people};
use super::summary::{
    FleetAction, FleetCards, FleetCertificates, FleetInputs, FleetIssuerCount, FleetOrg,
    FleetOrgCount, FleetSummary, FleetUnjudged, UNJUDGED_NAMED,
};
use crate::base::documents::rfc3339;
use crate::base::lang::Lang;
use crate::understanding::findings::Verdict;
use crate::understanding::siths::orgs::{Org, Registry};

/// What the summary is judged against.
#[derive(Clone, Debug)]
pub struct Options {
    /// Cards are judged at this time.
    pub at: DateTime<Utc>,
    /// With `--org`: each card is judged for this organisation, and the
    /// cards without its identification certificate are counted.
    pub org: Option<Org>,
    /// With `--orders ORG`: the order list for this organisation.
    pub orders: Option<Org>,
    /// With `--register ORG`: the registration list for this organisation.
    pub register: Option<Org>,
    /// Printed card dates by card number (`--inventory`), for cards whose
    /// reports do not give one.
    pub card_dates: HashMap<String, NaiveDate>,
    /// A card counts as ending this many days before its printed date
    /// (`--warn-days`).
    pub card_days: i64,
    /// The language of the reasons' details.
    pub lang: Lang,
    /// For organisation names.
    pub registry: Registry,
    /// Parsing threads.
    pub threads: usize,
}

impl Options {
    /// Judged at `at`, for no organisation, no lists, English details,
    /// cards ending 30 days before their printed date, one thread.
    pub fn new(at: DateTime<Utc>, registry: Registry) -> Options {
        Options {
            at,
            org: None,
            orders: None,
            register: None,
            card_dates: HashMap::new(),
            card_days: 30,
            lang: Lang::En,
            registry,
            threads: 1,
        }
    }
}

impl State {
    pub(super) fn summary(self, options: &Options, mut inputs: FleetInputs) -> FleetSummary {
        let at = options.at.timestamp();
        inputs.reports = self.reports;
        inputs.ignored = self.ignored;
        inputs.skipped += self.skipped;
        inputs.without_certificates = self.without_certificates;
        let mut cards = FleetCards {
            unreadable_reads: self.unreadable,
            ..Default::default()
        };
        let mut certs = FleetCertificates::default();
        let mut org_count: HashMap<u32, (u64, u64)> = HashMap::new();
        let mut issuer_count: HashMap<u32, u64> = HashMap::new();
        let mut org_with = 0u64;
        let mut org_missing = 0u64;
        let mut actions = Vec::new();
        let names = &self.names;
        let court = |org| Court {
            at,
            org,
            card_days: options.card_days,
            lang: options.lang,
            names,
        };
        let main = court(options.org.as_ref());
        let for_orders = options.orders.as_ref().map(|o| court(Some(o)));
        let for_register = options.register.as_ref().map(|o| court(Some(o)));
        let mut order_entries = Vec::new();
        let mut register_entries = Vec::new();
        let mut calendar = Calendar::new(at);
        for (key, card) in &self.cards {
            let card_end = card.card_end.or_else(|| {
                options
                    .card_dates
                    .get(card.card_number.as_deref()?)
                    .copied()
            });
            let judged = main.judge(card, card_end);
            cards.total += 1;
            let pin_blocked = |(code, _): &(u32, bool)| {
                matches!(
                    self.names.name(*code),
                    "pin_blocked" | "pin_blocked_required"
                )
            };
            if card.problems.iter().any(pin_blocked) {
                cards.pin_blocked += 1;
            }
            if card.certs.iter().any(|c| c.revoked) {
                cards.revoked += 1;
            }
            match judged.verdict {
                Verdict::Pass => cards.pass += 1,
                Verdict::Warn => cards.warn += 1,
                Verdict::Fail => cards.fail += 1,
            }
            if card.checked {
                cards.checked += 1;
                if card.passed {
                    cards.passed += 1;
                }
            }
            calendar.add(card, card_end, at);
            let mut orgs_here: Vec<u32> = Vec::new();
            for c in &card.certs {
                certs.total += 1;
                // An end date that could not be read (`i64::MIN`) counts
                // as ended: saturating, so it cannot wrap round to valid.
                let left = c.not_after.saturating_sub(at);
                if c.not_before > at {
                    certs.not_yet_valid += 1;
                } else if left < 0 {
                    certs.expired += 1;
                } else {
                    if left <= EXPIRING_DAYS * DAY {
                        certs.expiring += 1;
                    } else {
                        certs.valid += 1;
                    }
                    if left <= 30 * DAY {
                        certs.expiring_within_30_days += 1;
                    }
                    if left <= 60 * DAY {
                        certs.expiring_within_60_days += 1;
                    }
                    if left <= 90 * DAY {
                        certs.expiring_within_90_days += 1;
                    }
                }
                if c.issuer != NONE {
                    *issuer_count.entry(c.issuer).or_default() += 1;
                }
                if c.org != NONE {
                    org_count.entry(c.org).or_default().1 += 1;
                    if !orgs_here.contains(&c.org) {
                        orgs_here.push(c.org);
                    }
                }
            }
            for o in orgs_here {
                org_count.entry(o).or_default().0 += 1;
            }
            if options.org.is_some() {
                if judged.org_cert.is_some() {
                    org_with += 1;
                } else {
                    org_missing += 1;
                }
            }
            for (list_court, list_org, entries) in [
                (&for_orders, &options.orders, &mut order_entries),
                (&for_register, &options.register, &mut register_entries),
            ] {
                if let (Some(c), Some(org)) = (list_court, list_org) {
                    let own;
                    let for_list = if options.org.as_ref() == Some(org) {
                        &judged
                    } else {
                        own = c.judge(card, card_end);
                        &own
                    };
                    entries.push(entry(
                        card,
                        &self.names,
                        org,
                        for_list,
                        card_end,
                        at,
                        options.card_days,
                    ));
                }
            }
            if !judged.reasons.is_empty() {
                actions.push(FleetAction {
                    card_number: card.card_number.as_deref().unwrap_or(key).to_string(),
                    host: self.names.name(card.host).to_string(),
                    seen_at: timestamp(card.time),
                    verdict: judged.verdict,
                    reasons: judged.reasons,
                });
            }
        }
        actions.sort_by(|a, b| a.card_number.cmp(&b.card_number));
        let mut unjudged: Vec<FleetUnjudged> = self
            .unjudged
            .values()
            .filter(|u| !self.cards.contains_key(&u.key))
            .map(|u| FleetUnjudged {
                origin: u.origin.clone(),
                line: u.line,
                document: u.document.to_string(),
                card_number: u.card_number.as_deref().map(str::to_string),
            })
            .collect();
        unjudged.sort_by(|a, b| (&a.origin, a.line).cmp(&(&b.origin, b.line)));
        unjudged.truncate(UNJUDGED_NAMED);
        let mut organisations: Vec<FleetOrgCount> = org_count
            .into_iter()
            .map(|(id, (cards, certificates))| {
                let number = self.names.name(id).to_string();
                FleetOrgCount {
                    name: options.registry.by_number(&number).map(|o| o.name.clone()),
                    number,
                    cards,
                    certificates,
                }
            })
            .collect();
        organisations.sort_by(|a, b| b.cards.cmp(&a.cards).then(a.number.cmp(&b.number)));
        let mut issuers: Vec<FleetIssuerCount> = issuer_count
            .into_iter()
            .map(|(id, certificates)| FleetIssuerCount {
                common_name: self.names.name(id).to_string(),
                certificates,
            })
            .collect();
        issuers.sort_by(|a, b| {
            b.certificates
                .cmp(&a.certificates)
                .then(a.common_name.cmp(&b.common_name))
        });
        FleetSummary {
            at: rfc3339(options.at),
            inputs,
            cards,
            certificates: certs,
            org: options.org.as_ref().map(|o| FleetOrg {
                number: o.number.clone(),
                name: o.name.clone(),
                cards_with_certificate: org_with,
                cards_missing_certificate: org_missing,
            }),
            organisations,
            issuers,
            needs_action: actions,
            unjudged,
            orders: options.orders.as_ref().map(|_| people(order_entries).0),
            registrations: options
                .register
                .as_ref()
                .map(|_| people(register_entries).1),
            calendar: calendar.finish(&self.names, &options.registry),
        }
    }
}

fn timestamp(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(rfc3339)
        .unwrap_or_default()
}
