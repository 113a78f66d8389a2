//! Write a SITHS-like test PKI as DER files, for tests that need card
//! certificates of every kind without real personal data.
//!
//! Run: `cargo run --example make_test_pki -- OUTDIR` (default
//! `tests/data/pki`). It writes CA certificates with the real SITHS issuer
//! names (but fresh keys: they verify only against each other, never against
//! the real CA certificates bundled in the tool), end-entity person
//! certificates grouped into test cards, and a README.md table of every file.
//! Dates are fixed so the expected validity of each file never drifts. Keys
//! are generated anew on each run and never written; the DER files differ
//! from run to run only in keys, signatures and hashes.
//!
//! `cargo run --example make_test_pki -- --long-names-card FILE` writes
//! instead one card image (card I, `tests/data/long-names-card.json`): a
//! person and organisations with long Swedish names, a long HSA-ID, an
//! expiring certificate, and the card's own CA certificates (from a PKI of
//! that run, carried on the card, so it verifies like card A), for the
//! tests of text laid out at 80, 100 and 120 columns.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rcgen::{
    date_time_ymd, BasicConstraints, Certificate, CertificateParams, CustomExtension,
    DistinguishedName, DnType, DnValue, ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose,
    SerialNumber,
};
use sithsctl::understanding::siths::luhn;

type Error = Box<dyn std::error::Error>;

/// Subject name attribute OIDs rcgen has no named type for.
const OID_SURNAME: &[u64] = &[2, 5, 4, 4];
const OID_GIVEN_NAME: &[u64] = &[2, 5, 4, 42];
const OID_SERIAL_NUMBER: &[u64] = &[2, 5, 4, 5];
/// Certificate policies extension.
const OID_CERTIFICATE_POLICIES: &[u64] = &[2, 5, 29, 32];
/// SITHS card-number extension.
const OID_CARD_NUMBER: &[u64] = &[1, 2, 752, 34, 2, 1];
/// Microsoft smart card logon EKU, present on identification certificates.
const OID_SMARTCARD_LOGON: &[u64] = &[1, 3, 6, 1, 4, 1, 311, 20, 2, 2];

/// Placeholder policy OIDs under the ISO/ITU "example" arc 2.999: the real
/// person e-id policy OIDs are not public here, and a made-up OID under
/// Inera's arc could collide with a real one.
const POLICY_HSA_ID_3: &str = "2.999.752.1.3";
const POLICY_HSA_ID_2: &str = "2.999.752.1.2";
const POLICY_PERSON_ID_3: &str = "2.999.752.2.3";
const POLICY_LEGACY_TYPE1: &str = "2.999.752.9.1";
const POLICY_TEST_HSA_ID_3: &str = "2.999.752.8.3";

/// A CA: its certificate (for signing) and key.
struct Ca {
    cert: Certificate,
    key: KeyPair,
    cn: &'static str,
}

/// Which kind of end-entity certificate.
#[derive(Clone, Copy)]
enum Role {
    Identification,
    Signature,
}

/// One person certificate to issue.
struct Person<'a> {
    file: &'a str,
    card: &'a str,
    role: Role,
    locality: &'a str,
    organization: &'a str,
    given_name: &'a str,
    surname: &'a str,
    serial_number: &'a str,
    card_number: &'a str,
    from: (i32, u8, u8),
    to: (i32, u8, u8),
    policy: &'a str,
    note: &'a str,
}

/// Rows of the README table.
struct Row {
    file: String,
    card: String,
    subject: String,
    issuer: String,
    dates: String,
    card_number: String,
    note: String,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("make_test_pki: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Error> {
    let mut args = std::env::args_os().skip(1);
    let first = args.next();
    if first.as_deref() == Some(std::ffi::OsStr::new("--long-names-card")) {
        let file = args.next().ok_or("--long-names-card needs a FILE")?;
        return long_names_card(Path::new(&file));
    }
    let out: PathBuf = first.map_or_else(|| PathBuf::from("tests/data/pki"), PathBuf::from);
    std::fs::create_dir_all(&out)?;
    let mut rows = Vec::new();
    let mut serial = 0x1000u32;

    // --- CAs ---------------------------------------------------------------
    let root = make_ca(
        &out,
        &mut rows,
        &mut serial,
        "ca-root-v2.der",
        "SITHS e-id Root CA v2",
        None,
        (2019, 5, 15),
        (2049, 9, 15),
    )?;
    let hsa3 = make_ca(
        &out,
        &mut rows,
        &mut serial,
        "ca-person-hsa-id-3.der",
        "SITHS e-id Person HSA-id 3 CA v1",
        Some(&root),
        (2019, 5, 15),
        (2049, 9, 15),
    )?;
    let hsa2 = make_ca(
        &out,
        &mut rows,
        &mut serial,
        "ca-person-hsa-id-2.der",
        "SITHS e-id Person HSA-id 2 CA v1",
        Some(&root),
        (2019, 5, 15),
        (2049, 9, 15),
    )?;
    let pid3 = make_ca(
        &out,
        &mut rows,
        &mut serial,
        "ca-person-id-3.der",
        "SITHS e-id Person ID 3 CA v1",
        Some(&root),
        (2019, 5, 15),
        (2049, 9, 15),
    )?;
    let legacy_root = make_ca(
        &out,
        &mut rows,
        &mut serial,
        "ca-legacy-root-v1.der",
        "SITHS Root CA v1",
        None,
        (2009, 1, 1),
        (2029, 1, 1),
    )?;
    let type1 = make_ca(
        &out,
        &mut rows,
        &mut serial,
        "ca-legacy-type1.der",
        "SITHS Type 1 CA v1",
        Some(&legacy_root),
        (2009, 1, 1),
        (2029, 1, 1),
    )?;
    let test_root = make_ca(
        &out,
        &mut rows,
        &mut serial,
        "ca-test-root-v2.der",
        "TEST SITHS e-id Root CA v2",
        None,
        (2019, 4, 1),
        (2049, 9, 15),
    )?;
    let test_hsa3 = make_ca(
        &out,
        &mut rows,
        &mut serial,
        "ca-test-person-hsa-id-3.der",
        "TEST SITHS e-id Person HSA-id 3 CA v1",
        Some(&test_root),
        (2019, 4, 1),
        (2049, 9, 15),
    )?;

    // --- Card numbers (19 digits, 9752..., Luhn) --------------------------
    let card = |n: u32| -> Result<String, Error> {
        let payload = format!("975224000000000{n:03}");
        let check = luhn::check_digit(&payload).ok_or("bad card payload")?;
        Ok(format!("{payload}{check}"))
    };
    let (a, b, c, d, e, f, g, g_other, h) = (
        card(101)?,
        card(102)?,
        card(103)?,
        card(104)?,
        card(105)?,
        card(106)?,
        card(107)?,
        card(177)?,
        card(108)?,
    );

    const RJL: &str = "Region Jönköpings län";
    const GBG: &str = "Göteborgs Stad";
    let now = (2024, 3, 1);
    let five = (2029, 3, 1);
    use Role::{Identification as Id, Signature as Sig};

    #[rustfmt::skip]
    let people: Vec<(Person, &Ca)> = vec![
        // Card A: demo card with HSA-ID pair, personnummer pair, legacy HCC pair.
        (Person { file: "card-a-hsa-ident.der", card: "A", role: Id, locality: "Jönköping", organization: RJL, given_name: "Anna", surname: "Andersson", serial_number: "SE2321000057-ANAN01", card_number: &a, from: now, to: five, policy: POLICY_HSA_ID_3, note: "HSA-ID identification" }, &hsa3),
        (Person { file: "card-a-hsa-sign.der", card: "A", role: Sig, locality: "Jönköping", organization: RJL, given_name: "Anna", surname: "Andersson", serial_number: "SE2321000057-ANAN01", card_number: &a, from: now, to: five, policy: POLICY_HSA_ID_3, note: "HSA-ID signature" }, &hsa3),
        (Person { file: "card-a-pnr-ident.der", card: "A", role: Id, locality: "Jönköping", organization: RJL, given_name: "Anna", surname: "Andersson", serial_number: "191212121212", card_number: &a, from: now, to: five, policy: POLICY_PERSON_ID_3, note: "personnummer identification" }, &pid3),
        (Person { file: "card-a-pnr-sign.der", card: "A", role: Sig, locality: "Jönköping", organization: RJL, given_name: "Anna", surname: "Andersson", serial_number: "191212121212", card_number: &a, from: now, to: five, policy: POLICY_PERSON_ID_3, note: "personnummer signature" }, &pid3),
        (Person { file: "card-a-legacy-ident.der", card: "A", role: Id, locality: "Jönköping", organization: RJL, given_name: "Anna", surname: "Andersson", serial_number: "SE2321000057-ANAN01", card_number: &a, from: (2019, 1, 10), to: (2023, 1, 10), policy: POLICY_LEGACY_TYPE1, note: "legacy HCC identification, expired" }, &type1),
        (Person { file: "card-a-legacy-sign.der", card: "A", role: Sig, locality: "Jönköping", organization: RJL, given_name: "Anna", surname: "Andersson", serial_number: "SE2321000057-ANAN01", card_number: &a, from: (2019, 1, 10), to: (2023, 1, 10), policy: POLICY_LEGACY_TYPE1, note: "legacy HCC signature, expired" }, &type1),
        // Card B: same person, expired HSA-ID pair.
        (Person { file: "card-b-hsa-ident-expired.der", card: "B", role: Id, locality: "Jönköping", organization: RJL, given_name: "Anna", surname: "Andersson", serial_number: "SE2321000057-ANAN01", card_number: &b, from: (2021, 5, 1), to: (2025, 5, 1), policy: POLICY_HSA_ID_3, note: "HSA-ID identification, expired" }, &hsa3),
        (Person { file: "card-b-hsa-sign-expired.der", card: "B", role: Sig, locality: "Jönköping", organization: RJL, given_name: "Anna", surname: "Andersson", serial_number: "SE2321000057-ANAN01", card_number: &b, from: (2021, 5, 1), to: (2025, 5, 1), policy: POLICY_HSA_ID_3, note: "HSA-ID signature, expired" }, &hsa3),
        // Card C: two organisations on one card.
        (Person { file: "card-c-rjl-ident.der", card: "C", role: Id, locality: "Jönköping", organization: RJL, given_name: "Örjan", surname: "Åberg", serial_number: "SE2321000057-ORAB02", card_number: &c, from: (2024, 9, 1), to: (2029, 9, 1), policy: POLICY_HSA_ID_3, note: "Jönköping HSA-ID identification" }, &hsa3),
        (Person { file: "card-c-rjl-sign.der", card: "C", role: Sig, locality: "Jönköping", organization: RJL, given_name: "Örjan", surname: "Åberg", serial_number: "SE2321000057-ORAB02", card_number: &c, from: (2024, 9, 1), to: (2029, 9, 1), policy: POLICY_HSA_ID_3, note: "Jönköping HSA-ID signature" }, &hsa3),
        (Person { file: "card-c-gbg-ident.der", card: "C", role: Id, locality: "Göteborg", organization: GBG, given_name: "Örjan", surname: "Åberg", serial_number: "SE2120001355-GBG777", card_number: &c, from: (2024, 10, 1), to: (2029, 10, 1), policy: POLICY_HSA_ID_3, note: "Göteborgs Stad HSA-ID identification" }, &hsa3),
        (Person { file: "card-c-gbg-sign.der", card: "C", role: Sig, locality: "Göteborg", organization: GBG, given_name: "Örjan", surname: "Åberg", serial_number: "SE2120001355-GBG777", card_number: &c, from: (2024, 10, 1), to: (2029, 10, 1), policy: POLICY_HSA_ID_3, note: "Göteborgs Stad HSA-ID signature" }, &hsa3),
        // Card D: new card, identification only.
        (Person { file: "card-d-hsa-ident-only.der", card: "D", role: Id, locality: "Värnamo", organization: RJL, given_name: "Märta", surname: "Lindqvist", serial_number: "SE2321000057-MALI03", card_number: &d, from: (2025, 2, 3), to: (2030, 2, 3), policy: POLICY_HSA_ID_3, note: "HSA-ID identification; no signature certificate" }, &hsa3),
        // Card E: personnummer certificates only.
        (Person { file: "card-e-pnr-ident.der", card: "E", role: Id, locality: "Jönköping", organization: RJL, given_name: "Erik", surname: "Nyström", serial_number: "198112189876", card_number: &e, from: (2024, 6, 1), to: (2029, 6, 1), policy: POLICY_PERSON_ID_3, note: "personnummer identification; no HSA-ID" }, &pid3),
        (Person { file: "card-e-pnr-sign.der", card: "E", role: Sig, locality: "Jönköping", organization: RJL, given_name: "Erik", surname: "Nyström", serial_number: "198112189876", card_number: &e, from: (2024, 6, 1), to: (2029, 6, 1), policy: POLICY_PERSON_ID_3, note: "personnummer signature; no HSA-ID" }, &pid3),
        // Card F: test PKI.
        (Person { file: "card-f-test-hsa-ident.der", card: "F", role: Id, locality: "Jönköping", organization: RJL, given_name: "Testa", surname: "Testsson", serial_number: "SE2321000057-TEST01", card_number: &f, from: now, to: five, policy: POLICY_TEST_HSA_ID_3, note: "TEST PKI identification: never valid in production" }, &test_hsa3),
        (Person { file: "card-f-test-hsa-sign.der", card: "F", role: Sig, locality: "Jönköping", organization: RJL, given_name: "Testa", surname: "Testsson", serial_number: "SE2321000057-TEST01", card_number: &f, from: now, to: five, policy: POLICY_TEST_HSA_ID_3, note: "TEST PKI signature" }, &test_hsa3),
        // Card G: the signature certificate carries another card's number.
        (Person { file: "card-g-hsa-ident.der", card: "G", role: Id, locality: "Jönköping", organization: RJL, given_name: "Gösta", surname: "Ek", serial_number: "SE2321000057-GOEK04", card_number: &g, from: now, to: five, policy: POLICY_HSA_ID_3, note: "HSA-ID identification" }, &hsa3),
        (Person { file: "card-g-hsa-sign-other-card.der", card: "G", role: Sig, locality: "Jönköping", organization: RJL, given_name: "Gösta", surname: "Ek", serial_number: "SE2321000057-GOEK04", card_number: &g_other, from: now, to: five, policy: POLICY_HSA_ID_3, note: "HSA-ID signature with a DIFFERENT card number" }, &hsa3),
        // Card H: replacement card (reservkort), assurance level 2.
        (Person { file: "card-h-reserv-hsa-ident.der", card: "H", role: Id, locality: "Jönköping", organization: RJL, given_name: "Anna", surname: "Andersson", serial_number: "SE2321000057-ANAN01", card_number: &h, from: (2025, 1, 15), to: (2029, 1, 15), policy: POLICY_HSA_ID_2, note: "replacement card, HSA-ID identification, level 2" }, &hsa2),
        (Person { file: "card-h-reserv-hsa-sign.der", card: "H", role: Sig, locality: "Jönköping", organization: RJL, given_name: "Anna", surname: "Andersson", serial_number: "SE2321000057-ANAN01", card_number: &h, from: (2025, 1, 15), to: (2029, 1, 15), policy: POLICY_HSA_ID_2, note: "replacement card, HSA-ID signature, level 2" }, &hsa2),
    ];

    for (person, ca) in &people {
        serial += 1;
        let der = make_person(person, ca, serial)?;
        write(&out, person.file, &der)?;
        rows.push(Row {
            file: person.file.to_string(),
            card: person.card.to_string(),
            subject: format!(
                "C=SE, L={}, O={}, CN={} {}, SN={}, GN={}, serialNumber={} ({})",
                person.locality,
                person.organization,
                person.given_name,
                person.surname,
                person.surname,
                person.given_name,
                person.serial_number,
                match person.role {
                    Role::Identification => "identification: digitalSignature+keyEncipherment",
                    Role::Signature => "signature: nonRepudiation, critical",
                }
            ),
            issuer: ca.cn.to_string(),
            dates: format!("{} to {}", ymd(person.from), ymd(person.to)),
            card_number: person.card_number.to_string(),
            note: person.note.to_string(),
        });
    }

    std::fs::write(out.join("README.md"), readme(&rows))?;
    Ok(())
}

/// Card I: long Swedish names, written as a card image that carries its own
/// CA certificates.
fn long_names_card(file: &Path) -> Result<(), Error> {
    use sithsctl::reading::card::image::Behaviour;
    use sithsctl::reading::layout::pkcs15::{
        build_image, CardSpec, CertSpec, Directory, LayoutOptions,
    };

    let mut rows = Vec::new();
    let mut serial = 0x2000u32;
    let nowhere = Path::new("");
    let root = make_ca(
        nowhere,
        &mut rows,
        &mut serial,
        "",
        "SITHS e-id Root CA v2",
        None,
        (2019, 5, 15),
        (2049, 9, 15),
    )?;
    let hsa3 = make_ca(
        nowhere,
        &mut rows,
        &mut serial,
        "",
        "SITHS e-id Person HSA-id 3 CA v1",
        Some(&root),
        (2019, 5, 15),
        (2049, 9, 15),
    )?;
    let pid3 = make_ca(
        nowhere,
        &mut rows,
        &mut serial,
        "",
        "SITHS e-id Person ID 3 CA v1",
        Some(&root),
        (2019, 5, 15),
        (2049, 9, 15),
    )?;
    let payload = "975224000000000109";
    let check = luhn::check_digit(payload).ok_or("bad card payload")?;
    let number = format!("{payload}{check}");
    const VGR: &str = "Västra Götalandsregionen";
    const GBG: &str = "Göteborgs Stad";
    let (given, sur) = ("Ann-Charlotte Maria-Lovisa", "Wästerlund-Öhrström");
    use Role::{Identification as Id, Signature as Sig};
    #[rustfmt::skip]
    let people: Vec<(&str, Person, &Ca)> = vec![
        ("Legitimering Västra Götalandsregionen", Person { file: "", card: "I", role: Id, locality: "Vänersborg", organization: VGR, given_name: given, surname: sur, serial_number: "SE2321000131-E000000012345", card_number: &number, from: (2025, 4, 15), to: (2030, 4, 15), policy: POLICY_HSA_ID_3, note: "" }, &hsa3),
        ("Underskrift Västra Götalandsregionen", Person { file: "", card: "I", role: Sig, locality: "Vänersborg", organization: VGR, given_name: given, surname: sur, serial_number: "SE2321000131-E000000012345", card_number: &number, from: (2025, 4, 15), to: (2030, 4, 15), policy: POLICY_HSA_ID_3, note: "" }, &hsa3),
        ("Legitimering Göteborgs Stad, Social resursförvaltning", Person { file: "", card: "I", role: Id, locality: "Göteborg", organization: GBG, given_name: given, surname: sur, serial_number: "SE2120001355-SOCRES0042", card_number: &number, from: (2024, 12, 10), to: (2026, 12, 10), policy: POLICY_HSA_ID_3, note: "" }, &hsa3),
        ("Underskrift Göteborgs Stad, Social resursförvaltning", Person { file: "", card: "I", role: Sig, locality: "Göteborg", organization: GBG, given_name: given, surname: sur, serial_number: "SE2120001355-SOCRES0042", card_number: &number, from: (2024, 12, 10), to: (2026, 12, 10), policy: POLICY_HSA_ID_3, note: "" }, &hsa3),
        ("Legitimering (personnummer)", Person { file: "", card: "I", role: Id, locality: "Vänersborg", organization: VGR, given_name: given, surname: sur, serial_number: "191212121212", card_number: &number, from: (2025, 4, 15), to: (2030, 4, 15), policy: POLICY_PERSON_ID_3, note: "" }, &pid3),
        ("Underskrift (personnummer)", Person { file: "", card: "I", role: Sig, locality: "Vänersborg", organization: VGR, given_name: given, surname: sur, serial_number: "191212121212", card_number: &number, from: (2025, 4, 15), to: (2030, 4, 15), policy: POLICY_PERSON_ID_3, note: "" }, &pid3),
    ];
    let mut certificates = Vec::new();
    for (label, person, ca) in &people {
        serial += 1;
        certificates.push(CertSpec {
            label: (*label).to_string(),
            der: make_person(person, ca, serial)?,
            authority: false,
            directory: Directory::Certificates,
        });
    }
    for ca in [&hsa3, &pid3] {
        certificates.push(CertSpec {
            label: ca.cn.to_string(),
            der: ca.cert.der().to_vec(),
            authority: true,
            directory: Directory::TrustedCertificates,
        });
    }
    let spec = CardSpec {
        description: "Card I: long Swedish names (Västra Götalandsregionen and Göteborgs Stad), \
                      written by make_test_pki --long-names-card"
            .into(),
        atr: atr_t1(),
        token_serial: number.clone(),
        token_label: "SITHS eID".into(),
        manufacturer: "sithsctl test card".into(),
        certificates,
        layout: LayoutOptions::default(),
        behaviour: Behaviour::default(),
    };
    std::fs::write(file, build_image(&spec).to_json())?;
    Ok(())
}

/// A T=1 ATR with the historical bytes of the Gemalto/Thales family, as the
/// test cards have (tests/cli/cards.rs).
fn atr_t1() -> Vec<u8> {
    let hist = [
        0x80, 0x31, 0x80, 0x65, 0xB0, 0xA3, 0x11, 0x00, 0xC8, 0x83, 0x00, 0x90, 0x00,
    ];
    let mut atr = vec![0x3B, 0x80 | hist.len() as u8, 0x01];
    atr.extend_from_slice(&hist);
    let tck = atr[1..].iter().fold(0u8, |a, b| a ^ b);
    atr.push(tck);
    atr
}

/// "2024-03-01".
fn ymd((y, m, d): (i32, u8, u8)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// Write one file into the output directory.
fn write(out: &Path, name: &str, der: &[u8]) -> Result<(), Error> {
    std::fs::write(out.join(name), der)?;
    Ok(())
}

/// `C=SE, O=Inera AB, CN=cn` in PrintableString, as the real CAs have it.
fn inera_name(cn: &str) -> Result<DistinguishedName, Error> {
    let mut dn = DistinguishedName::new();
    dn.push(
        DnType::CountryName,
        DnValue::PrintableString("SE".try_into()?),
    );
    dn.push(
        DnType::OrganizationName,
        DnValue::PrintableString("Inera AB".try_into()?),
    );
    dn.push(DnType::CommonName, DnValue::PrintableString(cn.try_into()?));
    Ok(dn)
}

/// Issue a CA certificate: self-signed when `parent` is `None`.
#[allow(clippy::too_many_arguments)]
fn make_ca(
    out: &Path,
    rows: &mut Vec<Row>,
    serial: &mut u32,
    file: &str,
    cn: &'static str,
    parent: Option<&Ca>,
    from: (i32, u8, u8),
    to: (i32, u8, u8),
) -> Result<Ca, Error> {
    *serial += 1;
    let mut params = CertificateParams::default();
    params.distinguished_name = inera_name(cn)?;
    params.not_before = date_time_ymd(from.0, from.1, from.2);
    params.not_after = date_time_ymd(to.0, to.1, to.2);
    params.serial_number = Some(SerialNumber::from_slice(&serial.to_be_bytes()));
    params.is_ca = IsCa::Ca(match parent {
        None => BasicConstraints::Unconstrained,
        Some(_) => BasicConstraints::Constrained(0),
    });
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.use_authority_key_identifier_extension = parent.is_some();
    let key = KeyPair::generate()?;
    let cert = match parent {
        None => params.self_signed(&key)?,
        Some(p) => params.signed_by(&key, &p.cert, &p.key)?,
    };
    if file.is_empty() {
        // Kept in memory only (the long-names card carries it).
        return Ok(Ca { cert, key, cn });
    }
    write(out, file, cert.der())?;
    rows.push(Row {
        file: file.to_string(),
        card: "-".to_string(),
        subject: format!("C=SE, O=Inera AB, CN={cn} (CA)"),
        issuer: parent.map_or("self-signed", |p| p.cn).to_string(),
        dates: format!("{} to {}", ymd(from), ymd(to)),
        card_number: "-".to_string(),
        note: "CA".to_string(),
    });
    Ok(Ca { cert, key, cn })
}

/// Issue one person certificate; returns its DER.
fn make_person(p: &Person<'_>, ca: &Ca, serial: u32) -> Result<Vec<u8>, Error> {
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(
        DnType::CountryName,
        DnValue::PrintableString("SE".try_into()?),
    );
    dn.push(DnType::LocalityName, DnValue::Utf8String(p.locality.into()));
    dn.push(
        DnType::OrganizationName,
        DnValue::Utf8String(p.organization.into()),
    );
    dn.push(
        DnType::CommonName,
        DnValue::Utf8String(format!("{} {}", p.given_name, p.surname)),
    );
    dn.push(
        DnType::CustomDnType(OID_SURNAME.to_vec()),
        DnValue::Utf8String(p.surname.into()),
    );
    dn.push(
        DnType::CustomDnType(OID_GIVEN_NAME.to_vec()),
        DnValue::Utf8String(p.given_name.into()),
    );
    dn.push(
        DnType::CustomDnType(OID_SERIAL_NUMBER.to_vec()),
        DnValue::PrintableString(p.serial_number.try_into()?),
    );
    params.distinguished_name = dn;
    params.not_before = date_time_ymd(p.from.0, p.from.1, p.from.2);
    params.not_after = date_time_ymd(p.to.0, p.to.1, p.to.2);
    params.serial_number = Some(SerialNumber::from_slice(&serial.to_be_bytes()));
    params.use_authority_key_identifier_extension = true;
    match p.role {
        Role::Identification => {
            params.key_usages = vec![
                KeyUsagePurpose::DigitalSignature,
                KeyUsagePurpose::KeyEncipherment,
            ];
            params.extended_key_usages = vec![
                ExtendedKeyUsagePurpose::ClientAuth,
                ExtendedKeyUsagePurpose::Other(OID_SMARTCARD_LOGON.to_vec()),
            ];
        }
        // rcgen always marks keyUsage critical, as SITHS does.
        Role::Signature => params.key_usages = vec![KeyUsagePurpose::ContentCommitment],
    }
    params.custom_extensions = vec![
        CustomExtension::from_oid_content(OID_CARD_NUMBER, card_number_value(p.card_number)?),
        CustomExtension::from_oid_content(OID_CERTIFICATE_POLICIES, policies_value(p.policy)?),
    ];
    let key = KeyPair::generate()?;
    let cert = params.signed_by(&key, &ca.cert, &ca.key)?;
    Ok(cert.der().to_vec())
}

/// The card-number extension's value: a DER PrintableString (which the
/// extension's OCTET STRING wraps), as in real SITHS certificates.
fn card_number_value(number: &str) -> Result<Vec<u8>, Error> {
    let len = u8::try_from(number.len())?;
    let mut v = vec![0x13, len];
    v.extend_from_slice(number.as_bytes());
    Ok(v)
}

/// certificatePolicies with one policy: SEQUENCE { SEQUENCE { OID } }.
fn policies_value(dotted: &str) -> Result<Vec<u8>, Error> {
    let oid = der_oid(dotted)?;
    let inner = der_tlv(0x30, &oid)?;
    der_tlv(0x30, &inner)
}

/// A DER OBJECT IDENTIFIER from dotted text.
fn der_oid(dotted: &str) -> Result<Vec<u8>, Error> {
    let arcs: Vec<u64> = dotted
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let [first, second, rest @ ..] = arcs.as_slice() else {
        return Err("OID needs two arcs".into());
    };
    let mut body = Vec::new();
    for arc in std::iter::once(first * 40 + second).chain(rest.iter().copied()) {
        let mut bytes = vec![(arc & 0x7f) as u8];
        let mut a = arc >> 7;
        while a > 0 {
            bytes.push(((a & 0x7f) as u8) | 0x80);
            a >>= 7;
        }
        bytes.reverse();
        body.extend(bytes);
    }
    der_tlv(0x06, &body)
}

/// One DER TLV with a short-form length (everything here is < 128 bytes).
fn der_tlv(tag: u8, content: &[u8]) -> Result<Vec<u8>, Error> {
    let len = u8::try_from(content.len())?;
    if len >= 0x80 {
        return Err("content too long for short-form length".into());
    }
    let mut v = vec![tag, len];
    v.extend_from_slice(content);
    Ok(v)
}

/// The README describing every generated file.
fn readme(rows: &[Row]) -> String {
    let mut s = String::new();
    s.push_str(
        "# Generated SITHS-like test PKI\n\n\
Written by `cargo run --example make_test_pki -- tests/data/pki` \
(examples/make_test_pki.rs). Do not edit by hand: change the generator and \
run it again. Fixed dates; fresh ECDSA P-256 keys each run (not saved), so \
hashes and signatures change when regenerated.\n\n\
The CA certificates use the real SITHS issuer names but their own keys: \
every generated certificate verifies against the generated CA files here, \
and *fails* against the real CA certificates bundled in the tool (same \
name, other key). No real person: names, HSA-IDs and the personnummer \
191212121212 (the well-known test number) and 198112189876 are made up. \
Policy OIDs are placeholders under the ISO/ITU example arc 2.999 because the \
real person e-id policy OIDs are not public here.\n\n\
Subject strings: C and serialNumber are PrintableString; L, O, CN, SN and GN \
are UTF8String (å ä ö). Identification certificates have keyUsage \
digitalSignature+keyEncipherment and EKU clientAuth+smartcardLogon; \
signature certificates have keyUsage nonRepudiation only. keyUsage is \
critical. Every end-entity carries the card-number extension \
1.2.752.34.2.1 (OCTET STRING wrapping a PrintableString, 19 digits, 9752..., \
Luhn).\n\n\
Cards: A demo card (HSA-ID, personnummer and legacy HCC pairs); B expired \
HSA-ID pair; C two organisations (Region Jönköpings län and Göteborgs Stad); \
D identification only; E personnummer only; F test PKI; G one certificate \
with another card's number; H replacement card (HSA-id 2 CA, level 2).\n\n\
| file | card | subject | issuer | valid | card number | what |\n\
|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            r.file, r.card, r.subject, r.issuer, r.dates, r.card_number, r.note
        );
    }
    s
}
