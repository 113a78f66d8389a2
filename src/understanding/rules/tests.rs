//! The rules on the test PKI's certificates (tests/data/pki), at a fixed
//! date so they never rot.

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::reading::layout::pkcs15::{CardCertificate, Directory};
use crate::understanding::analysis::{analyse_card, AnalysedCert};
use crate::understanding::cert::CaSet;
use crate::understanding::findings::{Code, Verdict};
use crate::understanding::inventory::Inventory;
use crate::understanding::siths::orgs::{resolve, Org, Registry};

fn der(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pki")
        .join(format!("{name}.der"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn card(files: &[&str]) -> Vec<AnalysedCert> {
    let on_card: Vec<CardCertificate> = files
        .iter()
        .enumerate()
        .map(|(n, f)| CardCertificate {
            label: Some((*f).to_string()),
            id: format!("{n:02}"),
            authority: f.starts_with("ca-"),
            directory: Directory::Certificates,
            path: String::new(),
            der: der(f),
        })
        .collect();
    analyse_card(&on_card, CaSet::for_test_pki())
}

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-24T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn opts() -> Options<'static> {
    Options {
        now: at(),
        warn_days: 30,
        show_personal_numbers: false,
        card_expiry: None,
        inventory: None,
        policy: Policy::default(),
    }
}

fn org(q: &str) -> Option<Org> {
    Some(resolve(q, &Registry::builtin()).unwrap().clone())
}

fn codes(e: &Evaluation) -> Vec<&'static str> {
    e.findings.iter().map(|f| f.code.as_str()).collect()
}

const A: &[&str] = &[
    "card-a-hsa-ident",
    "card-a-hsa-sign",
    "card-a-pnr-ident",
    "card-a-pnr-sign",
    "card-a-legacy-ident",
    "card-a-legacy-sign",
    "ca-person-hsa-id-3",
    "ca-person-id-3",
];
const C: &[&str] = &[
    "card-c-rjl-ident",
    "card-c-rjl-sign",
    "card-c-gbg-ident",
    "card-c-gbg-sign",
];

#[test]
fn card_a_passes_for_jonkoping_and_fails_for_ostergotland() {
    let mut o = opts();
    o.policy.org = org("jönköping");
    let e = evaluate(&card(A), Some("9752240000000001013"), &o);
    assert_eq!(e.verdict, Verdict::Pass, "{:?}", codes(&e));
    assert!(e.policy.satisfied);
    assert_eq!(e.policy.hsa_id.as_deref(), Some("SE2321000057-ANAN01"));
    let c = codes(&e);
    assert!(c.contains(&"certificate_expired_replaced"), "{c:?}");
    assert!(c.contains(&"legacy_issuer"));
    assert!(c.contains(&"personal_number_certificate_present"));
    assert!(c.contains(&"org_identification_found"));
    assert_eq!(e.card_number.as_deref(), Some("9752240000000001013"));

    o.policy.org = org("2321000040");
    let e = evaluate(&card(A), None, &o);
    assert_eq!(e.verdict, Verdict::Fail);
    assert!(!e.policy.satisfied);
    assert!(codes(&e).contains(&"org_identification_missing"));
    let missing = e
        .findings
        .iter()
        .find(|f| f.code == Code::OrgIdentificationMissing)
        .unwrap();
    assert!(missing
        .message(crate::base::lang::Lang::En)
        .contains("found: SE2321000057-ANAN01"));
}

#[test]
fn card_c_serves_two_organisations() {
    for q in ["2321000057", "jonkoping", "2120001355", "gbg"] {
        let mut o = opts();
        o.policy.org = org(q);
        o.policy.require_signature = true;
        let e = evaluate(&card(C), None, &o);
        assert!(e.policy.satisfied, "{q}: {:?}", codes(&e));
    }
    let mut o = opts();
    o.policy.org = org("gbg");
    let e = evaluate(&card(C), None, &o);
    assert_eq!(e.policy.hsa_id.as_deref(), Some("SE2120001355-GBG777"));
    assert_eq!(e.groups.len(), 1);
    assert_eq!(e.groups[0].certificates.len(), 4);
}

#[test]
fn expired_certificate_on_a_valid_card_means_renew_the_certificate() {
    let mut o = opts();
    o.card_expiry = NaiveDate::from_ymd_opt(2028, 1, 1);
    let b = card(&["card-b-hsa-ident-expired", "card-b-hsa-sign-expired"]);
    let e = evaluate(&b, Some("9752240000000001021"), &o);
    assert_eq!(e.verdict, Verdict::Fail);
    let c = codes(&e);
    assert!(c.contains(&"renew_certificate_not_card"), "{c:?}");
    // One cause, one failing finding: the expired certificate, named;
    // not also "missing" (it is there) and not its expired partner.
    let failing: Vec<_> = e
        .findings
        .iter()
        .filter(|f| f.severity() == crate::understanding::findings::Severity::Fail)
        .collect();
    assert_eq!(failing.len(), 1, "{c:?}");
    assert!(failing[0]
        .message(crate::base::lang::Lang::En)
        .contains("SE2321000057-ANAN01"));
    assert_eq!(
        failing[0].details.len(),
        1,
        "the signature certificate hangs under it"
    );
    assert!(!c.contains(&"no_valid_hsa_id_identification"));
    // The same with the organisation asked about: not "missing (found: -)".
    let mut with_org = o.clone();
    with_org.policy.org = org("rjl");
    let e2 = evaluate(&b, Some("9752240000000001021"), &with_org);
    let c2 = codes(&e2);
    assert!(!c2.contains(&"org_identification_missing"), "{c2:?}");
    assert_eq!(
        e2.findings
            .iter()
            .filter(|f| f.severity() == crate::understanding::findings::Severity::Fail)
            .count(),
        1,
        "{c2:?}"
    );
    assert_eq!(e.groups[0].expiry_source, Some(ExpirySource::Flag));

    // Without the card's date: expired, with advice to compare.
    let e = evaluate(&b, None, &opts());
    assert!(codes(&e).contains(&"certificate_expired"));
    assert!(!codes(&e).contains(&"renew_certificate_not_card"));

    // The inventory gives the same.
    let inv = Inventory::parse("9752240000000001021,2028-01-01,Anna").unwrap();
    let mut o = opts();
    o.inventory = Some(&inv);
    let e = evaluate(&b, None, &o);
    assert!(codes(&e).contains(&"renew_certificate_not_card"));
    assert_eq!(e.groups[0].expiry_source, Some(ExpirySource::Inventory));
    assert_eq!(e.groups[0].note.as_deref(), Some("Anna"));
}

#[test]
fn card_dates() {
    let c = card(C);
    let mut o = opts();
    o.card_expiry = NaiveDate::from_ymd_opt(2026, 1, 1);
    assert!(codes(&evaluate(&c, None, &o)).contains(&"card_expired"));
    o.card_expiry = NaiveDate::from_ymd_opt(2026, 12, 10);
    let e = evaluate(&c, None, &o);
    assert!(codes(&e).contains(&"card_expiring"));
    assert!(codes(&e).contains(&"card_expires_before_certificates"));
    o.card_expiry = NaiveDate::from_ymd_opt(2030, 1, 1);
    let e = evaluate(&c, None, &o);
    assert_eq!(e.verdict, Verdict::Pass, "{:?}", codes(&e));
}

#[test]
fn expiring_certificate_warns() {
    let mut o = opts();
    o.now = DateTime::parse_from_rfc3339("2029-08-20T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let e = evaluate(&card(C), None, &o);
    assert_eq!(e.verdict, Verdict::Warn, "{:?}", codes(&e));
    assert!(codes(&e).contains(&"certificate_expiring"));
}

#[test]
fn identification_only_needs_a_signature_only_when_required() {
    let d = card(&["card-d-hsa-ident-only"]);
    let mut o = opts();
    o.policy.org = org("rjl");
    let e = evaluate(&d, None, &o);
    assert_eq!(e.verdict, Verdict::Warn);
    assert!(e.policy.satisfied);
    assert!(codes(&e).contains(&"no_signature_certificate"));
    o.policy.require_signature = true;
    let e = evaluate(&d, None, &o);
    assert!(!e.policy.satisfied);
    assert!(codes(&e).contains(&"signature_missing_for_hsa_id"));
}

#[test]
fn personnummer_only_fails_and_stays_masked() {
    let e_card = card(&["card-e-pnr-ident", "card-e-pnr-sign"]);
    let mut o = opts();
    o.policy.org = org("jonkoping");
    let e = evaluate(&e_card, None, &o);
    assert!(!e.policy.satisfied);
    assert!(codes(&e).contains(&"personal_number_only"));
    for f in &e.findings {
        for lang in [crate::base::lang::Lang::Sv, crate::base::lang::Lang::En] {
            let text = f.message(lang) + &f.hint(lang);
            assert!(!text.contains("8112189876"), "{text}");
        }
    }
}

#[test]
fn test_pki_never_passes() {
    let f = card(&["card-f-test-hsa-ident", "card-f-test-hsa-sign"]);
    let mut o = opts();
    o.policy.org = org("jonkoping");
    let e = evaluate(&f, None, &o);
    assert!(!e.policy.satisfied);
    let c = codes(&e);
    assert!(c.contains(&"test_pki_certificate"));
    assert!(c.contains(&"org_only_test_certificate"), "{c:?}");
    o.policy = Policy {
        hsa_id: Some("SE2321000057-TEST01".into()),
        ..Default::default()
    };
    assert!(!evaluate(&f, None, &o).policy.satisfied);
}

#[test]
fn another_card_number_is_found() {
    let g = card(&["card-g-hsa-ident", "card-g-hsa-sign-other-card"]);
    let e = evaluate(&g, Some("9752240000000001070"), &opts());
    let f = e
        .findings
        .iter()
        .find(|f| f.code == Code::OtherCardNumber)
        .unwrap();
    assert_eq!(
        f.params.other_card_number.as_deref(),
        Some("9752240000000001773")
    );
    assert_eq!(e.groups.len(), 2);
    assert!(e.groups[0].is_card);
}

#[test]
fn replacement_card_is_level_2_and_hsa_id_policy() {
    let h = card(&["card-h-reserv-hsa-ident", "card-h-reserv-hsa-sign"]);
    let mut o = opts();
    o.policy.hsa_id = Some("se2321000057-anan01".into());
    let e = evaluate(&h, None, &o);
    assert!(codes(&e).contains(&"assurance_level_2"));
    assert!(codes(&e).contains(&"hsa_id_found"));
    assert!(e.policy.satisfied);
    o.policy.hsa_id = Some("SE2321000057-OTHER".into());
    let e = evaluate(&h, None, &o);
    assert!(codes(&e).contains(&"hsa_id_missing"));
}

#[test]
fn an_empty_card() {
    let e = evaluate(&[], None, &opts());
    assert_eq!(codes(&e), vec!["no_certificates"]);
    assert_eq!(e.verdict, Verdict::Fail);
}
