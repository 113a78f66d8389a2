//! The known SITHS certificate issuers and what each one means.
//!
//! The issuer tells the contact person what kind of certificate they are
//! looking at: an HSA-ID certificate from an ordinary card (assurance level
//! 3) or a replacement card (level 2), a personnummer certificate, an old HCC
//! certificate from the legacy PKI, or a test certificate that can never log
//! in to production. The table follows the domain notes; issuers not in it
//! come out as `known: false` and are never guessed at.

use serde::Serialize;

/// Which PKI an issuer belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssuerClass {
    /// The current SITHS e-id PKI.
    Production,
    /// The old SITHS PKI (stopped issuing 2020) or the even older Carelink CA.
    Legacy,
    /// Test or pre-production PKI (`TEST `, `SYSTEMTEST `, ` PP`): never
    /// valid for production login.
    Test,
    /// Not a SITHS issuer this tool knows.
    Unknown,
}

/// What an issuer issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssuerPurpose {
    /// A root CA (self-signed).
    Root,
    /// Person certificates with an HSA-ID.
    PersonHsaId,
    /// Person certificates with a personnummer.
    PersonId,
    /// Mobile SITHS eID.
    Mobile,
    /// Function (server/system) certificates.
    Function,
    /// Legacy person (HCC) certificates: SITHS Type 1 CA v1.
    LegacyPerson,
    /// Legacy function/system certificates: SITHS Type 3 CA v1 (the domain
    /// notes only list it as legacy; "function" is this tool's reading).
    LegacyFunction,
    /// The old Carelink SITHS CA v3, which issued persons and functions alike.
    LegacyGeneral,
    /// Not known.
    Unknown,
}

/// What the tool knows about one issuer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuerInfo {
    /// Production, legacy, test or unknown.
    pub class: IssuerClass,
    /// What the issuer issues.
    pub purpose: IssuerPurpose,
    /// Assurance level (tillitsnivå) of the certificates it issues, where the
    /// issuer's name says it.
    pub assurance_level: Option<u8>,
    /// Whether the issuer belongs to the old (pre-e-id) SITHS PKI, also for
    /// test copies of it such as `SITHS Type 1 CA v1 PP`.
    pub legacy: bool,
    /// Whether the issuer was found in the table.
    pub known: bool,
}

/// One row of the table: issuer CN (without any test marker), purpose,
/// assurance level, legacy.
struct KnownIssuer {
    common_name: &'static str,
    purpose: IssuerPurpose,
    assurance_level: Option<u8>,
    legacy: bool,
}

/// Organisation in the issuer name of every SITHS CA except Carelink's.
const INERA: &str = "Inera AB";

/// Issuers with `O=Inera AB`, from the domain notes.
#[rustfmt::skip]
const KNOWN: &[KnownIssuer] = &[
    KnownIssuer { common_name: "SITHS e-id Root CA v2", purpose: IssuerPurpose::Root, assurance_level: None, legacy: false },
    KnownIssuer { common_name: "SITHS e-id Person HSA-id 3 CA v1", purpose: IssuerPurpose::PersonHsaId, assurance_level: Some(3), legacy: false },
    KnownIssuer { common_name: "SITHS e-id Person HSA-id 2 CA v1", purpose: IssuerPurpose::PersonHsaId, assurance_level: Some(2), legacy: false },
    KnownIssuer { common_name: "SITHS e-id Person ID 3 CA v1", purpose: IssuerPurpose::PersonId, assurance_level: Some(3), legacy: false },
    KnownIssuer { common_name: "SITHS e-id Person ID 2 CA v1", purpose: IssuerPurpose::PersonId, assurance_level: Some(2), legacy: false },
    KnownIssuer { common_name: "SITHS e-id Person ID Mobile CA v1", purpose: IssuerPurpose::Mobile, assurance_level: None, legacy: false },
    KnownIssuer { common_name: "SITHS e-id Function CA v1", purpose: IssuerPurpose::Function, assurance_level: None, legacy: false },
    KnownIssuer { common_name: "SITHS Root CA v1", purpose: IssuerPurpose::Root, assurance_level: None, legacy: true },
    KnownIssuer { common_name: "SITHS Type 1 CA v1", purpose: IssuerPurpose::LegacyPerson, assurance_level: None, legacy: true },
    KnownIssuer { common_name: "SITHS Type 3 CA v1", purpose: IssuerPurpose::LegacyFunction, assurance_level: None, legacy: true },
];

/// The Carelink CA: `O=Carelink, CN=SITHS CA v3`.
const CARELINK_ORG: &str = "Carelink";
/// Common name of the Carelink CA.
const CARELINK_CN: &str = "SITHS CA v3";

/// Markers that put an issuer in the test / pre-production PKI.
const TEST_PREFIXES: &[&str] = &["TEST ", "SYSTEMTEST "];
/// Suffix of pre-production issuer names.
const PP_SUFFIX: &str = " PP";

/// Classify an issuer from its organisation (O) and common name (CN).
pub fn classify(organization: Option<&str>, common_name: Option<&str>) -> IssuerInfo {
    let unknown = IssuerInfo {
        class: IssuerClass::Unknown,
        purpose: IssuerPurpose::Unknown,
        assurance_level: None,
        legacy: false,
        known: false,
    };
    let Some(cn) = common_name.map(str::trim) else {
        return unknown;
    };
    let org = organization.map(str::trim).unwrap_or("");

    // Strip the test markers; remember that one was there.
    let mut base = cn;
    let mut test = false;
    for prefix in TEST_PREFIXES {
        if let Some(rest) = base.strip_prefix(prefix) {
            base = rest;
            test = true;
        }
    }
    if let Some(rest) = base.strip_suffix(PP_SUFFIX) {
        base = rest;
        test = true;
    }

    let class_for = |legacy: bool| {
        if test {
            IssuerClass::Test
        } else if legacy {
            IssuerClass::Legacy
        } else {
            IssuerClass::Production
        }
    };

    if org.eq_ignore_ascii_case(CARELINK_ORG) && base == CARELINK_CN {
        return IssuerInfo {
            class: class_for(true),
            purpose: IssuerPurpose::LegacyGeneral,
            assurance_level: None,
            legacy: true,
            known: true,
        };
    }
    if org.eq_ignore_ascii_case(INERA) {
        if let Some(k) = KNOWN.iter().find(|k| k.common_name == base) {
            return IssuerInfo {
                class: class_for(k.legacy),
                purpose: k.purpose,
                assurance_level: k.assurance_level,
                legacy: k.legacy,
                known: true,
            };
        }
    }
    if test {
        // A test marker is reliable on its own, even for an issuer not in
        // the table: such a certificate never logs in to production.
        return IssuerInfo {
            class: IssuerClass::Test,
            ..unknown
        };
    }
    unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_person_issuers() {
        let i = classify(Some("Inera AB"), Some("SITHS e-id Person HSA-id 3 CA v1"));
        assert_eq!(i.class, IssuerClass::Production);
        assert_eq!(i.purpose, IssuerPurpose::PersonHsaId);
        assert_eq!(i.assurance_level, Some(3));
        assert!(i.known);
        let r = classify(Some("Inera AB"), Some("SITHS e-id Person HSA-id 2 CA v1"));
        assert_eq!(r.assurance_level, Some(2));
        let p = classify(Some("Inera AB"), Some("SITHS e-id Person ID 3 CA v1"));
        assert_eq!(p.purpose, IssuerPurpose::PersonId);
    }

    #[test]
    fn legacy_issuers() {
        let t1 = classify(Some("Inera AB"), Some("SITHS Type 1 CA v1"));
        assert_eq!(t1.class, IssuerClass::Legacy);
        assert_eq!(t1.purpose, IssuerPurpose::LegacyPerson);
        let c = classify(Some("Carelink"), Some("SITHS CA v3"));
        assert_eq!(c.class, IssuerClass::Legacy);
        assert_eq!(c.purpose, IssuerPurpose::LegacyGeneral);
        assert!(c.known);
    }

    #[test]
    fn test_and_pre_production() {
        let pp = classify(Some("Inera AB"), Some("SITHS Type 1 CA v1 PP"));
        assert_eq!(pp.class, IssuerClass::Test);
        assert_eq!(pp.purpose, IssuerPurpose::LegacyPerson);
        assert!(pp.legacy && pp.known);
        let t = classify(
            Some("Inera AB"),
            Some("TEST SITHS e-id Person HSA-id 3 CA v1"),
        );
        assert_eq!(t.class, IssuerClass::Test);
        assert_eq!(t.assurance_level, Some(3));
        let st = classify(
            Some("Inera AB"),
            Some("SYSTEMTEST SITHS e-id Function CA v1"),
        );
        assert_eq!(st.class, IssuerClass::Test);
        assert_eq!(st.purpose, IssuerPurpose::Function);
        let odd = classify(Some("Someone"), Some("TEST Something CA"));
        assert_eq!(odd.class, IssuerClass::Test);
        assert!(!odd.known);
    }

    #[test]
    fn unknown_issuers_are_not_guessed() {
        let u = classify(Some("Evil Corp"), Some("SITHS e-id Person HSA-id 3 CA v1"));
        assert_eq!(u.class, IssuerClass::Unknown);
        assert!(!u.known);
        let none = classify(None, None);
        assert!(!none.known);
        let similar = classify(Some("Inera AB"), Some("SITHS e-id Person HSA-id 4 CA v1"));
        assert!(!similar.known);
    }
}
