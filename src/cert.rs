//! One certificate, understood: who it names, who issued it, what it is for
//! (identification or signature), its HSA-ID or personal number, the card
//! number that ties it to a physical card, and how long it is valid.
//!
//! Everything here works on DER bytes alone, so the same code serves
//! certificates read from a card, from a file, or from the middleware.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_parser::der_parser::asn1_rs::Tag;
use x509_parser::error::X509Error;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::{FromDer, X509Certificate, X509Name};
use x509_parser::public_key::PublicKey;

use crate::siths::card_number::{CardNumber, CARD_NUMBER_OID};
use crate::siths::hsa::HsaId;
use crate::siths::issuers::{self, IssuerInfo};
use crate::siths::personnummer::PersonalNumber;

/// How deep [`CaSet::chain`] walks before giving up: SITHS chains are two
/// or three long, so eight is plenty and stops loops in odd CA sets.
pub const MAX_CHAIN_DEPTH: usize = 8;

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

/// Attributes of a subject or issuer name that matter to SITHS. Strings are
/// decoded from UTF8String, PrintableString, IA5String, BMPString,
/// TeletexString (as Latin-1) and UniversalString. Where an attribute occurs
/// more than once its values are joined with ", ".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Name {
    /// CN (2.5.4.3).
    pub common_name: Option<String>,
    /// O (2.5.4.10).
    pub organization: Option<String>,
    /// OU (2.5.4.11).
    pub organizational_unit: Option<String>,
    /// L (2.5.4.7).
    pub locality: Option<String>,
    /// C (2.5.4.6).
    pub country: Option<String>,
    /// SN, surname (2.5.4.4).
    pub surname: Option<String>,
    /// GN, givenName (2.5.4.42).
    pub given_name: Option<String>,
    /// title (2.5.4.12).
    pub title: Option<String>,
    /// serialNumber (2.5.4.5): the HSA-ID, or, in personnummer
    /// certificates, the *masked* personal number (the raw number is only
    /// available through [`Certificate::personal_number`]).
    pub serial_number: Option<String>,
}

impl fmt::Display for Name {
    /// `C=SE, L=..., O=..., OU=..., CN=..., SN=..., GN=..., title=...,
    /// serialNumber=...`, leaving out the absent ones.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [
            ("C", &self.country),
            ("L", &self.locality),
            ("O", &self.organization),
            ("OU", &self.organizational_unit),
            ("CN", &self.common_name),
            ("SN", &self.surname),
            ("GN", &self.given_name),
            ("title", &self.title),
            ("serialNumber", &self.serial_number),
        ];
        let mut first = true;
        for (key, value) in parts {
            if let Some(v) = value {
                if !first {
                    f.write_str(", ")?;
                }
                write!(f, "{key}={v}")?;
                first = false;
            }
        }
        Ok(())
    }
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
    subject_der: Vec<u8>,
    /// DER of the issuer name.
    #[serde(skip)]
    issuer_der: Vec<u8>,
}

/// The DER inside a PEM `CERTIFICATE` block, if the bytes are PEM.
pub fn pem_to_der(bytes: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine;
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find(BEGIN)? + BEGIN.len();
    let end = text[start..].find("-----END CERTIFICATE-----")? + start;
    let b64: String = text[start..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

/// A certificate as PEM, lines of 64 characters.
pub fn der_to_pem(der: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

/// SHA-256 of some bytes, lowercase hex: how documents name a certificate.
pub fn sha256_hex(der: &[u8]) -> String {
    hex::encode(Sha256::digest(der))
}

/// OIDs of the name attributes SITHS uses.
const OID_CN: &str = "2.5.4.3";
const OID_SURNAME: &str = "2.5.4.4";
const OID_SERIAL_NUMBER: &str = "2.5.4.5";
const OID_COUNTRY: &str = "2.5.4.6";
const OID_LOCALITY: &str = "2.5.4.7";
const OID_ORGANIZATION: &str = "2.5.4.10";
const OID_OU: &str = "2.5.4.11";
const OID_TITLE: &str = "2.5.4.12";
const OID_GIVEN_NAME: &str = "2.5.4.42";

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

/// Every attribute of a name as (dotted OID, decoded value), in order.
fn name_attributes(name: &X509Name<'_>) -> Vec<(String, String)> {
    name.iter_attributes()
        .filter_map(|attr| {
            let value = decode_string(attr.attr_value().tag(), attr.attr_value().data)?;
            Some((attr.attr_type().to_id_string(), value))
        })
        .collect()
}

/// Decode an ASN.1 string value. Invalid UTF-8 is replaced rather than
/// dropped, so a damaged name still shows something.
fn decode_string(tag: Tag, data: &[u8]) -> Option<String> {
    match tag {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::NumericString
        | Tag::VisibleString => Some(String::from_utf8_lossy(data).into_owned()),
        Tag::BmpString => {
            let units: Vec<u16> = data
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        Tag::UniversalString => Some(
            data.chunks(4)
                .map(|c| {
                    let mut b = [0u8; 4];
                    b[..c.len()].copy_from_slice(c);
                    char::from_u32(u32::from_be_bytes(b)).unwrap_or('\u{fffd}')
                })
                .collect(),
        ),
        // T.61 in practice carries Latin-1 in certificates.
        Tag::TeletexString => Some(data.iter().map(|b| char::from(*b)).collect()),
        _ => None,
    }
}

/// Build a [`Name`] from decoded attributes.
fn build_name(attrs: &[(String, String)]) -> Name {
    let get = |oid: &str| {
        let values: Vec<&str> = attrs
            .iter()
            .filter(|(o, _)| o == oid)
            .map(|(_, v)| v.as_str())
            .collect();
        if values.is_empty() {
            None
        } else {
            Some(values.join(", "))
        }
    };
    Name {
        common_name: get(OID_CN),
        organization: get(OID_ORGANIZATION),
        organizational_unit: get(OID_OU),
        locality: get(OID_LOCALITY),
        country: get(OID_COUNTRY),
        surname: get(OID_SURNAME),
        given_name: get(OID_GIVEN_NAME),
        title: get(OID_TITLE),
        serial_number: get(OID_SERIAL_NUMBER),
    }
}

/// keyUsage bits by their RFC 5280 names.
fn key_usage_names(ku: &x509_parser::extensions::KeyUsage) -> Vec<String> {
    [
        (ku.digital_signature(), "digitalSignature"),
        (ku.non_repudiation(), "nonRepudiation"),
        (ku.key_encipherment(), "keyEncipherment"),
        (ku.data_encipherment(), "dataEncipherment"),
        (ku.key_agreement(), "keyAgreement"),
        (ku.key_cert_sign(), "keyCertSign"),
        (ku.crl_sign(), "cRLSign"),
        (ku.encipher_only(), "encipherOnly"),
        (ku.decipher_only(), "decipherOnly"),
    ]
    .into_iter()
    .filter(|(set, _)| *set)
    .map(|(_, name)| name.to_string())
    .collect()
}

/// Extended key usages by name where known.
fn eku_names(eku: &x509_parser::extensions::ExtendedKeyUsage<'_>) -> Vec<String> {
    let mut names: Vec<String> = [
        (eku.any, "anyExtendedKeyUsage"),
        (eku.server_auth, "serverAuth"),
        (eku.client_auth, "clientAuth"),
        (eku.code_signing, "codeSigning"),
        (eku.email_protection, "emailProtection"),
        (eku.time_stamping, "timeStamping"),
        (eku.ocsp_signing, "ocspSigning"),
    ]
    .into_iter()
    .filter(|(set, _)| *set)
    .map(|(_, name)| name.to_string())
    .collect();
    names.extend(eku.other.iter().map(|oid| {
        let id = oid_string(oid.as_bytes());
        match id.as_str() {
            // Microsoft smart card logon: used for Windows login with SITHS.
            "1.3.6.1.4.1.311.20.2.2" => "smartcardLogon".to_string(),
            _ => id,
        }
    }));
    names
}

/// Dotted text of a DER OID body. Done here rather than by the parser
/// library because it misreads a first subidentifier longer than one byte
/// (arcs under 2.40 and up, such as 2.999), and a policy OID must come out
/// right. Arcs too large for u128 come out as hex.
fn oid_string(body: &[u8]) -> String {
    let mut arcs: Vec<u128> = Vec::new();
    let mut value: u128 = 0;
    for &b in body {
        match value.checked_mul(128) {
            Some(v) => value = v | u128::from(b & 0x7f),
            None => return format!("oid:{}", hex::encode(body)),
        }
        if b & 0x80 == 0 {
            arcs.push(value);
            value = 0;
        }
    }
    let mut parts = Vec::with_capacity(arcs.len() + 1);
    if let Some((&first, rest)) = arcs.split_first() {
        let (a, b) = match first {
            0..=39 => (0, first),
            40..=79 => (1, first - 40),
            _ => (2, first - 80),
        };
        parts.push(a.to_string());
        parts.push(b.to_string());
        parts.extend(rest.iter().map(u128::to_string));
    }
    parts.join(".")
}

/// Identification, signature or other, from keyUsage names.
fn role_of(key_usage: &[String], is_ca: bool) -> Role {
    let has = |n: &str| key_usage.iter().any(|k| k == n);
    if is_ca || has("keyCertSign") || has("cRLSign") {
        return Role::Other;
    }
    if key_usage.len() == 1 && has("nonRepudiation") {
        Role::Signature
    } else if has("digitalSignature") && has("keyEncipherment") && !has("nonRepudiation") {
        Role::Identification
    } else {
        Role::Other
    }
}

/// Well-known signature algorithm names.
fn algorithm_name(oid: &str) -> String {
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

impl Certificate {
    /// An identification certificate with a production HSA-ID of the
    /// organisation `org_number` (any organisation with `None`), valid or
    /// not: the certificate a login for that organisation would use.
    pub fn identifies_for(&self, org_number: Option<&str>) -> bool {
        self.role == Role::Identification
            && self.issuer_info.class != crate::siths::issuers::IssuerClass::Test
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

    /// Whether `issuer`'s subject is this certificate's issuer name: exactly
    /// the same DER, or the same decoded attributes (a CA may encode a
    /// string type differently in its own subject).
    pub fn issued_by_name(&self, issuer: &Certificate) -> bool {
        self.issuer_der == issuer.subject_der || self.issuer == issuer.subject
    }

    /// Check this certificate's signature with `issuer`'s public key. The
    /// result says verified, signature invalid, algorithm not supported, or
    /// that `issuer` is not the named issuer (nothing verified then).
    pub fn verify_signed_by(&self, issuer: &Certificate) -> ChainCheck {
        let by = IssuerRef::of(issuer);
        if !self.issued_by_name(issuer) {
            return ChainCheck::IssuerMismatch { issuer: by };
        }
        let (Ok((_, cert)), Ok((_, ca))) = (
            X509Certificate::from_der(&self.der),
            X509Certificate::from_der(&issuer.der),
        ) else {
            return ChainCheck::NotChecked {
                reason: NotCheckedReason::Unparsable,
            };
        };
        if let Some(refused) = key_refuses(&ca, &self.signature_algorithm, &by) {
            return refused;
        }
        signature_outcome(
            cert.verify_signature(Some(ca.public_key())),
            by,
            &self.signature_algorithm,
        )
    }
}

/// What the issuer's key cannot check, before trying: ring only takes RSA
/// keys of 2048 bits or more except for SHA-1 (a smaller key would come
/// back as "invalid", which is not true); and a signature made with
/// another kind of key than the issuer's (an ECDSA signature checked
/// against an RSA CA) cannot be that CA's.
fn key_refuses(ca: &X509Certificate<'_>, algorithm: &str, by: &IssuerRef) -> Option<ChainCheck> {
    if let Ok(PublicKey::RSA(rsa)) = ca.public_key().parsed() {
        let sha1 = algorithm == "sha1WithRSAEncryption";
        if rsa.key_size() < 2048 && !sha1 {
            return Some(ChainCheck::UnsupportedAlgorithm {
                issuer: by.clone(),
                algorithm: format!("{algorithm} with RSA-{}", rsa.key_size()),
            });
        }
    }
    let ec_signature = algorithm.starts_with("ecdsa");
    let rsa_signature = algorithm.contains("RSA");
    match ca.public_key().parsed() {
        Ok(PublicKey::RSA(_)) if ec_signature => {
            Some(ChainCheck::SignatureInvalid { issuer: by.clone() })
        }
        Ok(PublicKey::EC(_)) if rsa_signature => {
            Some(ChainCheck::SignatureInvalid { issuer: by.clone() })
        }
        _ => None,
    }
}

fn signature_outcome(result: Result<(), X509Error>, by: IssuerRef, algorithm: &str) -> ChainCheck {
    match result {
        Ok(()) => ChainCheck::Verified { issuer: by },
        Err(X509Error::SignatureUnsupportedAlgorithm) => ChainCheck::UnsupportedAlgorithm {
            issuer: by,
            algorithm: algorithm.to_string(),
        },
        Err(_) => ChainCheck::SignatureInvalid { issuer: by },
    }
}

/// Check a signature over `data` (the signed part of an OCSP response or
/// of a CRL) with `signer`'s key, under the same rules as
/// [`Certificate::verify_signed_by`]. `algorithm` and `signature` are the
/// DER of the AlgorithmIdentifier and of the BIT STRING that came with the
/// data.
pub fn verify_data_signed_by(
    data: &[u8],
    algorithm: &[u8],
    signature: &[u8],
    signer: &Certificate,
) -> ChainCheck {
    use x509_parser::der_parser::asn1_rs::BitString;
    use x509_parser::x509::AlgorithmIdentifier;
    let by = IssuerRef::of(signer);
    let (Ok((_, ca)), Ok((_, alg)), Ok((_, sig))) = (
        X509Certificate::from_der(&signer.der),
        AlgorithmIdentifier::from_der(algorithm),
        BitString::from_der(signature),
    ) else {
        return ChainCheck::NotChecked {
            reason: NotCheckedReason::Unparsable,
        };
    };
    let name = algorithm_name(&alg.algorithm.to_id_string());
    if let Some(refused) = key_refuses(&ca, &name, &by) {
        return refused;
    }
    let result = x509_parser::verify::verify_signature(ca.public_key(), &alg, &sig, data);
    signature_outcome(result, by, &name)
}

/// The issuer a check was made against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuerRef {
    /// The issuer certificate's subject, as text.
    pub subject: String,
    /// SHA-256 of the issuer certificate.
    pub sha256: String,
}

impl IssuerRef {
    fn of(c: &Certificate) -> Self {
        Self {
            subject: c.subject.to_string(),
            sha256: c.sha256.clone(),
        }
    }
}

/// Why a signature was not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotCheckedReason {
    /// No candidate CA certificate has this certificate's issuer name.
    IssuerNotKnown,
    /// A certificate's DER could not be parsed again.
    Unparsable,
}

/// The outcome of checking a certificate's signature against an issuer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ChainCheck {
    /// The issuer's key verifies the signature.
    Verified {
        /// The issuer used.
        issuer: IssuerRef,
    },
    /// The issuer's name matches but its key does not verify the signature.
    SignatureInvalid {
        /// The issuer tried.
        issuer: IssuerRef,
    },
    /// The signature algorithm (or key size) is not one this tool can check.
    UnsupportedAlgorithm {
        /// The issuer tried.
        issuer: IssuerRef,
        /// The algorithm.
        algorithm: String,
    },
    /// The certificate given as issuer is not the one named in the
    /// certificate; nothing was verified.
    IssuerMismatch {
        /// The certificate given.
        issuer: IssuerRef,
    },
    /// Not checked: no issuer known. Never a guess either way.
    NotChecked {
        /// Why.
        reason: NotCheckedReason,
    },
}

impl ChainCheck {
    /// True only for a verified signature.
    pub fn is_verified(&self) -> bool {
        matches!(self, ChainCheck::Verified { .. })
    }
}

/// Where a candidate CA certificate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaSource {
    /// Shipped inside the tool (public SITHS CA certificates).
    Bundled,
    /// Read from the card.
    Card,
    /// Given by the user.
    User,
}

/// The candidate CA certificates an issuer is looked for among.
#[derive(Debug, Clone, Default)]
pub struct CaSet {
    certs: Vec<(Certificate, CaSource)>,
}

/// One step of a chain walk: a certificate and how its signature checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainStep {
    /// The certificate's subject, as text.
    pub subject: String,
    /// SHA-256 of the certificate.
    pub sha256: String,
    /// Its signature check.
    pub check: ChainCheck,
}

impl CaSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bundled public SITHS CA certificates.
    pub fn bundled() -> Self {
        let mut set = Self::new();
        for der in crate::siths::ca::BUNDLED {
            // The bundled files are tested to parse; one that did not would
            // simply be missing from the set.
            if let Ok(c) = analyse(der) {
                set.add(c, CaSource::Bundled);
            }
        }
        set
    }

    /// Add a candidate; a certificate already present (same SHA-256) is not
    /// added twice.
    pub fn add(&mut self, cert: Certificate, source: CaSource) {
        if !self.certs.iter().any(|(c, _)| c.sha256 == cert.sha256) {
            self.certs.push((cert, source));
        }
    }

    /// Every candidate with its source.
    pub fn certificates(&self) -> impl Iterator<Item = (&Certificate, CaSource)> {
        self.certs.iter().map(|(c, s)| (c, *s))
    }

    /// Candidates whose subject is `cert`'s issuer name.
    pub fn issuers_of<'a>(
        &'a self,
        cert: &'a Certificate,
    ) -> impl Iterator<Item = &'a Certificate> {
        self.certs.iter().map(|(c, _)| c).filter(move |c| {
            cert.issued_by_name(c) && (c.sha256 != cert.sha256 || cert.self_signed)
        })
    }

    /// Find `cert`'s issuer by name among the candidates and verify the
    /// signature. With several candidates of that name (a re-keyed CA) any
    /// that verifies wins. No candidate: [`ChainCheck::NotChecked`].
    pub fn check(&self, cert: &Certificate) -> ChainCheck {
        let mut best: Option<ChainCheck> = None;
        for ca in self.issuers_of(cert) {
            let result = cert.verify_signed_by(ca);
            if result.is_verified() {
                return result;
            }
            // Prefer "cannot check" over "invalid" when candidates disagree:
            // an unsupported algorithm says nothing about the signature.
            let replace = matches!(
                (&best, &result),
                (None, _)
                    | (
                        Some(ChainCheck::SignatureInvalid { .. }),
                        ChainCheck::UnsupportedAlgorithm { .. },
                    )
            );
            if replace {
                best = Some(result);
            }
        }
        best.unwrap_or(ChainCheck::NotChecked {
            reason: NotCheckedReason::IssuerNotKnown,
        })
    }

    /// Walk from `cert` up towards a root: each step's signature checked
    /// against its issuer, stopping at a self-signed certificate, at the
    /// first step that does not verify, or after [`MAX_CHAIN_DEPTH`].
    pub fn chain(&self, cert: &Certificate) -> Vec<ChainStep> {
        let mut steps = Vec::new();
        let mut current = cert;
        for _ in 0..MAX_CHAIN_DEPTH {
            let check = self.check(current);
            let next = match &check {
                ChainCheck::Verified { issuer } => self
                    .certs
                    .iter()
                    .map(|(c, _)| c)
                    .find(|c| c.sha256 == issuer.sha256),
                _ => None,
            };
            steps.push(ChainStep {
                subject: current.subject.to_string(),
                sha256: current.sha256.clone(),
                check,
            });
            match next {
                Some(n) if !current.self_signed => current = n,
                _ => break,
            }
        }
        steps
    }
}

#[cfg(test)]
mod pem_tests {
    use super::*;

    #[test]
    fn pem_round_trip() {
        let der: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let pem = der_to_pem(&der);
        assert!(pem.lines().all(|l| l.len() <= 64));
        assert_eq!(pem_to_der(pem.as_bytes()), Some(der));
        assert_eq!(pem_to_der(b"\x30\x82"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::siths::hsa::HsaIdForm;
    use crate::siths::issuers::{IssuerClass, IssuerPurpose};
    use chrono::TimeZone;

    const PP_SIGNATURE: &[u8] =
        include_bytes!("../tests/data/public-certs/siths-type1-pp-signature-2015.der");
    const TEST_FUNCTION: &[u8] =
        include_bytes!("../tests/data/public-certs/test-siths-eid-function-2022.der");
    const TEST_FUNCTION_CA: &[u8] =
        include_bytes!("../tests/data/public-certs/testsithseidfunctioncav1.der");
    const TEST_ROOT: &[u8] = include_bytes!("../tests/data/public-certs/testsithseidrootcav2.der");
    const PROD_ROOT: &[u8] = include_bytes!("../tests/data/public-certs/sithseidrootcav2.der");
    const PROD_FUNCTION_CA: &[u8] =
        include_bytes!("../tests/data/public-certs/sithseidfunctioncav1.der");
    const CARELINK: &[u8] =
        include_bytes!("../tests/data/public-certs/siths-ca-v3-function-2010.der");

    fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    #[test]
    fn pre_production_person_signature_certificate() {
        let c = analyse(PP_SIGNATURE).unwrap();
        assert_eq!(c.role, Role::Signature);
        assert_eq!(c.key_usage, vec!["nonRepudiation"]);
        let hsa = c.hsa_id.as_ref().unwrap();
        assert_eq!(hsa.value, "TSTNMT2321000156-1025");
        assert_eq!(hsa.form, HsaIdForm::Test);
        assert_eq!(hsa.org_number.as_deref(), Some("2321000156"));
        assert!(c.personal_number.is_none());
        let card = c.card_number.as_ref().unwrap();
        assert_eq!(card.value, "9752269895715989469");
        assert!(card.luhn_valid && card.well_formed);
        assert_eq!(c.subject.locality.as_deref(), Some("Öster län"));
        assert_eq!(c.subject.organization.as_deref(), Some("Nordic MedTest"));
        assert_eq!(c.subject.common_name.as_deref(), Some("Karin Persson"));
        assert_eq!(c.subject.surname.as_deref(), Some("Persson"));
        assert_eq!(c.subject.given_name.as_deref(), Some("Karin"));
        assert_eq!(c.subject.country.as_deref(), Some("SE"));
        assert_eq!(
            c.issuer.common_name.as_deref(),
            Some("SITHS Type 1 CA v1 PP")
        );
        assert_eq!(c.issuer_info.class, IssuerClass::Test);
        assert_eq!(c.issuer_info.purpose, IssuerPurpose::LegacyPerson);
        assert!(c.issuer_info.legacy && c.issuer_info.known);
        assert_eq!(c.policies, vec!["1.2.752.35.99.2.3"]);
        assert_eq!(c.serial, "835b24974e4a6cfe59ee3e763fb42807");
        assert_eq!(
            c.not_before,
            Utc.with_ymd_and_hms(2015, 6, 15, 13, 43, 10).unwrap()
        );
        assert_eq!(
            c.not_after,
            Utc.with_ymd_and_hms(2019, 6, 28, 21, 59, 59).unwrap()
        );
        assert!(!c.is_ca && !c.self_signed);
        assert_eq!(c.sha256, hex::encode(Sha256::digest(PP_SIGNATURE)));
        assert_eq!(c.der, PP_SIGNATURE);
        // The issuer CA is not bundled: never guessed.
        assert_eq!(
            CaSet::bundled().check(&c),
            ChainCheck::NotChecked {
                reason: NotCheckedReason::IssuerNotKnown
            }
        );
    }

    #[test]
    fn test_function_chain_verifies() {
        let leaf = analyse(TEST_FUNCTION).unwrap();
        let ca = analyse(TEST_FUNCTION_CA).unwrap();
        let root = analyse(TEST_ROOT).unwrap();
        assert!(leaf.verify_signed_by(&ca).is_verified());
        assert!(ca.verify_signed_by(&root).is_verified());
        assert!(root.verify_signed_by(&root).is_verified());
        assert!(root.self_signed && root.is_ca && ca.is_ca);
        assert_eq!(leaf.role, Role::Identification);
        assert_eq!(leaf.extended_key_usage, vec!["serverAuth", "clientAuth"]);
        assert!(leaf.policies.contains(&"1.2.752.74.8.505".to_string()));
        assert_eq!(leaf.issuer_info.class, IssuerClass::Test);
        assert_eq!(leaf.issuer_info.purpose, IssuerPurpose::Function);
        assert_eq!(ca.role, Role::Other);

        let steps = CaSet::bundled().chain(&leaf);
        assert_eq!(steps.len(), 3, "{steps:?}");
        assert!(steps.iter().all(|s| s.check.is_verified()));
        assert!(steps[2].subject.contains("TEST SITHS e-id Root CA v2"));
    }

    #[test]
    fn wrong_issuer_is_not_verified() {
        let leaf = analyse(TEST_FUNCTION).unwrap();
        let prod_ca = analyse(PROD_FUNCTION_CA).unwrap();
        assert!(matches!(
            leaf.verify_signed_by(&prod_ca),
            ChainCheck::IssuerMismatch { .. }
        ));
        // Same name, wrong key: the production root posing as the test root.
        let test_ca = analyse(TEST_FUNCTION_CA).unwrap();
        let mut fake_root = analyse(PROD_ROOT).unwrap();
        let real_root = analyse(TEST_ROOT).unwrap();
        fake_root.subject_der = real_root.subject_der.clone();
        fake_root.subject = real_root.subject.clone();
        assert!(matches!(
            test_ca.verify_signed_by(&fake_root),
            ChainCheck::SignatureInvalid { .. }
        ));
    }

    #[test]
    fn production_chain_verifies() {
        let ca = analyse(PROD_FUNCTION_CA).unwrap();
        let check = CaSet::bundled().check(&ca);
        match check {
            ChainCheck::Verified { issuer } => {
                assert!(issuer.subject.contains("CN=SITHS e-id Root CA v2"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(ca.issuer_info.class, IssuerClass::Production);
        assert_eq!(ca.issuer_info.purpose, IssuerPurpose::Root);
    }

    #[test]
    fn legacy_carelink_certificate() {
        let c = analyse(CARELINK).unwrap();
        assert_eq!(c.issuer.organization.as_deref(), Some("Carelink"));
        assert_eq!(c.issuer_info.class, IssuerClass::Legacy);
        assert_eq!(c.issuer_info.purpose, IssuerPurpose::LegacyGeneral);
        assert_eq!(c.role, Role::Identification);
        assert_eq!(c.signature_algorithm, "sha1WithRSAEncryption");
        assert_eq!(c.policies, vec!["1.2.752.74.1.1.4"]);
        let hsa = c.hsa_id.as_ref().unwrap();
        assert_eq!(hsa.value, "HSASERVICES-100S");
        assert_eq!(hsa.form, HsaIdForm::Unrecognised);
        assert!(c.card_number.is_none());
    }

    #[test]
    fn oid_text() {
        // 2.999.752.1.3: first subidentifier 1079 takes two bytes.
        assert_eq!(
            oid_string(&[0x88, 0x37, 0x85, 0x70, 0x01, 0x03]),
            "2.999.752.1.3"
        );
        assert_eq!(
            oid_string(&[0x2a, 0x85, 0x70, 0x22, 0x02, 0x01]),
            "1.2.752.34.2.1"
        );
        assert_eq!(oid_string(&[0x55, 0x04, 0x05]), "2.5.4.5");
        assert_eq!(oid_string(&[]), "");
    }

    #[test]
    fn bundled_set_has_all_four() {
        assert_eq!(CaSet::bundled().certificates().count(), 4);
    }

    #[test]
    fn validity_and_days_left() {
        let c = analyse(TEST_FUNCTION).unwrap();
        // notAfter 2024-09-15 21:58:00.
        assert_eq!(c.validity(utc(2023, 11, 14), 30), Validity::Valid);
        assert_eq!(c.validity(utc(2024, 9, 1), 30), Validity::Expiring);
        assert_eq!(c.days_left(utc(2024, 9, 1)), 14);
        assert_eq!(c.validity(utc(2024, 9, 16), 30), Validity::Expired);
        assert!(c.days_left(utc(2024, 10, 16)) < 0);
        assert_eq!(c.validity(utc(2022, 1, 1), 30), Validity::NotYetValid);
    }

    #[test]
    fn serialises_with_field_names_of_the_field() {
        let c = analyse(PP_SIGNATURE).unwrap();
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["role"], "signature");
        assert_eq!(v["card_number"]["value"], "9752269895715989469");
        assert_eq!(v["issuer_info"]["class"], "test");
        assert_eq!(v["subject"]["locality"], "Öster län");
        assert!(v.get("der").is_none());
        let check = serde_json::to_value(ChainCheck::NotChecked {
            reason: NotCheckedReason::IssuerNotKnown,
        })
        .unwrap();
        assert_eq!(check["status"], "not_checked");
        assert_eq!(
            serde_json::to_value(Validity::NotYetValid).unwrap(),
            "not_yet_valid"
        );
    }

    #[test]
    fn trailing_padding_is_ignored() {
        let mut padded = TEST_ROOT.to_vec();
        padded.extend_from_slice(&[0xff; 32]);
        let c = analyse(&padded).unwrap();
        assert_eq!(c.der, TEST_ROOT);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(matches!(analyse(&[]), Err(CertError::Parse(_))));
        assert!(matches!(
            analyse(&[0x30, 0x03, 1, 2, 3]),
            Err(CertError::Parse(_))
        ));
        assert!(matches!(
            analyse(&TEST_ROOT[..100]),
            Err(CertError::Parse(_))
        ));
    }

    /// The generated test PKI (tests/data/pki, see its README).
    mod generated {
        use super::*;

        macro_rules! pki {
            ($file:literal) => {
                include_bytes!(concat!("../tests/data/pki/", $file)).as_slice()
            };
        }

        fn cert(der: &[u8]) -> Certificate {
            analyse(der).unwrap()
        }

        fn generated_cas() -> CaSet {
            let mut set = CaSet::bundled();
            for der in [
                pki!("ca-root-v2.der"),
                pki!("ca-person-hsa-id-3.der"),
                pki!("ca-person-hsa-id-2.der"),
                pki!("ca-person-id-3.der"),
                pki!("ca-legacy-root-v1.der"),
                pki!("ca-legacy-type1.der"),
                pki!("ca-test-root-v2.der"),
                pki!("ca-test-person-hsa-id-3.der"),
            ] {
                set.add(cert(der), CaSource::User);
            }
            set
        }

        #[test]
        fn card_a_hsa_pair() {
            let ident = cert(pki!("card-a-hsa-ident.der"));
            let sign = cert(pki!("card-a-hsa-sign.der"));
            assert_eq!(ident.role, Role::Identification);
            assert_eq!(sign.role, Role::Signature);
            assert_eq!(sign.key_usage, vec!["nonRepudiation"]);
            assert_eq!(
                ident.extended_key_usage,
                vec!["clientAuth", "smartcardLogon"]
            );
            for c in [&ident, &sign] {
                let hsa = c.hsa_id.as_ref().unwrap();
                assert_eq!(hsa.value, "SE2321000057-ANAN01");
                assert_eq!(hsa.form, HsaIdForm::Standard);
                assert_eq!(hsa.org_number.as_deref(), Some("2321000057"));
                let card = c.card_number.as_ref().unwrap();
                assert_eq!(card.value, "9752240000000001013");
                assert!(card.luhn_valid && card.well_formed);
                assert_eq!(c.issuer_info.class, IssuerClass::Production);
                assert_eq!(c.issuer_info.purpose, IssuerPurpose::PersonHsaId);
                assert_eq!(c.issuer_info.assurance_level, Some(3));
                assert_eq!(
                    c.subject.organization.as_deref(),
                    Some("Region Jönköpings län")
                );
                assert_eq!(c.subject.locality.as_deref(), Some("Jönköping"));
                assert_eq!(c.subject.common_name.as_deref(), Some("Anna Andersson"));
                assert_eq!(c.policies, vec!["2.999.752.1.3"]);
                assert_eq!(
                    c.not_before,
                    Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap()
                );
                assert_eq!(
                    c.not_after,
                    Utc.with_ymd_and_hms(2029, 3, 1, 0, 0, 0).unwrap()
                );
                assert_eq!(c.validity(utc(2025, 6, 1), 30), Validity::Valid);
            }
        }

        #[test]
        fn card_a_personnummer_is_masked() {
            let c = cert(pki!("card-a-pnr-ident.der"));
            assert!(c.hsa_id.is_none());
            let pn = c.personal_number.as_ref().unwrap();
            assert_eq!(pn.mask(), "19121212-****");
            assert_eq!(pn.reveal(), "191212121212");
            assert_eq!(c.subject.serial_number.as_deref(), Some("19121212-****"));
            assert_eq!(c.issuer_info.purpose, IssuerPurpose::PersonId);
            assert_eq!(c.issuer_info.assurance_level, Some(3));
            let json = serde_json::to_string(&c).unwrap();
            assert!(!json.contains("1212121212"), "raw personnummer leaked");
            assert!(!c.subject.to_string().contains("1212121212"));
        }

        #[test]
        fn card_a_legacy_pair_is_expired() {
            let c = cert(pki!("card-a-legacy-ident.der"));
            assert_eq!(c.issuer_info.class, IssuerClass::Legacy);
            assert_eq!(c.issuer_info.purpose, IssuerPurpose::LegacyPerson);
            assert_eq!(c.issuer_info.assurance_level, None);
            assert_eq!(c.validity(utc(2025, 6, 1), 30), Validity::Expired);
            assert_eq!(
                c.card_number.as_ref().unwrap().value,
                cert(pki!("card-a-hsa-ident.der"))
                    .card_number
                    .unwrap()
                    .value
            );
        }

        #[test]
        fn card_b_expired_identification() {
            let c = cert(pki!("card-b-hsa-ident-expired.der"));
            assert_eq!(c.role, Role::Identification);
            assert_eq!(c.validity(utc(2025, 6, 1), 30), Validity::Expired);
            assert_eq!(c.validity(utc(2025, 4, 20), 30), Validity::Expiring);
            assert_eq!(c.card_number.unwrap().value, "9752240000000001021");
        }

        #[test]
        fn card_c_two_organisations() {
            use crate::siths::orgs::{resolve, Registry};
            let registry = Registry::builtin();
            let rjl = cert(pki!("card-c-rjl-ident.der"));
            let gbg = cert(pki!("card-c-gbg-ident.der"));
            let org_of = |c: &Certificate| {
                let n = c.hsa_id.as_ref().unwrap().org_number.clone().unwrap();
                resolve(&n, &registry).unwrap().name.clone()
            };
            assert_eq!(org_of(&rjl), "Region Jönköpings län");
            assert_eq!(org_of(&gbg), "Göteborgs Stad");
            assert_eq!(gbg.hsa_id.as_ref().unwrap().value, "SE2120001355-GBG777");
            assert_eq!(gbg.subject.common_name.as_deref(), Some("Örjan Åberg"));
            assert_eq!(gbg.subject.surname.as_deref(), Some("Åberg"));
            assert_eq!(rjl.card_number, gbg.card_number);
        }

        #[test]
        fn card_e_personnummer_only() {
            for c in [
                cert(pki!("card-e-pnr-ident.der")),
                cert(pki!("card-e-pnr-sign.der")),
            ] {
                assert!(c.hsa_id.is_none());
                let pn = c.personal_number.unwrap();
                assert_eq!(pn.mask(), "19811218-****");
                assert!(pn.luhn_valid());
            }
        }

        #[test]
        fn card_f_test_pki() {
            let c = cert(pki!("card-f-test-hsa-ident.der"));
            assert_eq!(c.issuer_info.class, IssuerClass::Test);
            assert_eq!(c.issuer_info.purpose, IssuerPurpose::PersonHsaId);
            assert_eq!(c.issuer_info.assurance_level, Some(3));
            assert_eq!(c.hsa_id.unwrap().org_number.as_deref(), Some("2321000057"));
        }

        #[test]
        fn card_g_card_numbers_differ() {
            let ident = cert(pki!("card-g-hsa-ident.der"));
            let sign = cert(pki!("card-g-hsa-sign-other-card.der"));
            let (a, b) = (ident.card_number.unwrap(), sign.card_number.unwrap());
            assert_ne!(a.value, b.value);
            assert!(a.luhn_valid && b.luhn_valid);
        }

        #[test]
        fn card_h_replacement_level_2() {
            let c = cert(pki!("card-h-reserv-hsa-sign.der"));
            assert_eq!(c.role, Role::Signature);
            assert_eq!(c.issuer_info.purpose, IssuerPurpose::PersonHsaId);
            assert_eq!(c.issuer_info.assurance_level, Some(2));
            assert_eq!(
                c.issuer.common_name.as_deref(),
                Some("SITHS e-id Person HSA-id 2 CA v1")
            );
        }

        #[test]
        fn generated_chains_verify_only_against_generated_cas() {
            let set = generated_cas();
            for der in [
                pki!("card-a-hsa-ident.der"),
                pki!("card-a-pnr-sign.der"),
                pki!("card-a-legacy-sign.der"),
                pki!("card-f-test-hsa-ident.der"),
                pki!("card-h-reserv-hsa-ident.der"),
            ] {
                let steps = set.chain(&cert(der));
                assert_eq!(steps.len(), 3, "{steps:?}");
                assert!(steps.iter().all(|s| s.check.is_verified()), "{steps:?}");
            }
            // The lookalike HSA-id 3 CA names the real root as issuer: the
            // real root's key does not verify it.
            let lookalike = cert(pki!("ca-person-hsa-id-3.der"));
            assert!(matches!(
                CaSet::bundled().check(&lookalike),
                ChainCheck::SignatureInvalid { .. }
            ));
            // And without its CA, an end-entity is not checked at all.
            assert_eq!(
                CaSet::bundled().check(&cert(pki!("card-a-hsa-ident.der"))),
                ChainCheck::NotChecked {
                    reason: NotCheckedReason::IssuerNotKnown
                }
            );
        }

        #[test]
        fn generated_ca_certificates() {
            let root = cert(pki!("ca-root-v2.der"));
            assert!(root.is_ca && root.self_signed);
            assert_eq!(root.role, Role::Other);
            assert_eq!(root.key_usage, vec!["keyCertSign", "cRLSign"]);
            let t = cert(pki!("ca-test-person-hsa-id-3.der"));
            assert_eq!(
                t.subject.common_name.as_deref(),
                Some("TEST SITHS e-id Person HSA-id 3 CA v1")
            );
            assert_eq!(t.issuer_info.class, IssuerClass::Test);
            assert_eq!(t.issuer_info.purpose, IssuerPurpose::Root);
        }
    }
}
