//! What an analysed certificate is: the [`Certificate`] record, its
//! [`Role`] and [`Validity`], the error when bytes are not one, and the
//! questions asked of it (which login it serves, how long it lasts). Kept
//! apart from the parsing so the record reads on its own.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::name::Name;
use crate::understanding::siths::card_number::CardNumber;
use crate::understanding::siths::hsa::HsaId;
use crate::understanding::siths::issuers::IssuerInfo;
use crate::understanding::siths::personnummer::PersonalNumber;

/// Why a certificate could not be analysed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertError {
    /// The bytes are not a DER X.509 certificate.
    #[error("not a DER X.509 certificate: {0}")]
    Parse(String),
    /// A validity date cannot be represented.
    #[error("certificate validity date out of range")]
    Date,
}

/// What a certificate on a SITHS card is for, as the middleware tells it
/// from keyUsage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Identification / authentication ("legitimering"): keyUsage
    /// digitalSignature + keyEncipherment, no nonRepudiation, not a CA.
    Identification,
    /// Signature ("underskrift"): keyUsage nonRepudiation only.
    Signature,
    /// Anything else (CA certificates, no keyUsage, odd combinations).
    Other,
}

/// Where a certificate's validity period stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// Valid, and for longer than the warning period.
    Valid,
    /// Valid, but expires within the warning period.
    Expiring,
    /// notAfter has passed.
    Expired,
    /// notBefore is still ahead.
    NotYetValid,
}

/// A certificate, analysed. Serialises without the DER and without any raw
/// personal number.
#[derive(Debug, Clone, Serialize)]
pub struct Certificate {
    /// SHA-256 of the DER, lowercase hex: the certificate's identity.
    pub sha256: String,
    /// Serial number, lowercase hex.
    pub serial: String,
    /// Subject name.
    pub subject: Name,
    /// Issuer name.
    pub issuer: Name,
    /// Start of validity.
    pub not_before: DateTime<Utc>,
    /// End of validity.
    pub not_after: DateTime<Utc>,
    /// keyUsage bits set, by their RFC 5280 names (`digitalSignature`,
    /// `nonRepudiation`, `keyEncipherment`, ...).
    pub key_usage: Vec<String>,
    /// Extended key usages: known ones by name (`clientAuth`,
    /// `smartcardLogon`, ...), others as dotted OIDs.
    pub extended_key_usage: Vec<String>,
    /// Certificate policy OIDs, dotted.
    pub policies: Vec<String>,
    /// Identification, signature or other.
    pub role: Role,
    /// The HSA-ID from subject serialNumber, when that is not a personal
    /// number.
    pub hsa_id: Option<HsaId>,
    /// The personal number from subject serialNumber (serialises masked).
    pub personal_number: Option<PersonalNumber>,
    /// The card number from extension 1.2.752.34.2.1.
    pub card_number: Option<CardNumber>,
    /// basicConstraints cA is true.
    pub is_ca: bool,
    /// Subject and issuer names are identical (a root).
    pub self_signed: bool,
    /// What the tool knows about the issuer.
    pub issuer_info: IssuerInfo,
    /// Signature algorithm, by name where known, else dotted OID.
    pub signature_algorithm: String,
    /// The DER encoding, exactly the certificate's bytes.
    #[serde(skip)]
    pub der: Vec<u8>,
    /// DER of the subject name, for exact issuer matching.
    #[serde(skip)]
    pub(super) subject_der: Vec<u8>,
    /// DER of the issuer name.
    #[serde(skip)]
    pub(super) issuer_der: Vec<u8>,
}

impl Certificate {
    /// An identification certificate with a production HSA-ID of the
    /// organisation `org_number` (any organisation with `None`), valid or
    /// not: the certificate a login for that organisation would use.
    pub fn identifies_for(&self, org_number: Option<&str>) -> bool {
        self.role == Role::Identification
            && self.issuer_info.class != crate::understanding::siths::issuers::IssuerClass::Test
            && self.hsa_id.as_ref().is_some_and(|h| {
                !h.test && org_number.is_none_or(|n| h.org_number.as_deref() == Some(n))
            })
    }

    /// Whole days from `now` to notAfter; negative once expired.
    pub fn days_left(&self, now: DateTime<Utc>) -> i64 {
        (self.not_after - now).num_days()
    }

    /// Where the validity period stands at `now`, calling it
    /// [`Validity::Expiring`] when at most `warn_days` days are left.
    pub fn validity(&self, now: DateTime<Utc>, warn_days: i64) -> Validity {
        if now < self.not_before {
            Validity::NotYetValid
        } else if now > self.not_after {
            Validity::Expired
        } else if self.days_left(now) <= warn_days {
            Validity::Expiring
        } else {
            Validity::Valid
        }
    }
}
