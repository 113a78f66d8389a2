//! The `fleet` report parser: whatever the bytes of a report file or
//! stream, reading them ends, and the summary adds up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sithsctl::services::fleet::{summarise_bytes, Options};
use sithsctl::understanding::siths::orgs::Registry;

fuzz_target!(|data: &[u8]| {
    let org = Registry::builtin().by_number("2321000057").cloned();
    let options = Options {
        org: org.clone(),
        orders: org.clone(),
        register: org,
        ..Options::new(
            chrono::DateTime::from_timestamp(1_795_478_400, 0).expect("2026-11-24"),
            Registry::builtin(),
        )
    };
    let (s, skips) = summarise_bytes(data, &options);
    let i = &s.inputs;
    assert_eq!(i.files, 1);
    // Each skip told in full is counted; past a few, one line sums up the rest.
    assert!(skips.len() as u64 <= i.skipped + 1, "{skips:?} {i:?}");
    assert!(skips.iter().all(|k| k.line.is_none_or(|l| l >= 1)));
    let c = &s.cards;
    assert!(c.total <= i.reports);
    assert_eq!(c.pass + c.warn + c.fail, c.total);
    assert!(c.passed <= c.checked && c.checked <= c.total);
    let k = &s.certificates;
    assert_eq!(k.valid + k.expiring + k.expired + k.not_yet_valid, k.total);
    assert!(k.expiring_within_30_days <= k.expiring_within_60_days);
    assert!(k.expiring_within_60_days <= k.expiring_within_90_days);
    assert!(k.expiring <= k.expiring_within_30_days);
    assert!(s.needs_action.len() as u64 <= c.total);
    if let Some(org) = &s.org {
        assert_eq!(
            org.cards_with_certificate + org.cards_missing_certificate,
            c.total
        );
    }
    assert!(s.organisations.iter().all(|o| o.cards <= c.total));
    assert!(s.issuers.iter().map(|x| x.certificates).sum::<u64>() <= k.total);
    // Every byte of the input is in one report, one skip or whitespace:
    // nothing read is more than was there.
    assert!(i.reports + i.ignored + i.skipped + c.unreadable_reads <= data.len() as u64);
    serde_json::to_string(&s).expect("the summary serialises");
});
