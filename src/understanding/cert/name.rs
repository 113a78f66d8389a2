//! Subject and issuer names: the [`Name`] record of the attributes SITHS
//! uses, and how they are decoded from the certificate's string types.
//! Apart because string decoding is its own small world.

use std::fmt;

use x509_parser::der_parser::asn1_rs::Tag;
use x509_parser::prelude::X509Name;

use serde::Serialize;

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
    /// available through [`Certificate::personal_number`](super::Certificate::personal_number)).
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

/// OIDs of the name attributes SITHS uses.
const OID_CN: &str = "2.5.4.3";
const OID_SURNAME: &str = "2.5.4.4";
pub(super) const OID_SERIAL_NUMBER: &str = "2.5.4.5";
const OID_COUNTRY: &str = "2.5.4.6";
const OID_LOCALITY: &str = "2.5.4.7";
const OID_ORGANIZATION: &str = "2.5.4.10";
const OID_OU: &str = "2.5.4.11";
const OID_TITLE: &str = "2.5.4.12";
const OID_GIVEN_NAME: &str = "2.5.4.42";

/// Every attribute of a name as (dotted OID, decoded value), in order.
pub(super) fn name_attributes(name: &X509Name<'_>) -> Vec<(String, String)> {
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
pub(super) fn build_name(attrs: &[(String, String)]) -> Name {
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
