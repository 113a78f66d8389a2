//! From DER to a [`Certificate`]: one pass over the parsed certificate
//! that fills in names, extensions, the HSA-ID or personal number, the card
//! number and the validity dates. The pieces it uses live in their own
//! rooms; this file only puts them together.

use chrono::{DateTime, Utc};
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::{FromDer, X509Certificate};

use super::certificate::{CertError, Certificate};
use super::encoding::sha256_hex;
use super::extensions::{eku_names, key_usage_names, oid_string, role_of};
use super::name::{build_name, name_attributes, OID_SERIAL_NUMBER};
use crate::understanding::siths::card_number::{CardNumber, CARD_NUMBER_OID};
use crate::understanding::siths::hsa::HsaId;
use crate::understanding::siths::issuers;
use crate::understanding::siths::personnummer::PersonalNumber;

/// Analyse one DER certificate. Bytes after the certificate's own DER end
/// (cards pad files with `FF`) are ignored; `der` and `sha256` cover the
/// certificate only.
pub fn analyse(der: &[u8]) -> Result<Certificate, CertError> {
    let (rest, x509) =
        X509Certificate::from_der(der).map_err(|e| CertError::Parse(e.to_string()))?;
    let der = &der[..der.len() - rest.len()];

    let mut subject_attrs = name_attributes(x509.subject());
    let issuer_attrs = name_attributes(x509.issuer());

    // serialNumber: personal number (personal data, masked) or HSA-ID.
    let mut personal_number = None;
    let mut hsa_id = None;
    if let Some((_, value)) = subject_attrs
        .iter_mut()
        .find(|(oid, _)| oid == OID_SERIAL_NUMBER)
    {
        match PersonalNumber::parse(value) {
            Ok(pn) => {
                *value = pn.mask();
                personal_number = Some(pn);
            }
            Err(_) => hsa_id = Some(HsaId::lenient(value)),
        }
    }
    let subject = build_name(&subject_attrs);
    let issuer = build_name(&issuer_attrs);

    let key_usage = match x509.key_usage() {
        Ok(Some(ku)) => key_usage_names(ku.value),
        _ => Vec::new(),
    };
    let extended_key_usage = match x509.extended_key_usage() {
        Ok(Some(eku)) => eku_names(eku.value),
        _ => Vec::new(),
    };
    let is_ca = matches!(x509.basic_constraints(), Ok(Some(bc)) if bc.value.ca);

    let mut policies = Vec::new();
    let mut card_number = None;
    for ext in x509.extensions() {
        if let ParsedExtension::CertificatePolicies(p) = ext.parsed_extension() {
            policies.extend(p.iter().map(|pi| oid_string(pi.policy_id.as_bytes())));
        }
        if ext.oid.to_id_string() == CARD_NUMBER_OID {
            card_number = CardNumber::from_extension_value(ext.value);
        }
    }

    let role = role_of(&key_usage, is_ca);
    let issuer_info = issuers::classify(
        issuer.organization.as_deref(),
        issuer.common_name.as_deref(),
    );
    let subject_der = x509.subject().as_raw().to_vec();
    let issuer_der = x509.issuer().as_raw().to_vec();

    Ok(Certificate {
        sha256: sha256_hex(der),
        serial: serial_hex(x509.raw_serial()),
        not_before: timestamp(x509.validity().not_before.timestamp())?,
        not_after: timestamp(x509.validity().not_after.timestamp())?,
        key_usage,
        extended_key_usage,
        policies,
        role,
        hsa_id,
        personal_number,
        card_number,
        is_ca,
        self_signed: subject_der == issuer_der,
        issuer_info,
        signature_algorithm: algorithm_name(&x509.signature_algorithm.algorithm.to_id_string()),
        subject,
        issuer,
        der: der.to_vec(),
        subject_der,
        issuer_der,
    })
}

/// Serial number as lowercase hex without the DER sign-padding zero
/// bytes, as other tools show it (at least one byte is kept).
fn serial_hex(raw: &[u8]) -> String {
    let start = raw
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(raw.len().saturating_sub(1));
    hex::encode(&raw[start..])
}

/// Seconds since the epoch as a UTC time.
fn timestamp(secs: i64) -> Result<DateTime<Utc>, CertError> {
    DateTime::from_timestamp(secs, 0).ok_or(CertError::Date)
}

/// Well-known signature algorithm names.
pub(super) fn algorithm_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "rsassaPss",
        "1.2.840.10045.4.3.2" => "ecdsaWithSHA256",
        "1.2.840.10045.4.3.3" => "ecdsaWithSHA384",
        "1.2.840.10045.4.3.4" => "ecdsaWithSHA512",
        "1.3.101.112" => "ed25519",
        other => other,
    }
    .to_string()
}
