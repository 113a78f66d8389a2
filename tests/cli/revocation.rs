//! The revocation engine (`sithsctl::services::revocation`) against real parts on
//! 127.0.0.1: `openssl ocsp`, tinyproxy, and servers of our own that are
//! down, hang, fail or lie. Called through the library (the commands come
//! later).

use std::process::Command;
use std::time::{Duration, Instant};

use rcgen::RevocationReason;
use sithsctl::services::revocation::{
    self, CacheLocation, Code, Options, ProxySettings, Query, ReasonCategory, ReasonCode,
    RevocationResult, Source, Status,
};

use super::revocation_support::{
    free_port, openssl_responder, tinyproxy, Behaviour, Pki, TestServer,
};

fn options() -> Options {
    Options {
        proxy: ProxySettings::default(),
        cache: CacheLocation::Off,
        ..Options::default()
    }
}

fn check_one(pki: &Pki, cert: Vec<u8>, options: &Options) -> RevocationResult {
    let mut r = revocation::check(
        &[Query {
            certificate: cert,
            issuer: pki.ca_der(),
        }],
        options,
    );
    assert_eq!(r.len(), 1);
    r.remove(0)
}

fn assert_unavailable(r: &RevocationResult, code: Code) {
    assert_eq!(
        (r.status, r.code),
        (Status::Unavailable, Some(code)),
        "{r:#?}"
    );
    assert!(r.detail.as_deref().is_some_and(|d| !d.is_empty()));
}

fn ocsp_url(port: u16) -> String {
    format!("http://127.0.0.1:{port}/")
}

/// How many requests `openssl ocsp` has received (it says so on standard
/// error, unbuffered, for each).
fn answers(log: &str) -> usize {
    log.matches("Received request").count()
}

#[test]
fn openssl_responder_good_revoked_unknown() {
    let pki = Pki::new();
    let index = pki.write_index(
        "index.txt",
        &[
            (0x1001, None),
            (0x1002, Some("keyCompromise")),
            (0x1004, Some("cessationOfOperation")),
        ],
    );
    let responder = openssl_responder(&pki, &index, "signer", &["-ndays", "1"]);
    let url = ocsp_url(responder.port);
    let queries: Vec<Query> = [0x1001, 0x1002, 0x1003, 0x1004]
        .into_iter()
        .map(|serial| Query {
            certificate: pki.person(serial, Some(&url), None),
            issuer: pki.ca_der(),
        })
        .collect();
    let results = revocation::check(&queries, &options());
    let statuses: Vec<Status> = results.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [
            Status::Good,
            Status::Revoked,
            Status::Unknown,
            Status::Revoked
        ],
        "{results:#?}"
    );
    for r in &results {
        assert_eq!(r.source, Some(Source::Ocsp));
        assert_eq!(r.responder_url.as_deref(), Some(url.as_str()));
        assert!(r.produced_at.is_some() && r.this_update.is_some() && r.next_update.is_some());
        assert!(!r.from_cache);
    }
    assert_eq!(results[0].serial, "1001");
    let revoked = &results[1];
    let reason = revoked.reason.unwrap();
    assert_eq!(
        (reason.code, reason.category),
        (
            ReasonCode::KeyCompromise,
            ReasonCategory::CodesOrCardCompromised
        )
    );
    let age = chrono::Utc::now() - revoked.revoked_at.unwrap();
    assert!(age < chrono::Duration::hours(1), "{age}");
    assert_eq!(
        results[3].reason.unwrap().category,
        ReasonCategory::ReplacedOrBlocked
    );
    assert!(results[2].reason.is_none() && results[2].revoked_at.is_none());
    assert!(!results[2].status.is_good());
    // One request per certificate, each answered.
    assert_eq!(answers(&responder.log_text()), 4);
}

#[test]
fn ca_signed_answers_count_and_foreign_signers_do_not() {
    let pki = Pki::new();
    let index = pki.write_index("index.txt", &[(0x2001, None)]);
    pki.other_signer("stranger", false, true);
    pki.other_signer("no-eku", true, false);
    for (signer, expected) in [
        ("ca", None),
        ("stranger", Some(Code::BadSignature)),
        ("no-eku", Some(Code::BadSignature)),
    ] {
        let responder = openssl_responder(&pki, &index, signer, &["-ndays", "1"]);
        let r = check_one(
            &pki,
            pki.person(0x2001, Some(&ocsp_url(responder.port)), None),
            &options(),
        );
        match expected {
            None => assert_eq!(r.status, Status::Good, "{signer}: {r:#?}"),
            Some(code) => assert_unavailable(&r, code),
        }
    }
}

#[test]
fn responder_down_garbage_http_error_and_oversized() {
    let pki = Pki::new();
    let down = free_port();
    let r = check_one(
        &pki,
        pki.person(0x3001, Some(&ocsp_url(down)), None),
        &options(),
    );
    assert_unavailable(&r, Code::ConnectFailed);
    assert_eq!(r.source, Some(Source::Ocsp));

    let cases = [
        (
            Behaviour::Answer(200, b"<html>hello</html>".to_vec()),
            Code::BadResponse,
        ),
        (Behaviour::Answer(500, b"oops".to_vec()), Code::HttpStatus),
        // OCSPResponse { responseStatus tryLater }
        (
            Behaviour::Answer(200, vec![0x30, 0x03, 0x0A, 0x01, 0x03]),
            Code::ResponderError,
        ),
        (
            Behaviour::Answer(200, vec![0x30; 70 * 1024]),
            Code::TooLarge,
        ),
    ];
    for (behaviour, code) in cases {
        let server = TestServer::start(behaviour);
        let r = check_one(
            &pki,
            pki.person(0x3002, Some(&server.url("/ocsp")), None),
            &options(),
        );
        assert_unavailable(&r, code);
        assert_eq!(server.count(), 1);
        assert!(server.requests.lock().unwrap()[0].starts_with("POST /ocsp HTTP/1.1"));
        if code == Code::ResponderError {
            assert!(r.detail.as_deref().unwrap().contains("tryLater"));
        }
    }
}

#[test]
fn a_hanging_responder_cannot_stretch_the_time_bound() {
    let pki = Pki::new();
    let hang = TestServer::start(Behaviour::Hang);
    let hang_crl = TestServer::start(Behaviour::Hang);
    let bound = Duration::from_secs(2);
    let opts = Options {
        total_timeout: bound,
        ..options()
    };
    let queries: Vec<Query> = (0..3)
        .map(|i| Query {
            certificate: pki.person(
                0x4000 + i,
                Some(&hang.url("/")),
                (i == 2).then(|| hang_crl.url("/ca.crl")).as_deref(),
            ),
            issuer: pki.ca_der(),
        })
        .collect();
    let started = Instant::now();
    let results = revocation::check(&queries, &opts);
    let took = started.elapsed();
    assert!(took < bound + Duration::from_secs(1), "took {took:?}");
    for r in &results {
        assert_unavailable(r, Code::Timeout);
    }
    // The one with a CRL tried it after OCSP gave up, within the same bound.
    assert_eq!(results[2].source, Some(Source::Crl));
    assert_eq!(
        results[2].ocsp_failure.as_ref().unwrap().code,
        Code::Timeout
    );
}

/// `openssl ocsp` without a socket: a request for `serial` (with or
/// without a nonce), answered from `index`, as DER bytes.
fn canned_answer(pki: &Pki, serial: u64, nonce: bool) -> Vec<u8> {
    let cert = pki.path(&format!("canned-{serial:x}.pem"));
    let der = pki.person(serial, None, None);
    std::fs::write(&cert, sithsctl::understanding::cert::der_to_pem(&der)).unwrap();
    let index = pki.write_index(&format!("canned-{serial:x}.txt"), &[(serial, None)]);
    let (req, resp) = (pki.path("canned.req"), pki.path("canned.resp"));
    let mut make = Command::new("openssl");
    make.args(["ocsp", "-issuer"])
        .arg(pki.path("ca.pem"))
        .arg("-cert")
        .arg(&cert)
        .arg("-reqout")
        .arg(&req);
    if !nonce {
        make.arg("-no_nonce");
    }
    assert!(make.output().unwrap().status.success());
    let answer = Command::new("openssl")
        .args(["ocsp", "-index"])
        .arg(&index)
        .arg("-rsigner")
        .arg(pki.path("signer.pem"))
        .arg("-rkey")
        .arg(pki.path("signer.key"))
        .arg("-CA")
        .arg(pki.path("ca.pem"))
        .args(["-ndays", "1", "-reqin"])
        .arg(&req)
        .arg("-respout")
        .arg(&resp)
        .output()
        .unwrap();
    assert!(
        answer.status.success(),
        "{}",
        String::from_utf8_lossy(&answer.stderr)
    );
    std::fs::read(&resp).unwrap()
}

#[test]
fn answers_about_another_certificate_or_with_the_wrong_nonce_do_not_count() {
    let pki = Pki::new();
    let other = TestServer::start(Behaviour::Answer(200, canned_answer(&pki, 0x5999, false)));
    let r = check_one(
        &pki,
        pki.person(0x5001, Some(&other.url("/")), None),
        &options(),
    );
    assert_unavailable(&r, Code::NoEntry);

    let wrong_nonce = TestServer::start(Behaviour::Answer(200, canned_answer(&pki, 0x5002, true)));
    let r = check_one(
        &pki,
        pki.person(0x5002, Some(&wrong_nonce.url("/")), None),
        &options(),
    );
    assert_unavailable(&r, Code::NonceMismatch);
}

#[test]
fn a_missing_nonce_is_taken_only_while_fresh() {
    let pki = Pki::new();
    let server = TestServer::start(Behaviour::Answer(200, canned_answer(&pki, 0x6001, false)));
    let cert = pki.person(0x6001, Some(&server.url("/")), None);
    let r = check_one(&pki, cert.clone(), &options());
    assert_eq!(r.status, Status::Good, "{r:#?}");
    // Two hours on, the same answer (its nextUpdate still a day away) is
    // too old to be taken without the nonce.
    let later = Options {
        at: Some(chrono::Utc::now() + chrono::Duration::hours(2)),
        ..options()
    };
    assert_unavailable(&check_one(&pki, cert, &later), Code::Stale);
}

#[test]
fn a_stale_answer_does_not_count() {
    let pki = Pki::new();
    let index = pki.write_index("index.txt", &[(0x7001, None)]);
    let responder = openssl_responder(&pki, &index, "signer", &["-nmin", "30"]);
    let cert = pki.person(0x7001, Some(&ocsp_url(responder.port)), None);
    assert_eq!(
        check_one(&pki, cert.clone(), &options()).status,
        Status::Good
    );
    // A clock an hour ahead: the responder's nextUpdate (30 minutes) has
    // passed.
    let later = Options {
        at: Some(chrono::Utc::now() + chrono::Duration::hours(1)),
        ..options()
    };
    let r = check_one(&pki, cert, &later);
    assert_unavailable(&r, Code::Stale);
    assert!(r.detail.unwrap().contains("nextUpdate"));
}

#[test]
fn crl_when_ocsp_cannot_answer() {
    let pki = Pki::new();
    let crl = pki.crl(
        &[
            (0x8002, RevocationReason::Superseded),
            (0x8009, RevocationReason::KeyCompromise),
        ],
        -1,
        7,
        false,
    );
    let server = TestServer::start(Behaviour::Answer(200, crl));
    let crl_url = server.url("/person.crl");
    // No OCSP URL at all: the CRL answers.
    let r = check_one(&pki, pki.person(0x8002, None, Some(&crl_url)), &options());
    assert_eq!(
        (r.status, r.source),
        (Status::Revoked, Some(Source::Crl)),
        "{r:#?}"
    );
    assert_eq!(
        r.reason.unwrap().category,
        ReasonCategory::ReplacedOrBlocked
    );
    assert!(r.revoked_at.is_some() && r.next_update.is_some());
    assert_eq!(r.responder_url.as_deref(), Some(crl_url.as_str()));
    // OCSP down: the CRL answers, and the result says why OCSP did not.
    let down = ocsp_url(free_port());
    let r = check_one(
        &pki,
        pki.person(0x8001, Some(&down), Some(&crl_url)),
        &options(),
    );
    assert_eq!(
        (r.status, r.source),
        (Status::Good, Some(Source::Crl)),
        "{r:#?}"
    );
    assert_eq!(r.ocsp_failure.unwrap().code, Code::ConnectFailed);
    assert!(server
        .requests
        .lock()
        .unwrap()
        .iter()
        .all(|l| l == "GET /person.crl HTTP/1.1"));
}

#[test]
fn an_expired_or_forged_crl_does_not_count() {
    let pki = Pki::new();
    for (crl, code) in [
        (
            pki.crl(&[(0x9001, RevocationReason::KeyCompromise)], -10, -3, false),
            Code::Stale,
        ),
        (pki.crl(&[], -1, 7, true), Code::BadSignature),
        (b"not a crl".to_vec(), Code::BadResponse),
    ] {
        let server = TestServer::start(Behaviour::Answer(200, crl));
        let r = check_one(
            &pki,
            pki.person(0x9001, None, Some(&server.url("/c.crl"))),
            &options(),
        );
        assert_unavailable(&r, code);
        assert_eq!(r.source, Some(Source::Crl));
    }
}

#[test]
fn nothing_to_ask_and_offline() {
    let pki = Pki::new();
    let r = check_one(&pki, pki.person(0xA001, None, None), &options());
    assert_eq!(
        (r.status, r.code, r.source),
        (Status::NotChecked, Some(Code::NoResponder), None)
    );
    let r = check_one(
        &pki,
        pki.person(0xA002, Some("https://ocsp.example/"), None),
        &options(),
    );
    assert_eq!(
        (r.status, r.code),
        (Status::NotChecked, Some(Code::UnsupportedScheme))
    );
    let server = TestServer::start(Behaviour::Answer(500, Vec::new()));
    let offline = Options {
        offline: true,
        ..options()
    };
    let r = check_one(
        &pki,
        pki.person(0xA003, Some(&server.url("/")), Some(&server.url("/c.crl"))),
        &offline,
    );
    assert_eq!(
        (r.status, r.code),
        (Status::NotChecked, Some(Code::Offline)),
        "{r:#?}"
    );
    assert_eq!(server.count(), 0);
    // The issuer given is not the certificate's issuer.
    let r = revocation::check(
        &[Query {
            certificate: pki.person(0xA004, Some(&server.url("/")), None),
            issuer: pki.signer.der().to_vec(),
        }],
        &options(),
    );
    assert_unavailable(&r[0], Code::BadInput);
}

#[test]
fn cached_answers_are_used_until_next_update_and_corrupt_ones_ignored() {
    let pki = Pki::new();
    let cache = tempfile::tempdir().unwrap();
    let opts = Options {
        cache: CacheLocation::Dir(cache.path().join("revocation")),
        ..options()
    };
    let index = pki.write_index("index.txt", &[(0xB001, None)]);
    let responder = openssl_responder(&pki, &index, "signer", &["-ndays", "1"]);
    let cert = pki.person(0xB001, Some(&ocsp_url(responder.port)), None);
    let first = check_one(&pki, cert.clone(), &opts);
    assert_eq!((first.status, first.from_cache), (Status::Good, false));
    let second = check_one(&pki, cert.clone(), &opts);
    assert_eq!((second.status, second.from_cache), (Status::Good, true));
    assert_eq!(
        answers(&responder.log_text()),
        1,
        "the second check asked nobody"
    );
    // Offline still has the cached answer.
    let offline = Options {
        offline: true,
        ..opts.clone()
    };
    assert!(check_one(&pki, cert.clone(), &offline).from_cache);
    // Past its nextUpdate the entry no longer counts: asked again.
    let later = Options {
        at: Some(chrono::Utc::now() + chrono::Duration::days(2)),
        ..opts.clone()
    };
    assert_unavailable(&check_one(&pki, cert.clone(), &later), Code::Stale);
    assert_eq!(answers(&responder.log_text()), 2);
    // A corrupt entry is ignored and replaced.
    for entry in std::fs::read_dir(cache.path().join("revocation")).unwrap() {
        std::fs::write(entry.unwrap().path(), b"\x30\x82garbage").unwrap();
    }
    let r = check_one(&pki, cert.clone(), &opts);
    assert_eq!((r.status, r.from_cache), (Status::Good, false));
    assert_eq!(answers(&responder.log_text()), 3);
    assert!(check_one(&pki, cert, &opts).from_cache);

    // CRLs too: fetched once.
    let crl = TestServer::start(Behaviour::Answer(200, pki.crl(&[], -1, 7, false)));
    let cert = pki.person(0xB002, None, Some(&crl.url("/c.crl")));
    assert!(!check_one(&pki, cert.clone(), &opts).from_cache);
    let again = check_one(&pki, cert, &opts);
    assert_eq!((again.status, again.from_cache), (Status::Good, true));
    assert_eq!(crl.count(), 1);
}

#[test]
fn through_a_real_proxy_in_absolute_form() {
    let pki = Pki::new();
    let index = pki.write_index("index.txt", &[(0xC001, None)]);
    let responder = openssl_responder(&pki, &index, "signer", &["-ndays", "1"]);
    let url = ocsp_url(responder.port);
    let proxy = tinyproxy(pki.dir.path(), None);
    let via_proxy = Options {
        proxy: ProxySettings {
            proxy: Some(format!("http://127.0.0.1:{}", proxy.port)),
            no_proxy: Vec::new(),
        },
        ..options()
    };
    let r = check_one(&pki, pki.person(0xC001, Some(&url), None), &via_proxy);
    assert_eq!(r.status, Status::Good, "{r:#?}\n{}", proxy.log_text());
    let log = proxy.log_text();
    // tinyproxy logs each request line: absolute form, never CONNECT
    // (its log level for connections is also called CONNECT, so look at
    // the request lines only).
    assert!(log.contains(&format!("): POST {url} HTTP/1.1")), "{log}");
    assert!(!log.contains("): CONNECT "), "{log}");

    // NO_PROXY: a proxy that is not there, bypassed for 127.0.0.1.
    let dead = format!("http://127.0.0.1:{}", free_port());
    let mut bypass = Options {
        proxy: ProxySettings {
            proxy: Some(dead),
            no_proxy: vec!["127.0.0.1".into()],
        },
        ..options()
    };
    let cert = pki.person(0xC001, Some(&url), None);
    assert_eq!(check_one(&pki, cert.clone(), &bypass).status, Status::Good);
    bypass.proxy.no_proxy.clear();
    assert_unavailable(
        &check_one(&pki, cert.clone(), &bypass),
        Code::ProxyUnreachable,
    );

    // A proxy that refuses the host.
    let refusing = tinyproxy(pki.dir.path(), Some("127.0.0.1"));
    let refused = Options {
        proxy: ProxySettings {
            proxy: Some(format!("http://127.0.0.1:{}", refusing.port)),
            no_proxy: Vec::new(),
        },
        ..options()
    };
    assert_unavailable(&check_one(&pki, cert, &refused), Code::ProxyRefused);
}
