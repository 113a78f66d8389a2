//! Is the certificate revoked? OCSP first, the CRL when OCSP cannot
//! answer, as SITHS publishes them (plain http, often through a hospital
//! proxy), within a time bound a person at the desk can wait.
//!
//! Self-contained: it takes (certificate, issuer) DER pairs and gives one
//! [`RevocationResult`] per pair, serialisable for the JSON documents. It
//! leans on the rest of the crate only for certificate analysis and the
//! one signature verifier ([`crate::understanding::cert`]) and capped file reads
//! ([`crate::base::input`]). It never prints.
//!
//! - [`check`]: the whole step ([`check::check`]).
//! - [`ocsp`]: RFC 6960 request and response checks.
//! - [`crl`]: RFC 5280 CRL checks and look-up.
//! - [`http`]: plain HTTP/1.1, absolute form through a proxy, never CONNECT
//!   ([`url`] splits URLs and proxies, [`http_read`] reads answers).
//! - [`cache`]: answers on disk until their nextUpdate.
//! - [`options`]: time bound, offline, proxy, cache; the configuration
//!   keys and flags.
//! - [`result`]: the result types.
//!
//! Behaviour, codes and limits for people: `docs/revocation.md`.

pub mod cache;
pub mod check;
pub mod crl;
pub mod http;
pub mod http_error;
pub mod http_read;
pub mod ocsp;
pub mod options;
pub mod result;
mod signed;
pub mod target;
pub mod url;

pub use check::{check, default_cache_dir, Query};
pub use options::{
    CacheLocation, Options, ProxySettings, RevocationConfig, RevocationFlags, DEFAULT_TOTAL_TIMEOUT,
};
pub use result::{
    Code, Failure, Reason, ReasonCategory, ReasonCode, RevocationResult, Source, Status,
};
