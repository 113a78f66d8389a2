//! The certificate room on real public SITHS certificates
//! (tests/data/public-certs) and the generated test PKI (tests/data/pki).

use chrono::{DateTime, TimeZone, Utc};
use sha2::{Digest, Sha256};

use super::extensions::oid_string;
use super::*;
use crate::understanding::siths::hsa::HsaIdForm;
use crate::understanding::siths::issuers::{IssuerClass, IssuerPurpose};

const PP_SIGNATURE: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/public-certs/siths-type1-pp-signature-2015.der"
));
const TEST_FUNCTION: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/public-certs/test-siths-eid-function-2022.der"
));
const TEST_FUNCTION_CA: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/public-certs/testsithseidfunctioncav1.der"
));
const TEST_ROOT: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/public-certs/testsithseidrootcav2.der"
));
const PROD_ROOT: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/public-certs/sithseidrootcav2.der"
));
const PROD_FUNCTION_CA: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/public-certs/sithseidfunctioncav1.der"
));
const CARELINK: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/public-certs/siths-ca-v3-function-2010.der"
));

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
        ChainCheck::Verified { issuer, .. } => {
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
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/pki/",
                $file
            ))
            .as_slice()
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
        use crate::understanding::siths::orgs::{resolve, Registry};
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
