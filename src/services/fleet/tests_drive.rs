//! Judging for the organisation and the time asked for, and the card
//! drive's lists, on reports written for each test.

use super::*;
use crate::understanding::siths::orgs::{resolve, Registry};

/// A certificate in a report: role, HSA-ID (or none: a personnummer
/// certificate), holder, issuer, end date.
fn cert(role: &str, hsa: Option<&str>, name: &str, issuer: &str, not_after: &str) -> String {
    let hsa = hsa.map_or("null".to_string(), |h| format!("\"{h}\""));
    format!(
        r#"{{"role":"{role}","hsa_id":{hsa},"subject":{{"common_name":"{name}","serial_number":null}},"issuer":{{"common_name":"{issuer}","organization":"Inera AB","class":"production"}},"chain":{{"status":"verified"}},"not_before":"2024-01-01T00:00:00Z","not_after":"{not_after}T00:00:00Z","is_ca":false,"sha256":"{:0>64}"}}"#,
        name.len() + not_after.len() + role.len()
    )
}

/// A `check` document made for `org_findings` (the codes a check for its
/// own organisation found), with a printed card date.
fn check(card: &str, certs: &[String], findings: &[(&str, &str)], printed: Option<&str>) -> String {
    let findings: Vec<String> = findings
        .iter()
        .map(|(c, s)| format!(r#"{{"code":"{c}","severity":"{s}"}}"#))
        .collect();
    let printed = printed.map_or("null".into(), |p| format!("\"{p}\""));
    format!(
        r#"{{"schema_version":"1.2.0","document":"check","host":"desk","generated_at":"2026-11-01T00:00:00Z","card_number":"{card}","card_numbers":[{{"card_number":"{card}","is_card":true,"printed_expiry":{printed}}}],"verdict":"fail","policy":{{"passed":false}},"findings":[{}],"certificates":[{}]}}"#,
        findings.join(","),
        certs.join(",")
    )
}

const GBG_CA: &str = "SITHS e-id Person HSA-id 3 CA v1";

fn options(at: &str, org: Option<&str>) -> Options {
    let registry = Registry::builtin();
    let org = org.map(|o| resolve(o, &registry).unwrap().clone());
    Options {
        org: org.clone(),
        orders: org.clone(),
        register: org,
        ..Options::new(
            chrono::DateTime::parse_from_rfc3339(&format!("{at}T00:00:00Z"))
                .unwrap()
                .to_utc(),
            registry,
        )
    }
}

/// Two cards checked with `--org rjl`: Cecilia's holds a valid Göteborg
/// certificate beside her Jönköping one (her report passed for rjl), Anna's
/// a Jönköping one only (her report also passed for rjl).
fn reports() -> String {
    let cecilia = check(
        "9752000000000000001",
        &[
            cert(
                "identification",
                Some("SE2321000057-CEC1"),
                "Cecilia Carlsson",
                GBG_CA,
                "2028-01-01",
            ),
            cert(
                "identification",
                Some("SE2120001355-GBG777"),
                "Cecilia Carlsson",
                GBG_CA,
                "2027-06-30",
            ),
            cert(
                "signature",
                Some("SE2120001355-GBG777"),
                "Cecilia Carlsson",
                GBG_CA,
                "2027-06-30",
            ),
        ],
        &[("org_identification_found", "info")],
        Some("2029-03-31"),
    );
    let anna = check(
        "9752000000000000002",
        &[cert(
            "identification",
            Some("SE2321000057-ANN1"),
            "Anna Andersson",
            GBG_CA,
            "2028-01-01",
        )],
        &[("no_signature_certificate", "warn")],
        None,
    );
    // A third, checked for gbg: its stored findings say it lacks gbg, twice over.
    let bo = check(
        "9752000000000000003",
        &[cert(
            "identification",
            Some("SE2321000057-BO1"),
            "Bo Berg",
            GBG_CA,
            "2028-01-01",
        )],
        &[("org_identification_missing", "fail")],
        Some("2026-12-01"),
    );
    format!("{cecilia}\n{anna}\n{bo}\n")
}

#[test]
fn fleet_over_mixed_organisation_reports_judges_each_card_for_the_organisation_asked() {
    let (s, skips) = summarise_bytes(reports().as_bytes(), &options("2026-11-24", Some("gbg")));
    assert!(skips.is_empty(), "{skips:?}");
    let org = s.org.as_ref().unwrap();
    assert_eq!(org.number, "2120001355");
    assert_eq!(
        (org.cards_with_certificate, org.cards_missing_certificate),
        (1, 2)
    );
    let by_card = |n: &str| s.needs_action.iter().find(|a| a.card_number.ends_with(n));
    // Cecilia has it: no org reason, whatever her report said for rjl.
    assert!(
        by_card("001").is_none_or(|a| a
            .reasons
            .iter()
            .all(|r| r.code != "missing_org_certificate")),
        "{:?}",
        s.needs_action
    );
    // Anna and Bo lack it: one reason for the cause, not the report's own too.
    for n in ["002", "003"] {
        let a = by_card(n).unwrap_or_else(|| panic!("{n}: {:?}", s.needs_action));
        let codes: Vec<&str> = a.reasons.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            codes.iter().filter(|c| c.contains("org")).count(),
            1,
            "{n}: {codes:?}"
        );
        assert!(codes.contains(&"missing_org_certificate"), "{codes:?}");
        assert!(a.reasons[0].detail.contains("Göteborgs Stad") || codes.len() > 1);
    }
    // The warning stays (no signature certificate: the same at any time).
    let anna: Vec<&str> = by_card("002")
        .unwrap()
        .reasons
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    assert!(anna.contains(&"no_signature_certificate"), "{anna:?}");
    // Bo's card ends on 2026-12-01: a new card is needed.
    let bo: Vec<&str> = by_card("003")
        .unwrap()
        .reasons
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    assert!(bo.contains(&"card_expiring"), "{bo:?}");

    // For rjl, all three have it.
    let (s, _) = summarise_bytes(reports().as_bytes(), &options("2026-11-24", Some("rjl")));
    let org = s.org.as_ref().unwrap();
    assert_eq!(
        (org.cards_with_certificate, org.cards_missing_certificate),
        (3, 0)
    );
}

#[test]
fn at_judges_the_cards_again() {
    // By 2027-07-01 Cecilia's Göteborg certificate has ended.
    let (s, _) = summarise_bytes(reports().as_bytes(), &options("2027-07-01", Some("gbg")));
    let org = s.org.as_ref().unwrap();
    assert_eq!(org.cards_with_certificate, 0);
    let c = s
        .needs_action
        .iter()
        .find(|a| a.card_number.ends_with("001"))
        .unwrap();
    let missing = c
        .reasons
        .iter()
        .find(|r| r.code == "missing_org_certificate")
        .unwrap();
    assert!(missing.detail.contains("2027-06-30"), "{missing:?}");
    // And every card counts as failing now, though its report did not say so.
    assert_eq!(s.cards.fail, 3);
}

#[test]
fn the_lists_have_one_row_per_person_with_the_order_data() {
    // Anna again on a newer card that has the Göteborg certificate: she is
    // registered, not ordered for.
    let anna_new = check(
        "9752000000000000009",
        &[
            cert(
                "identification",
                Some("SE2321000057-ANN1"),
                "Anna Andersson",
                GBG_CA,
                "2028-01-01",
            ),
            cert(
                "identification",
                Some("SE2120001355-ANN9"),
                "Anna Andersson",
                GBG_CA,
                "2028-02-01",
            ),
        ],
        &[],
        None,
    );
    let pnr_only = check(
        "9752000000000000004",
        &[cert(
            "identification",
            None,
            "Per Persson",
            "SITHS e-id Person ID 3 CA v1",
            "2027-05-01",
        )],
        &[("personal_number_only", "fail")],
        Some("2029-01-31"),
    );
    let text = format!("{}{anna_new}\n{pnr_only}\n", reports());
    let (s, _) = summarise_bytes(text.as_bytes(), &options("2026-11-24", Some("gbg")));
    let regs = s.registrations.as_ref().unwrap();
    let reg: Vec<(&str, &str)> = regs
        .iter()
        .map(|r| (r.name.as_deref().unwrap(), r.hsa_id.as_str()))
        .collect();
    assert_eq!(
        reg,
        [
            ("Anna Andersson", "SE2120001355-ANN9"),
            ("Cecilia Carlsson", "SE2120001355-GBG777")
        ]
    );
    assert_eq!(regs[1].valid_to.to_string(), "2027-06-30");
    let orders = s.orders.as_ref().unwrap();
    let names: Vec<&str> = orders.iter().map(|o| o.name.as_deref().unwrap()).collect();
    assert_eq!(names, ["Bo Berg", "Per Persson"], "{orders:?}");
    let bo = &orders[0];
    assert_eq!(bo.hsa_ids, ["SE2321000057-BO1"]);
    assert_eq!(bo.issuer.as_deref(), Some(GBG_CA));
    assert_eq!(
        bo.card_expiry.map(|d| d.to_string()).as_deref(),
        Some("2026-12-01")
    );
    // The printed date is a week away: no order, a new card, and no
    // valid-until date to order with (as `order-info`).
    assert!(bo.new_card_needed);
    assert_eq!(bo.valid_until, None);
    let per = &orders[1];
    assert!(per.hsa_ids.is_empty());
    assert!(!per.new_card_needed);
    assert_eq!(
        per.valid_until.map(|d| d.to_string()).as_deref(),
        Some("2029-01-31")
    );
}

#[test]
fn reports_without_certificates_are_counted_and_named_not_guessed() {
    let old_order = r#"{"schema_version":"1.2.0","document":"order-info","host":"h","generated_at":"2026-11-01T00:00:00Z","card":{},"order":{"card_number":"9752000000000000077","nothing_to_order":true}}"#;
    let text = format!("{}{old_order}\n", reports());
    let (s, skips) = summarise_bytes(text.as_bytes(), &options("2026-11-24", Some("gbg")));
    assert!(skips.is_empty(), "{skips:?}");
    assert_eq!(s.inputs.without_certificates, 1);
    assert_eq!(s.cards.total, 3);
    assert_eq!(s.unjudged.len(), 1);
    assert_eq!(s.unjudged[0].line, 4);
    assert_eq!(s.unjudged[0].document, "order-info");
    assert_eq!(
        s.unjudged[0].card_number.as_deref(),
        Some("9752000000000000077")
    );
    // An order-info document of 1.3 carries the certificates: judged.
    let new_order = format!(
        r#"{{"schema_version":"1.3.0","document":"order-info","host":"h","generated_at":"2026-11-02T00:00:00Z","card":{{}},"order":{{"card_number":"9752000000000000077"}},"certificates":[{}],"card_numbers":[]}}"#,
        cert(
            "identification",
            Some("SE2120001355-X1"),
            "Xe",
            GBG_CA,
            "2028-01-01"
        )
    );
    let text = format!("{text}{new_order}\n");
    let (s, _) = summarise_bytes(text.as_bytes(), &options("2026-11-24", Some("gbg")));
    assert_eq!(s.cards.total, 4);
    assert!(s.unjudged.is_empty(), "{:?}", s.unjudged);
    assert_eq!(s.org.as_ref().unwrap().cards_with_certificate, 2);
}

#[test]
fn the_calendar_counts_what_ends_per_month() {
    let (s, _) = summarise_bytes(reports().as_bytes(), &options("2026-11-24", None));
    let c = &s.calendar;
    assert_eq!(c.months.len(), CALENDAR_MONTHS);
    assert_eq!(c.months[0], "2026-11");
    let gbg = c
        .organisations
        .iter()
        .find(|o| o.number.as_deref() == Some("2120001355"))
        .unwrap();
    // 2027-06: Cecilia's two Göteborg certificates.
    assert_eq!(gbg.certificates[7], 2);
    let rjl = c
        .organisations
        .iter()
        .find(|o| o.number.as_deref() == Some("2321000057"))
        .unwrap();
    // Bo's card (printed 2026-12-01) in 2026-12, three certificates in
    // 2028-01, Cecilia's card (2029-03) past the 18 months.
    assert_eq!(rjl.cards[1], 1);
    assert_eq!(rjl.cards.iter().sum::<u64>(), 1);
    assert_eq!(rjl.certificates[14], 3);
    assert_eq!(rjl.certificates.iter().sum::<u64>(), 3);
}

/// A revoked identification certificate (as a 1.4 report gives it) is
/// not usable for its organisation: one reason, a new card in the order
/// list with no date, and the card counted; a revoked certificate of
/// another organisation leaves this one alone.
#[test]
fn a_revoked_identification_certificate_means_a_new_card() {
    let revoked = |c: String| {
        c.replacen(
            r#""chain""#,
            r#""revocation":{"status":"revoked"},"chain""#,
            1,
        )
    };
    let blocked = check(
        "9752000000000000004",
        &[
            revoked(cert(
                "identification",
                Some("SE2120001355-DAN1"),
                "Dan Dahl",
                GBG_CA,
                "2028-01-01",
            )),
            cert(
                "signature",
                Some("SE2120001355-DAN1"),
                "Dan Dahl",
                GBG_CA,
                "2028-01-01",
            ),
        ],
        &[("certificate_revoked", "fail")],
        Some("2029-03-31"),
    );
    let other = check(
        "9752000000000000005",
        &[
            cert(
                "identification",
                Some("SE2120001355-EVA1"),
                "Eva Ek",
                GBG_CA,
                "2028-01-01",
            ),
            revoked(cert(
                "identification",
                Some("SE2321000057-EVA1"),
                "Eva Ek",
                GBG_CA,
                "2028-01-01",
            )),
        ],
        &[("certificate_revoked", "warn")],
        Some("2029-03-31"),
    );
    let text = format!("{blocked}\n{other}\n");
    let (s, skips) = summarise_bytes(text.as_bytes(), &options("2026-11-24", Some("gbg")));
    assert!(skips.is_empty(), "{skips:?}");
    assert_eq!(s.cards.revoked, 2);
    let dan = s
        .needs_action
        .iter()
        .find(|a| a.card_number.ends_with("004"))
        .unwrap();
    let codes: Vec<&str> = dan.reasons.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["certificate_revoked"], "one cause: {codes:?}");
    assert!(dan.reasons[0].detail.contains("new card"));
    let orders = s.orders.as_ref().unwrap();
    assert_eq!(orders.len(), 1, "{orders:?}");
    let o = &orders[0];
    assert_eq!(o.name.as_deref(), Some("Dan Dahl"));
    assert!(o.new_card_needed && o.revoked);
    assert_eq!(o.valid_until, None, "no order, no date");
    // Eva's Göteborg certificate is fine: she is registered.
    let regs = s.registrations.as_ref().unwrap();
    assert_eq!(regs.len(), 1);
    assert_eq!(regs[0].hsa_id, "SE2120001355-EVA1");
}

/// A certificate whose chain reaches no trust anchor is not usable, as a
/// production `check` holds it: its HSA-ID is not offered for
/// registration.
#[test]
fn a_chain_to_no_trusted_root_is_not_registered() {
    let unanchored = cert(
        "identification",
        Some("SE2120001355-FIA1"),
        "Fia Falk",
        GBG_CA,
        "2028-01-01",
    )
    .replacen(r#""status":"verified""#, r#""status":"not_anchored""#, 1);
    let text = check(
        "9752000000000000006",
        &[unanchored],
        &[],
        Some("2029-03-31"),
    );
    let (s, _) = summarise_bytes(text.as_bytes(), &options("2026-11-24", Some("gbg")));
    assert!(s.registrations.as_ref().unwrap().is_empty());
    assert_eq!(s.orders.as_ref().unwrap().len(), 1);
}
