//! What the extensions say, by name: keyUsage and extended key usage bits,
//! policy OIDs as dotted text, and the role (identification, signature)
//! that keyUsage implies. Apart from parsing because these are the
//! field's readings of bits, not the walk over the DER.

use super::certificate::Role;

/// keyUsage bits by their RFC 5280 names.
pub(super) fn key_usage_names(ku: &x509_parser::extensions::KeyUsage) -> Vec<String> {
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
pub(super) fn eku_names(eku: &x509_parser::extensions::ExtendedKeyUsage<'_>) -> Vec<String> {
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
pub(super) fn oid_string(body: &[u8]) -> String {
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
pub(super) fn role_of(key_usage: &[String], is_ca: bool) -> Role {
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
