//! Which certificates are asked about, and what the answers become, on the
//! test PKI's card C (Jönköping and Göteborg). No network: the test
//! certificates name no responder, and images ask nothing.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::reading::layout::pkcs15::{CardCertificate, Directory};
use crate::services::revocation::{CacheLocation, ProxySettings, ReasonCode};
use crate::understanding::analysis::analyse_card;
use crate::understanding::findings::Verdict;
use crate::understanding::rules::{evaluate, Options as RuleOptions, Policy};
use crate::understanding::siths::orgs::{resolve, Registry};

const C: &[&str] = &[
    "card-c-rjl-ident",
    "card-c-rjl-sign",
    "card-c-gbg-ident",
    "card-c-gbg-sign",
];

pub(crate) fn card(cas: CaSet) -> Vec<AnalysedCert> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pki");
    let on_card: Vec<CardCertificate> = C
        .iter()
        .enumerate()
        .map(|(n, f)| CardCertificate {
            label: Some((*f).to_string()),
            id: format!("{n:02}"),
            authority: false,
            directory: Directory::Certificates,
            path: String::new(),
            der: std::fs::read(dir.join(format!("{f}.der"))).unwrap(),
        })
        .collect();
    analyse_card(&on_card, cas)
}

pub(crate) fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap()
}

pub(crate) fn evaluation(analysed: &[AnalysedCert], org: &str) -> Evaluation {
    let options = RuleOptions {
        now: at(),
        warn_days: 30,
        show_personal_numbers: false,
        card_expiry: None,
        inventory: None,
        policy: Policy {
            org: Some(resolve(org, &Registry::builtin()).unwrap().clone()),
            ..Default::default()
        },
    };
    evaluate(analysed, None, &options)
}

fn plan(ask: bool, all: bool) -> Plan {
    Plan {
        options: Options {
            total_timeout: Duration::from_secs(2),
            offline: false,
            proxy: ProxySettings::default(),
            cache: CacheLocation::Off,
            use_crl: true,
            at: Some(at()),
        },
        ask,
        all,
    }
}

pub(crate) fn sha(analysed: &[AnalysedCert], label: &str) -> String {
    analysed
        .iter()
        .find(|a| a.on_card.label.as_deref() == Some(label))
        .map(|a| a.analysis.as_ref().unwrap().sha256.clone())
        .unwrap()
}

pub(crate) fn revoked(serial: &str, reason: ReasonCode) -> RevocationResult {
    let mut r = RevocationResult::bare(serial, Status::Revoked);
    r.source = Some(revocation::Source::Ocsp);
    r.responder_url = Some("http://ocsp1.siths.se".into());
    r.revoked_at = Some(Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap());
    r.reason = Some(reason.into());
    r
}

#[test]
fn an_image_asks_about_the_login_certificates_only_with_online() {
    let analysed = card(CaSet::for_test_pki());
    let e = evaluation(&analysed, "rjl");
    let r = check_card(&analysed, &CaSet::for_test_pki(), &e, &plan(false, false));
    // The Jönköping login: its identification and signature certificates.
    assert_eq!(r.results.len(), 2, "{:?}", r.results);
    assert!(r.get(&sha(&analysed, "card-c-rjl-ident")).is_some());
    assert!(r.get(&sha(&analysed, "card-c-gbg-ident")).is_none());
    for (_, x) in &r.results {
        assert_eq!((x.status, x.code), (Status::NotChecked, Some(Code::Image)));
    }
    let all = check_card(&analysed, &CaSet::for_test_pki(), &e, &plan(false, true));
    assert_eq!(all.results.len(), 4);
    assert!(findings(&all, &analysed, &e, false).is_empty());
}

#[test]
fn asking_needs_a_verified_issuer_and_a_named_responder() {
    // Without the CAs nothing verifies: there is no CA to ask about.
    let alone = card(CaSet::new());
    let e = evaluation(&alone, "rjl");
    let r = check_card(&alone, &CaSet::new(), &e, &plan(true, true));
    assert_eq!(r.results.len(), 4);
    assert!(r
        .results
        .iter()
        .all(|(_, x)| x.code == Some(Code::NoIssuer) && x.status == Status::NotChecked));
    // With them, the test certificates name no responder: not checked,
    // and no request leaves the process.
    let analysed = card(CaSet::for_test_pki());
    let e = evaluation(&analysed, "rjl");
    let r = check_card(&analysed, &CaSet::for_test_pki(), &e, &plan(true, false));
    assert!(r
        .results
        .iter()
        .all(|(_, x)| x.code == Some(Code::NoResponder)));
}

#[test]
fn a_revoked_login_certificate_fails_the_check_once() {
    let analysed = card(CaSet::for_test_pki());
    let mut e = evaluation(&analysed, "rjl");
    assert_eq!(e.verdict, Verdict::Pass);
    let ident = sha(&analysed, "card-c-rjl-ident");
    let sign = sha(&analysed, "card-c-rjl-sign");
    let r = CardRevocation {
        results: vec![
            (ident.clone(), revoked("01", ReasonCode::Superseded)),
            (sign, revoked("02", ReasonCode::Superseded)),
        ],
    };
    apply(&mut e, &r, &analysed, false);
    assert_eq!(e.verdict, Verdict::Fail);
    assert!(!e.policy.satisfied && e.policy.hsa_id.is_none());
    let revoked: Vec<&Finding> = e
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::CertificateRevoked)
        .collect();
    assert_eq!(revoked.len(), 1, "one cause, one finding");
    assert_eq!(revoked[0].details.len(), 1, "the signature hangs under it");
    assert_eq!(revoked[0].certificate_sha256(), Some(ident.as_str()));
    let text = revoked[0].message(Lang::En);
    assert!(text.contains("revoked since 2026-11-20"), "{text}");
    assert!(revoked[0].hint(Lang::Sv).contains("beställ ett nytt kort"));
}

#[test]
fn a_certificate_the_login_does_not_use_only_warns() {
    let analysed = card(CaSet::for_test_pki());
    let mut e = evaluation(&analysed, "rjl");
    let r = CardRevocation {
        results: vec![(
            sha(&analysed, "card-c-gbg-ident"),
            revoked("03", ReasonCode::KeyCompromise),
        )],
    };
    apply(&mut e, &r, &analysed, false);
    assert_eq!(e.verdict, Verdict::Warn);
    assert!(e.policy.satisfied);
    assert_eq!(
        e.findings[0].code,
        FindingCode::CertificateRevokedCompromised
    );
    assert_eq!(e.findings[0].severity, Severity::Warn);
}

#[test]
fn no_answer_is_a_warning_that_says_which() {
    let analysed = card(CaSet::for_test_pki());
    let mut e = evaluation(&analysed, "rjl");
    let mut timeout = RevocationResult::bare("01", Status::Unavailable);
    timeout.code = Some(Code::Timeout);
    timeout.responder_url = Some("http://ocsp1.siths.se".into());
    let mut stale = RevocationResult::bare("02", Status::Unavailable);
    stale.code = Some(Code::Stale);
    let r = CardRevocation {
        results: vec![
            (sha(&analysed, "card-c-rjl-ident"), timeout.clone()),
            (sha(&analysed, "card-c-rjl-sign"), stale),
        ],
    };
    apply(&mut e, &r, &analysed, false);
    assert_eq!(e.verdict, Verdict::Warn);
    let codes: Vec<&str> = e
        .findings
        .iter()
        .filter(|f| f.severity() > Severity::Info)
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(codes, ["revocation_unreachable", "revocation_bad_answer"]);
    assert!(e.findings[0]
        .message(Lang::En)
        .contains("no answer from http://ocsp1.siths.se"));
    assert_eq!(
        describe(&timeout, Lang::En),
        "could not be checked: no answer in time"
    );
}

#[test]
fn every_answer_and_code_reads_in_both_languages() {
    use revocation::Code::*;
    let all = [
        Offline,
        NoResponder,
        UnsupportedScheme,
        BadUrl,
        BadInput,
        Timeout,
        ConnectFailed,
        ProxyUnreachable,
        ProxyRefused,
        HttpStatus,
        TooLarge,
        BadResponse,
        ResponderError,
        BadSignature,
        NonceMismatch,
        Stale,
        NotYetValid,
        NoEntry,
        Image,
        NoIssuer,
    ];
    for code in all {
        let (sv, en) = (code_words(code, Lang::Sv), code_words(code, Lang::En));
        assert!(!sv.is_empty() && sv != en, "{code:?}");
    }
    for reason in [
        ReasonCode::Superseded,
        ReasonCode::KeyCompromise,
        ReasonCode::CaCompromise,
        ReasonCode::AffiliationChanged,
        ReasonCode::CertificateHold,
        ReasonCode::PrivilegeWithdrawn,
        ReasonCode::Unspecified,
    ] {
        let r = revoked("01", reason);
        let (sv, en) = (describe(&r, Lang::Sv), describe(&r, Lang::En));
        assert!(sv.starts_with("spärrat sedan 2026-11-20") && en.starts_with("revoked since"));
        assert_ne!(sv, en);
    }
    let mut good = RevocationResult::bare("01", Status::Good);
    good.source = Some(revocation::Source::Crl);
    good.from_cache = true;
    assert_eq!(describe(&good, Lang::En), "not revoked (CRL, cached)");
    assert_eq!(
        describe(&good, Lang::Sv),
        "inte spärrat (spärrlista, sparat svar)"
    );
}
