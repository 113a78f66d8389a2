//! The parts of a signed DER structure (an OCSP BasicOCSPResponse, a CRL):
//! `SEQUENCE { tbs, signatureAlgorithm, signature, ... }`, each part
//! exactly as it came, so a signature is checked over the bytes the signer
//! signed and never over a re-encoding.

use der::{Decode, Reader, SliceReader, Tag};

/// The signed part, the algorithm, the signature, and what follows them
/// inside the outer SEQUENCE.
pub(crate) struct SignedParts<'a> {
    pub tbs: &'a [u8],
    pub algorithm: &'a [u8],
    pub signature: &'a [u8],
    pub rest: &'a [u8],
}

/// Splits `der` (which must be exactly one SEQUENCE).
pub(crate) fn split(der: &[u8]) -> Result<SignedParts<'_>, der::Error> {
    let mut outer = SliceReader::new(der)?;
    let header = der::Header::decode(&mut outer)?;
    header.tag.assert_eq(Tag::Sequence)?;
    let body = outer.read_slice(header.length)?;
    outer.finish(())?;
    let mut r = SliceReader::new(body)?;
    let tbs = r.tlv_bytes()?;
    let algorithm = r.tlv_bytes()?;
    let signature = r.tlv_bytes()?;
    let rest = r.read_slice(r.remaining_len())?;
    Ok(SignedParts {
        tbs,
        algorithm,
        signature,
        rest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_refuses() {
        // SEQUENCE { INTEGER 1, SEQUENCE {}, BIT STRING 00, [0] {} }
        let der = [
            0x30, 0x0B, 0x02, 0x01, 0x01, 0x30, 0x00, 0x03, 0x01, 0x00, 0xA0, 0x01, 0x05,
        ];
        let p = split(&der).unwrap();
        assert_eq!(p.tbs, &[0x02, 0x01, 0x01]);
        assert_eq!(p.algorithm, &[0x30, 0x00]);
        assert_eq!(p.signature, &[0x03, 0x01, 0x00]);
        assert_eq!(p.rest, &[0xA0, 0x01, 0x05]);
        assert!(split(&der[..5]).is_err());
        let mut trailing = der.to_vec();
        trailing.push(0);
        assert!(split(&trailing).is_err());
        assert!(split(&[0x31, 0x00]).is_err());
    }
}
