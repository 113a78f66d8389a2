//! Certificate analysis on arbitrary bytes: an error or an analysis,
//! never a panic; and what it reports is serialisable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(cert) = sithsctl::understanding::cert::analyse(data) {
        let _ = serde_json::to_string(&cert);
        let now = chrono::Utc::now();
        let _ = cert.validity(now, 30);
        let _ = cert.days_left(now);
        let _ = cert.verify_signed_by(&cert);
    }
});
