//! Certificate revocation lists (RFC 5280 §5), the fallback when OCSP
//! cannot answer.
//!
//! A national CA's CRL can list hundreds of thousands of certificates.
//! It is fetched (at most [`MAX_CRL_BYTES`]), kept on disk until its
//! nextUpdate, and read **once per run** for all the serials that run asks
//! about ([`lookup`] takes them all): the parsed list lives only inside
//! that call, and what comes out is the CRL's dates and the entries of the
//! asked serials, nothing more. The parser (x509-parser) holds every entry
//! while that one call runs (the peak is the parsed list, for a moment);
//! there is no second parse and no copy of the list is kept.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

use super::ocsp::MAX_CLOCK_SKEW;
use super::result::{Code, ReasonCode};
use super::signed;
use super::target::unsigned;
use crate::understanding::cert::{self, Certificate};

/// The largest CRL fetched or read from the cache: 40 MB. An entry is
/// about 40 to 60 bytes, so this holds well over half a million revoked
/// certificates, far beyond what SITHS's person CAs publish today, while
/// a wrong URL (an ISO image, an endless stream) is cut off.
pub const MAX_CRL_BYTES: usize = 40 * 1024 * 1024;

/// Why a CRL does not count.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CrlError {
    #[error("not a CRL: {0}")]
    Malformed(String),
    #[error("{0}")]
    BadSignature(String),
    #[error("{0}")]
    Stale(String),
    #[error("{0}")]
    NotYetValid(String),
}

impl CrlError {
    /// The result code for it.
    pub fn code(&self) -> Code {
        match self {
            CrlError::Malformed(_) => Code::BadResponse,
            CrlError::BadSignature(_) => Code::BadSignature,
            CrlError::Stale(_) => Code::Stale,
            CrlError::NotYetValid(_) => Code::NotYetValid,
        }
    }
}

/// A CRL entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// revocationDate.
    pub revoked_at: DateTime<Utc>,
    /// The reasonCode entry extension, when present.
    pub reason: Option<ReasonCode>,
}

/// What a verified CRL says about the serials asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    /// thisUpdate.
    pub this_update: DateTime<Utc>,
    /// nextUpdate.
    pub next_update: DateTime<Utc>,
    /// The entries of the asked serials that are on the list (unsigned
    /// big-endian serial to entry); a serial not here is not revoked.
    pub revoked: HashMap<Vec<u8>, Entry>,
}

fn time(t: x509_parser::time::ASN1Time) -> Result<DateTime<Utc>, CrlError> {
    DateTime::from_timestamp(t.timestamp(), 0)
        .ok_or_else(|| CrlError::Malformed("a time out of range".into()))
}

/// Reads `der` as a CRL of `issuer`, checks its signature with the
/// issuer's key and its dates as of `now`, and looks up `serials`
/// (unsigned big-endian). A CRL without nextUpdate is refused as stale:
/// RFC 5280 requires one, and without it nobody can say it is current.
pub fn lookup(
    der: &[u8],
    issuer: &Certificate,
    serials: &[&[u8]],
    now: DateTime<Utc>,
) -> Result<Lookup, CrlError> {
    let (rest, crl) =
        CertificateRevocationList::from_der(der).map_err(|e| CrlError::Malformed(e.to_string()))?;
    if !rest.is_empty() {
        return Err(CrlError::Malformed("bytes after the CRL".into()));
    }
    if crl.issuer().as_raw() != issuer_subject(issuer)? {
        return Err(CrlError::BadSignature(format!(
            "the CRL is issued by {}, not by {}",
            crl.issuer(),
            issuer.subject
        )));
    }
    let parts = signed::split(der).map_err(|e| CrlError::Malformed(e.to_string()))?;
    if !cert::verify_data_signed_by(parts.tbs, parts.algorithm, parts.signature, issuer)
        .is_verified()
    {
        return Err(CrlError::BadSignature(format!(
            "the CRL's signature does not verify with the key of {}",
            issuer.subject
        )));
    }
    let this_update = time(crl.last_update())?;
    let next_update = match crl.next_update() {
        Some(t) => time(t)?,
        None => return Err(CrlError::Stale("the CRL has no nextUpdate".into())),
    };
    if this_update > now + MAX_CLOCK_SKEW {
        return Err(CrlError::NotYetValid(format!(
            "the CRL's thisUpdate {this_update} is in the future"
        )));
    }
    if next_update + MAX_CLOCK_SKEW < now {
        return Err(CrlError::Stale(format!(
            "the CRL expired at its nextUpdate {next_update}"
        )));
    }
    let wanted: Vec<&[u8]> = serials.iter().map(|s| unsigned(s)).collect();
    let mut revoked = HashMap::new();
    for entry in crl.iter_revoked_certificates() {
        let serial = unsigned(entry.raw_serial());
        if !wanted.contains(&serial) {
            continue;
        }
        let reason = entry
            .reason_code()
            .and_then(|(_, code)| ReasonCode::from_value(u32::from(code.0)));
        revoked.insert(
            serial.to_vec(),
            Entry {
                revoked_at: time(entry.revocation_date)?,
                reason,
            },
        );
    }
    Ok(Lookup {
        this_update,
        next_update,
        revoked,
    })
}

/// The issuer's DER subject name, to compare with the CRL's issuer.
fn issuer_subject(issuer: &Certificate) -> Result<Vec<u8>, CrlError> {
    x509_parser::certificate::X509Certificate::from_der(&issuer.der)
        .map(|(_, c)| c.subject().as_raw().to_vec())
        .map_err(|e| CrlError::Malformed(format!("the issuer cannot be read: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! fixture {
        ($name:literal) => {
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/revocation/",
                $name
            ))
        };
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
    fn openssl_crls() {
        let issuer = cert::analyse(fixture!("issuer.der")).unwrap();
        let serial: &[u8] = &[0x10, 0x01];
        let l = lookup(
            fixture!("crl-revoked.der"),
            &issuer,
            &[serial, &[0x99]],
            now(),
        )
        .unwrap();
        assert_eq!(l.revoked.len(), 1, "only the asked serial that is listed");
        assert_eq!(
            l.revoked[&serial.to_vec()].reason,
            Some(ReasonCode::Superseded)
        );
        let l = lookup(fixture!("crl-empty.der"), &issuer, &[serial], now()).unwrap();
        assert!(l.revoked.is_empty() && l.next_update > l.this_update);
        let late = l.next_update + MAX_CLOCK_SKEW + chrono::Duration::minutes(1);
        assert!(matches!(
            lookup(fixture!("crl-empty.der"), &issuer, &[serial], late),
            Err(CrlError::Stale(_))
        ));
        let mut bad = fixture!("crl-revoked.der").to_vec();
        let at = bad.len() / 2;
        bad[at] ^= 1;
        assert!(lookup(&bad, &issuer, &[serial], now()).is_err());
        // Another CA's CRL.
        let person = cert::analyse(fixture!("cert.der")).unwrap();
        assert!(matches!(
            lookup(fixture!("crl-empty.der"), &person, &[serial], now()),
            Err(CrlError::BadSignature(_))
        ));
        assert_eq!(
            lookup(b"junk", &issuer, &[serial], now())
                .unwrap_err()
                .code(),
            Code::BadResponse
        );
    }
}
