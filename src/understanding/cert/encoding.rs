//! How a certificate's bytes are written and named: PEM in and out, and
//! the SHA-256 hex that documents use as a certificate's identity. Apart
//! because it needs no parsing at all.

use sha2::{Digest, Sha256};

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

#[cfg(test)]
mod tests {
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
