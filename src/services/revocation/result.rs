//! What a revocation check says about one certificate, in a form the JSON
//! documents can carry as it is (every name snake_case).

use chrono::{DateTime, Utc};
use serde::Serialize;

/// The answer for one certificate. Only [`Status::Good`] counts as good:
/// a certificate nobody could vouch for is not "probably fine".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The responder or the CRL says the certificate is not revoked.
    Good,
    /// Revoked: see `revoked_at` and `reason`.
    Revoked,
    /// The OCSP responder answered that it does not know the certificate.
    Unknown,
    /// Nobody could answer: network, time-out, a bad or stale answer; see
    /// `code` and `detail`.
    Unavailable,
    /// Nothing was asked: offline, or the certificate names no responder
    /// and no CRL (or only ones this tool cannot reach, such as https).
    NotChecked,
}

impl Status {
    /// True only for [`Status::Good`].
    pub fn is_good(self) -> bool {
        self == Status::Good
    }
}

/// Where an answer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// An OCSP responder (RFC 6960).
    Ocsp,
    /// A certificate revocation list (RFC 5280).
    Crl,
}

/// Why a check gave no answer: a stable machine code, one per cause a
/// person at the desk would act on differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// `offline` was asked for (not_checked).
    Offline,
    /// The certificate names no OCSP responder and no CRL (not_checked).
    NoResponder,
    /// Only `https://` (or other non-http) locations: hospital proxies
    /// often refuse those and SITHS publishes over plain http (not_checked).
    UnsupportedScheme,
    /// A location that is not a usable URL.
    BadUrl,
    /// The certificate or issuer given could not be read, or the issuer
    /// given is not the certificate's issuer.
    BadInput,
    /// The time bound ran out (also: name resolution too slow).
    Timeout,
    /// No connection to the responder (refused, unreachable, reset, the
    /// name does not resolve).
    ConnectFailed,
    /// No connection to the proxy.
    ProxyUnreachable,
    /// The proxy answered, refusing the request (HTTP 403 or 407 from it).
    ProxyRefused,
    /// The server answered with an HTTP status other than 200.
    HttpStatus,
    /// The answer was larger than the documented cap.
    TooLarge,
    /// Not a readable OCSP response or CRL, or not an HTTP answer.
    BadResponse,
    /// The OCSP responder answered with a status other than successful
    /// (malformedRequest, internalError, tryLater, sigRequired,
    /// unauthorized); `detail` names it.
    ResponderError,
    /// The signature does not verify, or the signer is not the CA or a
    /// responder the CA authorised (EKU OCSPSigning, issued by the CA).
    BadSignature,
    /// The answer carries a nonce other than the one sent: a replay or a
    /// confused responder.
    NonceMismatch,
    /// The answer's nextUpdate has passed, or (no nonce echoed) it was
    /// produced too long ago to trust without one.
    Stale,
    /// thisUpdate (or producedAt) lies in the future beyond the allowed
    /// clock skew.
    NotYetValid,
    /// A successful OCSP response without an entry for this certificate.
    NoEntry,
    /// The card was read from an image (a file, the demo card): nothing is
    /// asked unless `--online` says so (not_checked).
    Image,
    /// The certificate's issuer is not known, or its signature does not
    /// verify with the issuer's key: there is no CA to ask about it
    /// (not_checked).
    NoIssuer,
}

/// Revocation reason (RFC 5280 CRLReason), by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    Unspecified,
    KeyCompromise,
    CaCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
    CertificateHold,
    RemoveFromCrl,
    PrivilegeWithdrawn,
    AaCompromise,
}

/// What a reason means to the person at the desk. SITHS revokes with
/// superseded or cessationOfOperation when a card is replaced or blocked,
/// and with keyCompromise when the codes or the card may be in someone
/// else's hands; the other reasons keep their own names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCategory {
    /// superseded, cessationOfOperation.
    ReplacedOrBlocked,
    /// keyCompromise: blocked because the codes or the card are
    /// compromised.
    CodesOrCardCompromised,
    /// caCompromise, aACompromise.
    CaCompromised,
    /// affiliationChanged.
    AffiliationChanged,
    /// certificateHold.
    OnHold,
    /// privilegeWithdrawn.
    PrivilegeWithdrawn,
    /// unspecified, removeFromCRL, or no reason given.
    Unspecified,
}

impl ReasonCode {
    /// The RFC 5280 CRLReason value (0..=10, 7 unused).
    pub fn from_value(value: u32) -> Option<Self> {
        Some(match value {
            0 => Self::Unspecified,
            1 => Self::KeyCompromise,
            2 => Self::CaCompromise,
            3 => Self::AffiliationChanged,
            4 => Self::Superseded,
            5 => Self::CessationOfOperation,
            6 => Self::CertificateHold,
            8 => Self::RemoveFromCrl,
            9 => Self::PrivilegeWithdrawn,
            10 => Self::AaCompromise,
            _ => return None,
        })
    }

    /// Its meaning category.
    pub fn category(self) -> ReasonCategory {
        match self {
            Self::Superseded | Self::CessationOfOperation => ReasonCategory::ReplacedOrBlocked,
            Self::KeyCompromise => ReasonCategory::CodesOrCardCompromised,
            Self::CaCompromise | Self::AaCompromise => ReasonCategory::CaCompromised,
            Self::AffiliationChanged => ReasonCategory::AffiliationChanged,
            Self::CertificateHold => ReasonCategory::OnHold,
            Self::PrivilegeWithdrawn => ReasonCategory::PrivilegeWithdrawn,
            Self::Unspecified | Self::RemoveFromCrl => ReasonCategory::Unspecified,
        }
    }
}

/// Why a certificate was revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The reason as the CA gave it.
    pub code: ReasonCode,
    /// What it means at the desk.
    pub category: ReasonCategory,
}

impl From<ReasonCode> for Reason {
    fn from(code: ReasonCode) -> Self {
        Reason {
            code,
            category: code.category(),
        }
    }
}

/// A failed attempt: its code and a human-readable detail (English, for
/// logs and tickets; the command layer words its own advice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// Stable machine code.
    pub code: Code,
    /// What happened, in a sentence.
    pub detail: String,
    /// The URL asked, if any.
    pub url: Option<String>,
}

/// The revocation result for one certificate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevocationResult {
    /// The certificate's serial number, lowercase hex (what was asked
    /// about; the request carries nothing else of the person).
    pub serial: String,
    /// The answer.
    pub status: Status,
    /// Where the answer (or the last failed attempt) came from; `None`
    /// when nothing was asked.
    pub source: Option<Source>,
    /// The OCSP responder or CRL URL used.
    pub responder_url: Option<String>,
    /// OCSP producedAt.
    pub produced_at: Option<DateTime<Utc>>,
    /// OCSP thisUpdate, or the CRL's thisUpdate.
    pub this_update: Option<DateTime<Utc>>,
    /// OCSP nextUpdate, or the CRL's nextUpdate.
    pub next_update: Option<DateTime<Utc>>,
    /// When the certificate was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Why, when the CA said.
    pub reason: Option<Reason>,
    /// For unavailable and not_checked: why.
    pub code: Option<Code>,
    /// For unavailable and not_checked: what happened, in a sentence.
    pub detail: Option<String>,
    /// The answer was read from the on-disk cache (nothing was asked).
    pub from_cache: bool,
    /// When the CRL was used because OCSP could not answer: why OCSP
    /// could not.
    pub ocsp_failure: Option<Failure>,
}

impl RevocationResult {
    /// A result with only the serial and status set.
    pub(crate) fn bare(serial: &str, status: Status) -> Self {
        RevocationResult {
            serial: serial.to_string(),
            status,
            source: None,
            responder_url: None,
            produced_at: None,
            this_update: None,
            next_update: None,
            revoked_at: None,
            reason: None,
            code: None,
            detail: None,
            from_cache: false,
            ocsp_failure: None,
        }
    }

    /// not_checked for a reason decided before any request (an image, no
    /// issuer): the callers' counterpart of the codes the check itself
    /// gives.
    pub fn not_checked(serial: &str, code: Code, detail: impl Into<String>) -> Self {
        let mut r = Self::bare(serial, Status::NotChecked);
        r.code = Some(code);
        r.detail = Some(detail.into());
        r
    }

    /// not_checked or unavailable with a code and a detail.
    pub(crate) fn failed(
        serial: &str,
        status: Status,
        failure: Failure,
        source: Option<Source>,
    ) -> Self {
        let mut r = Self::bare(serial, status);
        r.code = Some(failure.code);
        r.detail = Some(failure.detail);
        r.responder_url = failure.url;
        r.source = source;
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_map_to_desk_categories() {
        assert_eq!(
            ReasonCode::from_value(4).unwrap().category(),
            ReasonCategory::ReplacedOrBlocked
        );
        assert_eq!(
            ReasonCode::from_value(5).unwrap().category(),
            ReasonCategory::ReplacedOrBlocked
        );
        assert_eq!(
            ReasonCode::from_value(1).unwrap().category(),
            ReasonCategory::CodesOrCardCompromised
        );
        assert_eq!(ReasonCode::from_value(7), None);
        assert_eq!(ReasonCode::from_value(11), None);
        assert_eq!(
            ReasonCode::from_value(6).unwrap(),
            ReasonCode::CertificateHold
        );
    }

    #[test]
    fn serialises_snake_case() {
        let mut r = RevocationResult::bare("0a", Status::NotChecked);
        r.code = Some(Code::ProxyRefused);
        r.reason = Some(ReasonCode::CessationOfOperation.into());
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["status"], "not_checked");
        assert_eq!(json["code"], "proxy_refused");
        assert_eq!(json["reason"]["code"], "cessation_of_operation");
        assert_eq!(json["reason"]["category"], "replaced_or_blocked");
        assert!(!Status::Unknown.is_good() && Status::Good.is_good());
    }
}
