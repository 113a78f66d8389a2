//! The OCSP answer path on arbitrary bytes: the HTTP answer reader, then
//! the response parser and verifier (signature, signer, nonce, entry,
//! dates) for a fixed certificate and issuer. An error or an answer, never
//! a panic; and no answer unless the signature verifies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sithsctl::services::revocation::ocsp::{self, NonceCheck};
use sithsctl_fuzz::revocation::{now, target};

fuzz_target!(|data: &[u8]| {
    let t = target();
    let _ = sithsctl::services::revocation::http::read_response(&mut &data[..], ocsp::MAX_RESPONSE_BYTES);
    // One verification per input (a signature check is most of the cost):
    // as a cached answer or as an answer to a sent nonce, by length.
    let nonce = if data.len() % 2 == 0 {
        NonceCheck::Cached
    } else {
        NonceCheck::Sent(&[0x5A; 20])
    };
    if let Ok(answer) = ocsp::verify_response(data, t, nonce, now()) {
        assert!(answer.this_update <= now() + ocsp::MAX_CLOCK_SKEW);
    }
});
