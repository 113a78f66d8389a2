//! The lists of a card drive: whose card needs the organisation's
//! certificate ordered (and with what data), and whose card has it (and
//! which HSA-ID to register). One row per person: cards that share an
//! HSA-ID belong to one person.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate};

use super::fold::{CardState, Interner, NONE};
use super::judge::Judgement;
use super::observation::RoleKind;
use super::summary::{FleetOrder, FleetRegistration};
use crate::base::documents::rfc3339;
use crate::services::order;
use crate::understanding::siths::issuers::IssuerClass;
use crate::understanding::siths::orgs::Org;

/// What one card gives the lists.
pub(super) struct Entry {
    /// The card's HSA-IDs: who the person is.
    hsa_ids: Vec<String>,
    time: i64,
    row: Row,
}

enum Row {
    Order(FleetOrder),
    Register(FleetRegistration),
}

fn class_of(c: &super::observation::ClassKind) -> IssuerClass {
    use super::observation::ClassKind as K;
    match c {
        K::Production | K::NotRecorded => IssuerClass::Production,
        K::Legacy => IssuerClass::Legacy,
        K::Test => IssuerClass::Test,
        K::Unknown => IssuerClass::Unknown,
    }
}

fn date_of(t: i64) -> Option<DateTime<chrono::Utc>> {
    (t != i64::MIN)
        .then(|| DateTime::from_timestamp(t, 0))
        .flatten()
}

/// The holder's name: that of the certificate chosen, else the first
/// name on the card.
fn name_of(card: &CardState, chosen: Option<usize>) -> Option<String> {
    chosen
        .and_then(|i| card.certs[i].holder.as_deref())
        .or_else(|| card.certs.iter().find_map(|c| c.holder.as_deref()))
        .map(str::to_string)
}

/// The card's row for `org`, as `judged` for it: the HSA-ID to register
/// when its `org_cert` (the certificate a login for `org` uses) is there,
/// else the order data, or "a new card" when the card is blocked or ends
/// too soon.
pub(super) fn entry(
    card: &CardState,
    names: &Interner,
    org: &Org,
    judged: &Judgement,
    card_end: Option<NaiveDate>,
    at: i64,
    card_days: i64,
) -> Entry {
    let mut hsa_ids: Vec<String> = Vec::new();
    for c in &card.certs {
        if let Some(h) = &c.hsa_id {
            if !hsa_ids.iter().any(|x| x == h.as_ref()) {
                hsa_ids.push(h.to_string());
            }
        }
    }
    let card_number = card.card_number.as_deref().map(str::to_string);
    let row = match judged.org_cert {
        Some(i) => {
            let c = &card.certs[i];
            Row::Register(FleetRegistration {
                org_number: org.number.clone(),
                name: name_of(card, Some(i)),
                hsa_id: c.hsa_id.as_deref().unwrap_or_default().to_string(),
                valid_to: date_of(c.not_after)
                    .map(|d| d.date_naive())
                    .unwrap_or_default(),
                card_number,
            })
        }
        None => {
            let at_time = DateTime::from_timestamp(at, 0).unwrap_or_default();
            // The card's current identification certificate, chosen as
            // `order-info` chooses it.
            let current = card
                .certs
                .iter()
                .enumerate()
                .filter(|(_, c)| c.role == RoleKind::Identification)
                .filter_map(|(i, c)| date_of(c.not_after).map(|t| (i, c, t)))
                .max_by_key(|(_, c, t)| {
                    order::current_rank(
                        c.not_after >= at,
                        c.hsa_id.is_some(),
                        class_of(&c.class),
                        *t,
                    )
                })
                .map(|(i, _, _)| i);
            let (mut valid_until, mut valid_until_source) = order::valid_until(
                card_end,
                card.certs
                    .iter()
                    .filter(|c| c.role == RoleKind::Identification)
                    .filter_map(|c| date_of(c.not_after)),
            );
            let issuer = current
                .map(|i| card.certs[i].issuer)
                .filter(|&i| i != NONE)
                .map(|i| names.name(i).to_string());
            let revoked = judged.blocked;
            let new_card_needed =
                revoked || order::card_ends_too_soon(card_end, at_time, card_days);
            if new_card_needed {
                // No order, so no date to order with (as `order-info`).
                (valid_until, valid_until_source) = (None, None);
            }
            Row::Order(FleetOrder {
                org_number: org.number.clone(),
                name: name_of(card, current),
                hsa_ids: hsa_ids.clone(),
                card_number,
                issuer,
                valid_until,
                valid_until_source,
                card_expiry: card_end,
                new_card_needed,
                revoked,
                host: names.name(card.host).to_string(),
                seen_at: date_of(card.time).map(rfc3339).unwrap_or_default(),
            })
        }
    };
    // Test HSA-IDs never make two cards one person's.
    let hsa_ids = card
        .certs
        .iter()
        .filter(|c| !c.test_hsa_id)
        .filter_map(|c| c.hsa_id.as_deref().map(str::to_string))
        .collect();
    Entry {
        hsa_ids,
        time: card.time,
        row,
    }
}

/// One row per person: cards sharing an HSA-ID are one person's. A
/// person with the certificate on any card is registered (the
/// certificate lasting longest), never ordered for; else the order is for
/// the card seen last. Each list sorted by name, then card number.
pub(super) fn people(entries: Vec<Entry>) -> (Vec<FleetOrder>, Vec<FleetRegistration>) {
    let mut parent: Vec<usize> = (0..entries.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        for h in &e.hsa_ids {
            match seen.get(h.as_str()) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    if a != b {
                        parent[a] = b;
                    }
                }
                None => {
                    seen.insert(h, i);
                }
            }
        }
    }
    let mut best: HashMap<usize, usize> = HashMap::new();
    let better = |a: &Entry, b: &Entry| -> bool {
        // Is `a` a better row for the person than `b`?
        match (&a.row, &b.row) {
            (Row::Register(x), Row::Register(y)) => x.valid_to > y.valid_to,
            (Row::Register(_), Row::Order(_)) => true,
            (Row::Order(_), Row::Register(_)) => false,
            (Row::Order(_), Row::Order(_)) => a.time > b.time,
        }
    };
    for i in 0..entries.len() {
        let r = root(&mut parent, i);
        match best.get(&r) {
            Some(&j) if !better(&entries[i], &entries[j]) => {}
            _ => {
                best.insert(r, i);
            }
        }
    }
    let mut keep = vec![false; entries.len()];
    for i in best.into_values() {
        keep[i] = true;
    }
    let mut orders = Vec::new();
    let mut registrations = Vec::new();
    for (e, kept) in entries.into_iter().zip(keep) {
        if !kept {
            continue;
        }
        match e.row {
            Row::Order(o) => orders.push(o),
            Row::Register(r) => registrations.push(r),
        }
    }
    orders.sort_by(|a, b| (&a.name, &a.card_number).cmp(&(&b.name, &b.card_number)));
    registrations.sort_by(|a, b| (&a.name, &a.hsa_id).cmp(&(&b.name, &b.hsa_id)));
    (orders, registrations)
}
