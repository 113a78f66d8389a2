//! OCSP (RFC 6960): the request, and the checks an answer must pass before
//! it counts.
//!
//! x509-ocsp reads and writes the DER types but verifies nothing. The
//! signature is checked here over the exact tbsResponseData bytes that
//! came over the wire (never a re-encoding), with the project's one
//! verifier, [`cert::verify_data_signed_by`].

use chrono::{DateTime, Duration, Utc};
use der::asn1::{Null, OctetString};
use der::oid::db::rfc5912::ID_SHA_1;
use der::oid::db::rfc6960::{ID_PKIX_OCSP_BASIC, ID_PKIX_OCSP_NONCE};
use der::{Decode, Encode, Reader, SliceReader, Tag, TagNumber};
use x509_cert::ext::Extension;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_ocsp::{
    BasicOcspResponse, CertId, CertStatus, OcspGeneralizedTime, OcspRequest, OcspResponse,
    OcspResponseStatus, Request, ResponderId, TbsRequest, Version,
};
use x509_parser::prelude::{FromDer, X509Certificate};

use super::result::{Code, ReasonCode};
use super::signed::{self, SignedParts};
use super::target::{sha1, unsigned, Target};
use crate::understanding::cert;

/// An OCSP response is one signed statement, the responder's certificate
/// and perhaps its chain: a few KiB. 64 KiB leaves room for a long chain
/// and still stops a server that sends a CRL, a web page or an endless
/// stream instead.
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024;

/// Clocks differ: a thisUpdate up to this far in the future, or a
/// nextUpdate this far in the past, still counts. Five minutes, as is
/// common for OCSP clients; more would let a stale answer through.
pub const MAX_CLOCK_SKEW: Duration = Duration::minutes(5);

/// An answer without the nonce we sent (SITHS's behaviour there is not
/// known), or without a nextUpdate, is taken only if it was produced
/// within this long before now: fresh enough that a replayed old "good"
/// cannot hide a revocation made since. An answer carrying a *different*
/// nonce is never taken.
pub const MAX_AGE_WITHOUT_NONCE: Duration = Duration::hours(1);

/// Length of the nonce we send (RFC 8954: 1 to 32 octets, 32 recommended).
pub const NONCE_LEN: usize = 32;

/// Why an answer does not count.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OcspError {
    #[error("not an OCSP response: {0}")]
    Malformed(String),
    #[error("the responder answered {0}")]
    Responder(&'static str),
    #[error("{0}")]
    BadSignature(String),
    #[error("the answer carries another nonce than the one sent")]
    NonceMismatch,
    #[error("{0}")]
    Stale(String),
    #[error("{0}")]
    NotYetValid(String),
    #[error("the answer has no entry for this certificate")]
    NoEntry,
}

impl OcspError {
    /// The result code for it.
    pub fn code(&self) -> Code {
        match self {
            OcspError::Malformed(_) => Code::BadResponse,
            OcspError::Responder(_) => Code::ResponderError,
            OcspError::BadSignature(_) => Code::BadSignature,
            OcspError::NonceMismatch => Code::NonceMismatch,
            OcspError::Stale(_) => Code::Stale,
            OcspError::NotYetValid(_) => Code::NotYetValid,
            OcspError::NoEntry => Code::NoEntry,
        }
    }
}

impl From<der::Error> for OcspError {
    fn from(e: der::Error) -> Self {
        OcspError::Malformed(e.to_string())
    }
}

/// What the responder said about the certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertAnswer {
    Good,
    Revoked {
        at: DateTime<Utc>,
        reason: Option<ReasonCode>,
    },
    Unknown,
}

/// A verified answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: CertAnswer,
    pub produced_at: DateTime<Utc>,
    pub this_update: DateTime<Utc>,
    pub next_update: Option<DateTime<Utc>>,
    /// Whether the nonce sent came back (false for a cached answer).
    pub nonce_echoed: bool,
}

/// How the nonce is judged.
#[derive(Debug, Clone, Copy)]
pub enum NonceCheck<'a> {
    /// This nonce was sent: it must come back, or the answer be fresh.
    Sent(&'a [u8]),
    /// The answer comes from the cache, where only answers that passed
    /// the nonce check were put.
    Cached,
}

/// A fresh nonce from the operating system's random source.
pub fn new_nonce() -> Option<[u8; NONCE_LEN]> {
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::getrandom(&mut nonce).ok()?;
    Some(nonce)
}

fn cert_id(target: &Target) -> Result<CertId, der::Error> {
    Ok(CertId {
        hash_algorithm: AlgorithmIdentifierOwned {
            oid: ID_SHA_1,
            parameters: Some(Null.into()),
        },
        issuer_name_hash: OctetString::new(target.issuer_name_hash.to_vec())?,
        issuer_key_hash: OctetString::new(target.issuer_key_hash.to_vec())?,
        serial_number: SerialNumber::new(&target.serial)?,
    })
}

/// The DER request for one certificate: a SHA-1 CertID (the issuer's name
/// and key hashes and the serial: nothing else about the person) and the
/// nonce, unsigned.
pub fn build_request(target: &Target, nonce: Option<&[u8]>) -> Result<Vec<u8>, der::Error> {
    let request_extensions = match nonce {
        Some(n) => Some(vec![Extension {
            extn_id: ID_PKIX_OCSP_NONCE,
            critical: false,
            extn_value: OctetString::new(OctetString::new(n.to_vec())?.to_der()?)?,
        }]),
        None => None,
    };
    OcspRequest {
        tbs_request: TbsRequest {
            version: Version::V1,
            requestor_name: None,
            request_list: vec![Request {
                req_cert: cert_id(target)?,
                single_request_extensions: None,
            }],
            request_extensions,
        },
        optional_signature: None,
    }
    .to_der()
}

fn time(t: &OcspGeneralizedTime) -> Result<DateTime<Utc>, OcspError> {
    let secs = t.0.to_unix_duration().as_secs();
    i64::try_from(secs)
        .ok()
        .and_then(|s| DateTime::from_timestamp(s, 0))
        .ok_or_else(|| OcspError::Malformed("a time out of range".into()))
}

/// The certificates that came with a BasicOCSPResponse, each exactly as
/// sent: `[0] EXPLICIT SEQUENCE OF Certificate` after the signature.
fn raw_certs(rest: &[u8]) -> Result<Vec<&[u8]>, der::Error> {
    let mut certs = Vec::new();
    if rest.is_empty() {
        return Ok(certs);
    }
    let mut r = SliceReader::new(rest)?;
    let explicit = der::Header::decode(&mut r)?;
    explicit.tag.assert_eq(Tag::ContextSpecific {
        constructed: true,
        number: TagNumber::N0,
    })?;
    let mut list = SliceReader::new(r.read_slice(explicit.length)?)?;
    let seq = der::Header::decode(&mut list)?;
    seq.tag.assert_eq(Tag::Sequence)?;
    let mut items = SliceReader::new(list.read_slice(seq.length)?)?;
    while !items.is_finished() {
        certs.push(items.tlv_bytes()?);
    }
    Ok(certs)
}

/// Whether `cert_der`'s subject or key is the one the responder ID names.
fn names_responder(id: &ResponderId, cert_der: &[u8]) -> bool {
    let Ok((_, cert)) = X509Certificate::from_der(cert_der) else {
        return false;
    };
    match id {
        ResponderId::ByName(name) => name.to_der().is_ok_and(|n| n == cert.subject().as_raw()),
        ResponderId::ByKey(hash) => {
            hash.as_bytes() == sha1(&cert.public_key().subject_public_key.data)
        }
    }
}

/// Finds who signed and checks that it may: the issuing CA itself, or a
/// certificate in the response that the CA issued (its signature verified
/// by the CA's key) with EKU OCSPSigning, valid now. Then checks the
/// response's signature with that key.
fn check_signature(
    basic: &BasicOcspResponse,
    raw: &SignedParts<'_>,
    target: &Target,
    now: DateTime<Utc>,
) -> Result<(), OcspError> {
    let certs = raw_certs(raw.rest)?;
    let id = &basic.tbs_response_data.responder_id;
    let signer = if names_responder(id, &target.issuer.der) {
        target.issuer.clone()
    } else {
        let delegate_der = certs
            .iter()
            .find(|c| names_responder(id, c))
            .ok_or_else(|| {
                OcspError::BadSignature(
                    "the responder is not the CA and sent no certificate of its own".into(),
                )
            })?;
        let delegate = cert::analyse(delegate_der).map_err(|e| {
            OcspError::BadSignature(format!("the responder's certificate cannot be read: {e}"))
        })?;
        if !delegate.verify_signed_by(&target.issuer).is_verified() {
            return Err(OcspError::BadSignature(
                "the responder's certificate is not issued by the certificate's CA".into(),
            ));
        }
        if !delegate
            .extended_key_usage
            .iter()
            .any(|u| u == "ocspSigning")
        {
            return Err(OcspError::BadSignature(
                "the responder's certificate is not authorised for OCSP (no OCSPSigning usage)"
                    .into(),
            ));
        }
        if now + MAX_CLOCK_SKEW < delegate.not_before || now - MAX_CLOCK_SKEW > delegate.not_after {
            return Err(OcspError::BadSignature(
                "the responder's certificate is not valid now".into(),
            ));
        }
        delegate
    };
    if cert::verify_data_signed_by(raw.tbs, raw.algorithm, raw.signature, &signer).is_verified() {
        Ok(())
    } else {
        Err(OcspError::BadSignature(format!(
            "the answer's signature does not verify with the key of {}",
            signer.subject
        )))
    }
}

fn check_nonce(
    basic: &BasicOcspResponse,
    nonce: NonceCheck<'_>,
    produced_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, OcspError> {
    let NonceCheck::Sent(sent) = nonce else {
        return Ok(false);
    };
    let ext = basic
        .tbs_response_data
        .response_extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == ID_PKIX_OCSP_NONCE);
    match ext {
        Some(ext) => {
            let value = ext.extn_value.as_bytes();
            // RFC 8954 wraps the nonce in an OCTET STRING; some responders
            // put the bare bytes in.
            let inner = OctetString::from_der(value).ok();
            let echoed = inner.as_ref().map(|o| o.as_bytes()) == Some(sent) || value == sent;
            if echoed {
                Ok(true)
            } else {
                Err(OcspError::NonceMismatch)
            }
        }
        None if produced_at + MAX_AGE_WITHOUT_NONCE >= now => Ok(false),
        None => Err(OcspError::Stale(format!(
            "no nonce came back and the answer was produced at {produced_at}, more than {} minutes ago",
            MAX_AGE_WITHOUT_NONCE.num_minutes()
        ))),
    }
}

/// Reads and checks a DER OCSP response for `target` as of `now`: status
/// successful, a basic response, signature by the CA or its authorised
/// responder, the nonce, an entry for this very certificate, and its dates
/// (thisUpdate not in the future, nextUpdate not passed, within
/// [`MAX_CLOCK_SKEW`]).
pub fn verify_response(
    der: &[u8],
    target: &Target,
    nonce: NonceCheck<'_>,
    now: DateTime<Utc>,
) -> Result<Answer, OcspError> {
    let response = OcspResponse::from_der(der)?;
    let name = match response.response_status {
        OcspResponseStatus::Successful => None,
        OcspResponseStatus::MalformedRequest => Some("malformedRequest"),
        OcspResponseStatus::InternalError => Some("internalError"),
        OcspResponseStatus::TryLater => Some("tryLater"),
        OcspResponseStatus::SigRequired => Some("sigRequired"),
        OcspResponseStatus::Unauthorized => Some("unauthorized"),
    };
    if let Some(name) = name {
        return Err(OcspError::Responder(name));
    }
    let bytes = response
        .response_bytes
        .ok_or_else(|| OcspError::Malformed("successful, but no response inside".into()))?;
    if bytes.response_type != ID_PKIX_OCSP_BASIC {
        return Err(OcspError::Malformed(format!(
            "response type {} is not basic",
            bytes.response_type
        )));
    }
    let basic_der = bytes.response.as_bytes();
    let basic = BasicOcspResponse::from_der(basic_der)?;
    let raw = signed::split(basic_der)?;
    check_signature(&basic, &raw, target, now)?;

    let data = &basic.tbs_response_data;
    let produced_at = time(&data.produced_at)?;
    let nonce_echoed = check_nonce(&basic, nonce, produced_at, now)?;
    let single = data
        .responses
        .iter()
        .find(|s| {
            let id = &s.cert_id;
            id.hash_algorithm.oid == ID_SHA_1
                && id.issuer_name_hash.as_bytes() == target.issuer_name_hash
                && id.issuer_key_hash.as_bytes() == target.issuer_key_hash
                && unsigned(id.serial_number.as_bytes()) == target.serial.as_slice()
        })
        .ok_or(OcspError::NoEntry)?;
    let this_update = time(&single.this_update)?;
    let next_update = single.next_update.as_ref().map(time).transpose()?;
    for (what, t) in [("thisUpdate", this_update), ("producedAt", produced_at)] {
        if t > now + MAX_CLOCK_SKEW {
            return Err(OcspError::NotYetValid(format!(
                "the answer's {what} {t} is in the future"
            )));
        }
    }
    match next_update {
        Some(next) if next + MAX_CLOCK_SKEW < now => {
            return Err(OcspError::Stale(format!(
                "the answer's nextUpdate {next} has passed"
            )));
        }
        None if this_update + MAX_AGE_WITHOUT_NONCE < now => {
            return Err(OcspError::Stale(format!(
                "the answer has no nextUpdate and its thisUpdate {this_update} is more than {} minutes old",
                MAX_AGE_WITHOUT_NONCE.num_minutes()
            )));
        }
        _ => {}
    }
    let status = match &single.cert_status {
        CertStatus::Good(_) => CertAnswer::Good,
        CertStatus::Unknown(_) => CertAnswer::Unknown,
        CertStatus::Revoked(info) => CertAnswer::Revoked {
            at: time(&info.revocation_time)?,
            reason: info
                .revocation_reason
                .and_then(|r| ReasonCode::from_value(r as u32)),
        },
    };
    Ok(Answer {
        status,
        produced_at,
        this_update,
        next_update,
        nonce_echoed,
    })
}

#[cfg(test)]
mod tests;
