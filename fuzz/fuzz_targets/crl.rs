//! The CRL parser, verifier and look-up on arbitrary bytes, for a fixed
//! issuer: an error or a look-up, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sithsctl_fuzz::revocation::{now, target};

fuzz_target!(|data: &[u8]| {
    let t = target();
    let _ = sithsctl::services::revocation::crl::lookup(data, &t.issuer, &[&t.serial, &[0x01]], now());
});
