//! One certificate to check, read once: what an OCSP request and a CRL
//! look-up need of it and of its issuer, and where to ask.

use sha1::{Digest, Sha1};
use x509_parser::extensions::{DistributionPointName, GeneralName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::understanding::cert::{self, Certificate};

/// id-ad-ocsp (RFC 5280 §4.2.2.1).
const ID_AD_OCSP: &str = "1.3.6.1.5.5.7.48.1";

/// Why a (certificate, issuer) pair cannot be checked at all.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("the certificate cannot be read: {0}")]
    Certificate(String),
    #[error("the issuer certificate cannot be read: {0}")]
    Issuer(String),
    #[error("the certificate given as issuer is not the certificate's issuer")]
    NotTheIssuer,
}

/// A certificate with its issuer, ready to ask about.
#[derive(Debug, Clone)]
pub struct Target {
    /// Serial, lowercase hex, as [`Certificate::serial`] has it.
    pub serial_hex: String,
    /// Serial as an unsigned big-endian number, no leading zero bytes.
    pub serial: Vec<u8>,
    /// SHA-1 of the issuer's DER subject name (CertID issuerNameHash).
    pub issuer_name_hash: [u8; 20],
    /// SHA-1 of the issuer's subjectPublicKey BIT STRING contents
    /// (CertID issuerKeyHash).
    pub issuer_key_hash: [u8; 20],
    /// The AIA OCSP URLs, in the certificate's order.
    pub ocsp_urls: Vec<String>,
    /// The CRL distribution point URLs, in the certificate's order.
    pub crl_urls: Vec<String>,
    /// The issuer, analysed (its key verifies answers).
    pub issuer: Certificate,
}

/// A serial or INTEGER's content octets without the sign byte and leading
/// zeros, so that `00 8A` and `8A` compare equal.
pub fn unsigned(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

/// SHA-1, for CertIDs and responder key hashes.
pub fn sha1(bytes: &[u8]) -> [u8; 20] {
    Sha1::digest(bytes).into()
}

impl Target {
    /// Reads the certificate and its issuer (DER).
    pub fn new(cert_der: &[u8], issuer_der: &[u8]) -> Result<Target, TargetError> {
        let (_, cert) = X509Certificate::from_der(cert_der)
            .map_err(|e| TargetError::Certificate(e.to_string()))?;
        let (_, issuer) = X509Certificate::from_der(issuer_der)
            .map_err(|e| TargetError::Issuer(e.to_string()))?;
        if cert.issuer().as_raw() != issuer.subject().as_raw() && cert.issuer() != issuer.subject()
        {
            return Err(TargetError::NotTheIssuer);
        }
        let analysed = cert::analyse(issuer_der).map_err(|e| TargetError::Issuer(e.to_string()))?;
        let mut ocsp_urls = Vec::new();
        let mut crl_urls = Vec::new();
        for ext in cert.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::AuthorityInfoAccess(aia) => {
                    for ad in &aia.accessdescs {
                        if ad.access_method.to_id_string() == ID_AD_OCSP {
                            if let GeneralName::URI(uri) = &ad.access_location {
                                ocsp_urls.push(uri.to_string());
                            }
                        }
                    }
                }
                ParsedExtension::CRLDistributionPoints(cdp) => {
                    for point in cdp.iter() {
                        if let Some(DistributionPointName::FullName(names)) =
                            &point.distribution_point
                        {
                            for name in names {
                                if let GeneralName::URI(uri) = name {
                                    crl_urls.push(uri.to_string());
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let raw = cert.raw_serial();
        Ok(Target {
            serial_hex: match unsigned(raw) {
                [] => "00".to_string(),
                magnitude => hex::encode(magnitude),
            },
            serial: unsigned(raw).to_vec(),
            issuer_name_hash: sha1(issuer.subject().as_raw()),
            issuer_key_hash: sha1(&issuer.public_key().subject_public_key.data),
            ocsp_urls,
            crl_urls,
            issuer: analysed,
        })
    }
}
