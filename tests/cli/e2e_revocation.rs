//! End to end: revocation in the commands, through pcscd and the virtual
//! card (and from a card image), against a real `openssl ocsp` responder
//! and a responder that hangs, all on 127.0.0.1. The cards carry
//! SITHS-like certificates (an HSA-ID of Region Jönköpings län, the
//! card-number extension) issued at run time by a CA that bears the SITHS
//! issuer's name with its own key; the configuration trusts that CA, so
//! the chain verifies and the tool asks. Each run has `cache = false`, so
//! no run leans on another's answer.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Datelike, Utc};
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType,
    DnValue, ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose, SerialNumber,
};
use serde_json::Value;
use sithsctl::reading::card::image::Behaviour as CardBehaviour;
use sithsctl::reading::layout::pkcs15::{CardSpec, CertSpec, Directory, LayoutOptions};
use sithsctl::understanding::cert::sha256_hex;

use super::cards::{atr_t1, write_image};
use super::harness::{sithsctl_env, stack, CardOptions, Run, VirtualCard};
use super::revocation_support::{openssl_responder, Behaviour, Pki, Running, TestServer};

/// The issuer name the certificates carry: a known SITHS issuer, so the
/// login counts them (our key, trusted through the configuration).
const ISSUER: &str = "SITHS e-id Person HSA-id 3 CA v1";
const CARD_NUMBER: &str = "9752240000000001013";
/// Serials: the revoked card's pair, the good card's pair.
const REVOKED_IDENT: u64 = 0x5001;
const GOOD_IDENT: u64 = 0x5101;

/// (year, month, day) of the day `days` from today.
fn day(days: i64) -> (i32, u8, u8) {
    let d = (Utc::now() + chrono::Duration::days(days)).date_naive();
    (d.year(), d.month() as u8, d.day() as u8)
}

fn der_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    assert!(content.len() < 0x80, "short-form lengths only");
    let mut v = vec![tag, content.len() as u8];
    v.extend_from_slice(content);
    v
}

/// authorityInfoAccess with one OCSP URL.
fn aia(url: &str) -> Vec<u8> {
    let oid = [0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01];
    let mut ad = oid.to_vec();
    ad.extend(der_tlv(0x86, url.as_bytes()));
    der_tlv(0x30, &der_tlv(0x30, &ad))
}

/// The test PKI's CA, renamed after the SITHS issuer, with a configuration
/// (`config.toml` beside it) that trusts it and turns the cache off. The
/// CA signs the OCSP answers itself (`openssl_responder(.., "ca", ..)`).
fn siths_pki() -> (Pki, PathBuf) {
    let ca_params = || {
        let mut p = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CountryName, "SE");
        dn.push(DnType::OrganizationName, "Inera AB");
        dn.push(DnType::CommonName, ISSUER);
        p.distinguished_name = dn;
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ((y0, m0, d0), (y1, m1, d1)) = (day(-30), day(3650));
        p.not_before = date_time_ymd(y0, m0, d0);
        p.not_after = date_time_ymd(y1, m1, d1);
        p
    };
    let ca_key = KeyPair::generate().unwrap();
    let ca = ca_params().self_signed(&ca_key).unwrap();
    // Pki wants a delegated signer too; these tests let the CA sign.
    let signer_key = KeyPair::generate().unwrap();
    let signer = ca_params().self_signed(&signer_key).unwrap();
    let pki = Pki {
        dir: tempfile::tempdir().unwrap(),
        ca,
        ca_key,
        signer,
        signer_key,
    };
    std::fs::write(pki.path("ca.pem"), pki.ca.pem()).unwrap();
    std::fs::write(pki.path("ca.der"), pki.ca.der()).unwrap();
    std::fs::write(pki.path("ca.key"), pki.ca_key.serialize_pem()).unwrap();
    let config = pki.path("config.toml");
    std::fs::write(
        &config,
        "ca_files = [\"ca.der\"]\n\n[revocation]\ncache = false\n",
    )
    .unwrap();
    pki.write_index(
        "index.txt",
        &[
            (REVOKED_IDENT, Some("cessationOfOperation")),
            (REVOKED_IDENT + 1, None),
            (GOOD_IDENT, None),
            (GOOD_IDENT + 1, None),
        ],
    );
    (pki, config)
}

/// A SITHS-like person certificate of Region Jönköpings län naming `ocsp`
/// in its AIA: identification (digitalSignature + keyEncipherment, client
/// auth) or signature (nonRepudiation).
fn siths_person(pki: &Pki, serial: u64, identification: bool, ocsp: &str) -> Vec<u8> {
    let mut p = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(
        DnType::CountryName,
        DnValue::PrintableString("SE".try_into().unwrap()),
    );
    dn.push(
        DnType::LocalityName,
        DnValue::Utf8String("Jönköping".into()),
    );
    dn.push(
        DnType::OrganizationName,
        DnValue::Utf8String("Region Jönköpings län".into()),
    );
    dn.push(
        DnType::CommonName,
        DnValue::Utf8String("Rut Revokér".into()),
    );
    dn.push(
        DnType::CustomDnType(vec![2, 5, 4, 5]),
        DnValue::PrintableString("SE2321000057-RERE01".try_into().unwrap()),
    );
    p.distinguished_name = dn;
    let ((y0, m0, d0), (y1, m1, d1)) = (day(-10), day(700));
    p.not_before = date_time_ymd(y0, m0, d0);
    p.not_after = date_time_ymd(y1, m1, d1);
    p.serial_number = Some(SerialNumber::from(serial.to_be_bytes().to_vec()));
    p.use_authority_key_identifier_extension = true;
    if identification {
        p.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        p.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ClientAuth,
            ExtendedKeyUsagePurpose::Other(vec![1, 3, 6, 1, 4, 1, 311, 20, 2, 2]),
        ];
    } else {
        p.key_usages = vec![KeyUsagePurpose::ContentCommitment];
    }
    let policy = der_tlv(0x06, &[0x88, 0x37, 0x85, 0x70, 0x01, 0x03]); // 2.999.752.1.3
    p.custom_extensions = vec![
        CustomExtension::from_oid_content(
            &[1, 2, 752, 34, 2, 1],
            der_tlv(0x13, CARD_NUMBER.as_bytes()),
        ),
        CustomExtension::from_oid_content(&[2, 5, 29, 32], der_tlv(0x30, &der_tlv(0x30, &policy))),
        CustomExtension::from_oid_content(&[1, 3, 6, 1, 5, 5, 7, 1, 1], aia(ocsp)),
    ];
    let key = KeyPair::generate().unwrap();
    p.signed_by(&key, &pki.ca, &pki.ca_key)
        .unwrap()
        .der()
        .to_vec()
}

/// A card image with an identification certificate (`ident`) and its
/// signature partner (`ident + 1`), both naming `ocsp`; returns the image
/// and the identification certificate's SHA-256.
fn card_image(pki: &Pki, name: &str, ident: u64, ocsp: &str) -> (PathBuf, String) {
    let ident_der = siths_person(pki, ident, true, ocsp);
    let sha = sha256_hex(&ident_der);
    let cert = |label: &str, der: Vec<u8>| CertSpec {
        label: label.into(),
        der,
        authority: false,
        directory: Directory::Certificates,
    };
    let spec = CardSpec {
        description: format!("revocation end to end: {name}"),
        atr: atr_t1(),
        token_serial: CARD_NUMBER.into(),
        token_label: "SITHS eID".into(),
        manufacturer: "sithsctl test card".into(),
        certificates: vec![
            cert("Legitimering", ident_der),
            cert("Underskrift", siths_person(pki, ident + 1, false, ocsp)),
        ],
        layout: LayoutOptions::default(),
        behaviour: CardBehaviour::default(),
    };
    (write_image(&spec, pki.dir.path(), name), sha)
}

fn responder(pki: &Pki) -> (Running, String) {
    let r = openssl_responder(pki, &pki.path("index.txt"), "ca", &["-ndays", "1"]);
    let url = format!("http://127.0.0.1:{}/", r.port);
    (r, url)
}

/// Runs sithsctl with `config`; the run and how long it took.
fn run(config: &Path, args: &[&str]) -> (Run, Duration) {
    let started = Instant::now();
    let run = sithsctl_env(args, None, &[("SITHSCTL_CONFIG", config.to_str().unwrap())]);
    (run, started.elapsed())
}

/// The `revocation` of the certificate with SHA-256 `sha`.
fn revocation_of<'a>(doc: &'a Value, sha: &str, run: &Run) -> &'a Value {
    let cert = doc["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["sha256"] == sha)
        .unwrap_or_else(|| panic!("no certificate {sha}: {run:?}"));
    &cert["revocation"]
}

fn layer<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == name)
        .unwrap_or_else(|| panic!("no layer {name}: {doc:#}"))
}

fn revocation_findings(doc: &Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            let code = f["code"].as_str().unwrap_or_default();
            code.starts_with("certificate_revoked") || code.starts_with("revocation_")
        })
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// How many requests `openssl ocsp` has received.
fn asked(responder: &Running) -> usize {
    responder.log_text().matches("Received request").count()
}

#[test]
fn a_revoked_card_in_a_reader_fails_check_and_doctor_at_revocation() {
    let (pki, config) = siths_pki();
    let (responder, url) = responder(&pki);
    let (image, sha) = card_image(&pki, "revoked", REVOKED_IDENT, &url);
    let stack = stack();
    let _card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());

    let (check, _) = run(&config, &["check", "--org", "rjl", "--json"]);
    assert_eq!(check.code, 1, "{check:?}");
    let doc = check.json();
    assert_eq!(doc["card"]["source"], "pcsc", "{check:?}");
    let r = revocation_of(&doc, &sha, &check);
    assert_eq!(r["status"], "revoked", "{r:#}");
    assert_eq!(r["source"], "ocsp", "{r:#}");
    assert_eq!(r["responder_url"], url.as_str(), "{r:#}");
    assert_eq!(r["reason"]["code"], "cessation_of_operation", "{r:#}");
    assert!(r["revoked_at"].is_string(), "{r:#}");
    let found = revocation_findings(&doc);
    assert!(
        found
            .iter()
            .any(|(code, sev)| code.starts_with("certificate_revoked") && sev == "fail"),
        "{found:?}"
    );
    assert!(asked(&responder) >= 1, "{}", responder.log_text());

    let (doctor, _) = run(&config, &["doctor", "--org", "rjl", "--json"]);
    assert_eq!(doctor.code, 1, "{doctor:?}");
    let doc = doctor.json();
    assert_eq!(doc["causes"][0]["layer"], "revocation", "{doc:#}");
    assert_eq!(layer(&doc, "revocation")["status"], "fail", "{doc:#}");
    let names: Vec<&str> = doc["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
    assert_eq!(at("revocation"), at("validity") + 1, "{names:?}");
    assert_eq!(revocation_of(&doc, &sha, &doctor)["status"], "revoked");

    let (text, _) = run(&config, &["doctor", "--org", "rjl"]);
    assert_eq!(text.code, 1, "{text:?}");
    assert!(
        text.stdout.contains("blocked") && text.stdout.contains("order a new card"),
        "{}",
        text.stdout
    );
    // The ticket carries it beside the certificate, and so does a watch
    // record of the card (in the reader when watch starts).
    let (ticket, _) = run(&config, &["doctor", "--org", "rjl", "--ticket"]);
    assert!(
        ticket.stdout.contains("| revoked since"),
        "{}",
        ticket.stdout
    );
    let (watch, _) = run(
        &config,
        &[
            "watch", "--org", "rjl", "--json", "--count", "1", "--for", "20",
        ],
    );
    let record: Value = watch
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|r| r["event"] == "card_inserted")
        .unwrap_or_else(|| panic!("no card_inserted record: {watch:?}"));
    let cert = record["check"]["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["sha256"] == sha.as_str())
        .unwrap_or_else(|| panic!("{record:#}"));
    assert_eq!(cert["revocation"]["status"], "revoked", "{record:#}");
    assert_eq!(record["check"]["passed"], false);
}

#[test]
fn offline_asks_nothing_and_skips_the_revocation_layer() {
    let (pki, config) = siths_pki();
    let (responder, url) = responder(&pki);
    let (image, sha) = card_image(&pki, "revoked-offline", REVOKED_IDENT, &url);
    let stack = stack();
    let _card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());

    let (check, _) = run(&config, &["check", "--org", "rjl", "--json", "--offline"]);
    assert_eq!(check.code, 0, "{check:?}");
    let doc = check.json();
    let r = revocation_of(&doc, &sha, &check);
    assert_eq!(
        (&r["status"], &r["code"]),
        (&"not_checked".into(), &"offline".into()),
        "{r:#}"
    );
    assert_eq!(revocation_findings(&doc), Vec::<(String, String)>::new());

    let (doctor, _) = run(&config, &["doctor", "--org", "rjl", "--json", "--offline"]);
    assert_eq!(doctor.code, 0, "{doctor:?}");
    let doc = doctor.json();
    assert_eq!(layer(&doc, "revocation")["status"], "skipped", "{doc:#}");
    let r = revocation_of(&doc, &sha, &doctor);
    assert_eq!(
        (&r["status"], &r["code"]),
        (&"not_checked".into(), &"offline".into()),
        "{r:#}"
    );
    assert_eq!(asked(&responder), 0, "{}", responder.log_text());
}

#[test]
fn a_good_card_in_a_reader_is_good_by_ocsp() {
    let (pki, config) = siths_pki();
    let (responder, url) = responder(&pki);
    let (image, sha) = card_image(&pki, "good", GOOD_IDENT, &url);
    let stack = stack();
    let _card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());

    let (check, _) = run(&config, &["check", "--org", "rjl", "--json"]);
    assert_eq!(check.code, 0, "{check:?}");
    let doc = check.json();
    let r = revocation_of(&doc, &sha, &check);
    assert_eq!(
        (&r["status"], &r["source"]),
        (&"good".into(), &"ocsp".into()),
        "{r:#}"
    );
    assert_eq!(revocation_findings(&doc), Vec::<(String, String)>::new());
    // The identification certificate and its signature partner.
    assert_eq!(asked(&responder), 2, "{}", responder.log_text());

    let (doctor, _) = run(&config, &["doctor", "--org", "rjl", "--json"]);
    assert_eq!(doctor.code, 0, "{doctor:?}");
    assert_eq!(layer(&doctor.json(), "revocation")["status"], "ok");
}

#[test]
fn a_hanging_responder_is_bounded_by_the_revocation_timeout() {
    let (pki, config) = siths_pki();
    let hang = TestServer::start(Behaviour::Hang);
    let (image, sha) = card_image(&pki, "hang", GOOD_IDENT, &hang.url("/"));
    let stack = stack();
    let _card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());

    // What the card read costs without asking.
    let (offline, read) = run(&config, &["check", "--org", "rjl", "--json", "--offline"]);
    assert_eq!(offline.code, 0, "{offline:?}");

    let (check, took) = run(
        &config,
        &[
            "check",
            "--org",
            "rjl",
            "--json",
            "--revocation-timeout",
            "2",
        ],
    );
    let bound = Duration::from_secs(2) + Duration::from_secs(1) + read;
    assert!(took < bound, "took {took:?}, bound {bound:?}: {check:?}");
    // It did wait for the responder (it did not give up at once).
    assert!(took >= Duration::from_millis(1500), "took {took:?}");
    assert_ne!(
        check.code, 1,
        "a responder without answer fails nothing: {check:?}"
    );
    let doc = check.json();
    let r = revocation_of(&doc, &sha, &check);
    assert_eq!(
        (&r["status"], &r["code"]),
        (&"unavailable".into(), &"timeout".into()),
        "{r:#}"
    );
    let found = revocation_findings(&doc);
    assert!(
        found.contains(&("revocation_unreachable".to_string(), "warn".to_string())),
        "{found:?}"
    );
}

#[test]
fn an_image_asks_only_with_online() {
    let (pki, config) = siths_pki();
    let (responder, url) = responder(&pki);
    let (image, sha) = card_image(&pki, "revoked-image", REVOKED_IDENT, &url);
    let image = image.to_str().unwrap();

    let (quiet, _) = run(
        &config,
        &["check", "--image", image, "--org", "rjl", "--json"],
    );
    assert_eq!(quiet.code, 0, "{quiet:?}");
    let doc = quiet.json();
    let r = revocation_of(&doc, &sha, &quiet);
    assert_eq!(
        (&r["status"], &r["code"]),
        (&"not_checked".into(), &"image".into()),
        "{r:#}"
    );
    assert_eq!(asked(&responder), 0, "{}", responder.log_text());

    let args = [
        "check", "--image", image, "--org", "rjl", "--json", "--online",
    ];
    let (online, _) = run(&config, &args);
    assert_eq!(online.code, 1, "{online:?}");
    let doc = online.json();
    let r = revocation_of(&doc, &sha, &online);
    assert_eq!(
        (&r["status"], &r["source"]),
        (&"revoked".into(), &"ocsp".into()),
        "{r:#}"
    );
    assert!(asked(&responder) >= 1, "{}", responder.log_text());

    let (inspect, _) = run(
        &config,
        &["inspect", "--image", image, "--json", "--online"],
    );
    let doc = inspect.json();
    assert_eq!(
        revocation_of(&doc, &sha, &inspect)["status"],
        "revoked",
        "{inspect:?}"
    );
}
