//! The response checks on answers `openssl ocsp` made
//! (tests/data/revocation/make.sh).

use super::*;

/// Fixtures made by tests/data/revocation/make.sh with openssl.
macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/revocation/",
            $name
        ))
    };
}

fn target() -> Target {
    Target::new(fixture!("cert.der"), fixture!("issuer.der")).unwrap()
}

fn now() -> DateTime<Utc> {
    let secs: i64 = std::str::from_utf8(fixture!("now.txt"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    DateTime::from_timestamp(secs, 0).unwrap()
}

#[test]
fn request_carries_the_cert_id_and_nonce_only() {
    let t = target();
    assert_eq!(t.serial_hex, "1001");
    assert_eq!(t.ocsp_urls, ["http://127.0.0.1:39601/"]);
    assert_eq!(t.crl_urls, ["http://127.0.0.1:39602/ca.crl"]);
    let der = build_request(&t, Some(&[7; NONCE_LEN])).unwrap();
    let req = OcspRequest::from_der(&der).unwrap();
    assert_eq!(req.tbs_request.request_list.len(), 1);
    let id = &req.tbs_request.request_list[0].req_cert;
    assert_eq!(id.hash_algorithm.oid, ID_SHA_1);
    assert_eq!(id.issuer_name_hash.as_bytes(), t.issuer_name_hash);
    assert_eq!(id.issuer_key_hash.as_bytes(), t.issuer_key_hash);
    assert_eq!(unsigned(id.serial_number.as_bytes()), [0x10, 0x01]);
    assert_eq!(req.nonce().unwrap().0.as_bytes(), [7; NONCE_LEN]);
    assert!(req.tbs_request.requestor_name.is_none() && req.optional_signature.is_none());
    let plain = OcspRequest::from_der(&build_request(&t, None).unwrap()).unwrap();
    assert!(plain.nonce().is_none());
}

#[test]
fn openssl_answers_verify_by_ca_and_by_delegate() {
    let t = target();
    for der in [
        &fixture!("ocsp-good-no_nonce-ca.der")[..],
        fixture!("ocsp-good-no_nonce-signer.der"),
    ] {
        let a = verify_response(der, &t, NonceCheck::Cached, now()).unwrap();
        assert_eq!(a.status, CertAnswer::Good);
        assert!(a.next_update.is_some() && !a.nonce_echoed);
    }
    let a = verify_response(
        fixture!("ocsp-revoked-no_nonce-signer.der"),
        &t,
        NonceCheck::Cached,
        now(),
    )
    .unwrap();
    assert!(matches!(
        a.status,
        CertAnswer::Revoked {
            reason: Some(ReasonCode::KeyCompromise),
            ..
        }
    ));
}

#[test]
fn nonce_rules() {
    let t = target();
    // A nonce came back, but not ours.
    let wrong = verify_response(
        fixture!("ocsp-good-nonce-ca.der"),
        &t,
        NonceCheck::Sent(&[1; 32]),
        now(),
    );
    assert_eq!(wrong, Err(OcspError::NonceMismatch));
    // None came back: fresh is taken, an hour and more later is not.
    let der = fixture!("ocsp-good-no_nonce-signer.der");
    assert!(verify_response(der, &t, NonceCheck::Sent(&[1; 32]), now()).is_ok());
    let later = now() + MAX_AGE_WITHOUT_NONCE + Duration::minutes(2);
    let old = verify_response(der, &t, NonceCheck::Sent(&[1; 32]), later);
    assert!(matches!(old, Err(OcspError::Stale(_))), "{old:?}");
    assert!(verify_response(der, &t, NonceCheck::Cached, later).is_ok());
}

#[test]
fn dates_and_tampering() {
    let t = target();
    let der = fixture!("ocsp-good-no_nonce-ca.der");
    let a = verify_response(der, &t, NonceCheck::Cached, now()).unwrap();
    let past = a.this_update - MAX_CLOCK_SKEW - Duration::minutes(1);
    assert!(matches!(
        verify_response(der, &t, NonceCheck::Cached, past),
        Err(OcspError::NotYetValid(_))
    ));
    let after = a.next_update.unwrap() + MAX_CLOCK_SKEW + Duration::minutes(1);
    assert!(matches!(
        verify_response(der, &t, NonceCheck::Cached, after),
        Err(OcspError::Stale(_))
    ));
    // Any change to the signed bytes or to the signature value breaks
    // the signature (or the parse): never an answer. (Not tried: the
    // BIT STRING's unused-bits octet, which the parser does not hold
    // against a signature, and the certificates after the signature,
    // which are not signed: the CA's own copy there is not used, the
    // issuer given is.)
    let basic = OcspResponse::from_der(der)
        .unwrap()
        .response_bytes
        .unwrap()
        .response;
    let parts = signed::split(basic.as_bytes()).unwrap();
    let find = |part: &[u8]| der.windows(part.len()).position(|w| w == part).unwrap();
    let (tbs, sig) = (find(parts.tbs), find(parts.signature));
    let value = sig + 3..sig + parts.signature.len();
    for i in (tbs..tbs + parts.tbs.len()).chain(value).step_by(2) {
        let mut bad = der.to_vec();
        bad[i] ^= 0x01;
        assert!(
            verify_response(&bad, &t, NonceCheck::Cached, now()).is_err(),
            "byte {i}"
        );
    }
    // An answer about this certificate judged for another issuer's
    // certificate has no entry, or no valid signer.
    let mut other = t.clone();
    other.serial = vec![0x10, 0x02];
    assert_eq!(
        verify_response(der, &other, NonceCheck::Cached, now()),
        Err(OcspError::NoEntry)
    );
    assert_eq!(OcspError::NoEntry.code(), Code::NoEntry);
    assert_eq!(
        verify_response(
            &[0x30, 0x03, 0x0A, 0x01, 0x06],
            &t,
            NonceCheck::Cached,
            now()
        ),
        Err(OcspError::Responder("unauthorized"))
    );
    assert!(matches!(
        verify_response(b"", &t, NonceCheck::Cached, now()),
        Err(OcspError::Malformed(_))
    ));
}
