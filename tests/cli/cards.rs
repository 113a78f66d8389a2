//! Test cards, made from the test PKI in `tests/data/pki` by the same
//! image builder the library uses. One place defines every card, so the
//! image tests, the end-to-end tests and the bundled demo card agree.

use std::path::{Path, PathBuf};

use sithsctl::reading::card::image::Behaviour;
use sithsctl::reading::layout::pkcs15::{
    build_image, CardSpec, CertSpec, Directory, LayoutOptions,
};

use super::harness::data;

/// A T=1 ATR with the historical bytes of the Gemalto/Thales family.
pub fn atr_t1() -> Vec<u8> {
    let hist = [
        0x80, 0x31, 0x80, 0x65, 0xB0, 0xA3, 0x11, 0x00, 0xC8, 0x83, 0x00, 0x90, 0x00,
    ];
    // T0: TD1 follows, 13 historical bytes; TD1: T=1, nothing more.
    let mut atr = vec![0x3B, 0x80 | hist.len() as u8, 0x01];
    atr.extend_from_slice(&hist);
    // With T=1 offered the ATR ends in a check byte: XOR of T0..last.
    let tck = atr[1..].iter().fold(0u8, |a, b| a ^ b);
    atr.push(tck);
    atr
}

/// The ATR of the old SITHS card (Gemalto/Telia EID IP5a): T=0 only.
pub const ATR_T0: [u8; 18] = [
    0x3B, 0x7D, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xB0, 0xA3, 0x11, 0x00, 0xC8, 0x83, 0x00,
    0x90, 0x00,
];

pub fn der(name: &str) -> Vec<u8> {
    let path = data(&format!("pki/{name}.der"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn cert(label: &str, file: &str) -> CertSpec {
    CertSpec {
        label: label.into(),
        der: der(file),
        authority: false,
        directory: Directory::Certificates,
    }
}

fn ca(label: &str, file: &str) -> CertSpec {
    CertSpec {
        label: label.into(),
        der: der(file),
        authority: true,
        directory: Directory::TrustedCertificates,
    }
}

fn spec(description: &str, serial: &str, certificates: Vec<CertSpec>) -> CardSpec {
    CardSpec {
        description: description.into(),
        atr: atr_t1(),
        token_serial: serial.into(),
        token_label: "SITHS eID".into(),
        manufacturer: "sithsctl test card".into(),
        certificates,
        layout: LayoutOptions::default(),
        behaviour: Behaviour::default(),
    }
}

/// The test cards by letter (see `tests/data/pki/README.md`).
pub fn card(letter: char) -> CardSpec {
    match letter {
        'a' => spec(
            "Card A: Anna Andersson, Region Jönköpings län; HSA-ID, personnummer and legacy pairs",
            "9752240000000001013",
            vec![
                cert("Legitimering (HSA-ID)", "card-a-hsa-ident"),
                cert("Underskrift (HSA-ID)", "card-a-hsa-sign"),
                cert("Legitimering (personnummer)", "card-a-pnr-ident"),
                cert("Underskrift (personnummer)", "card-a-pnr-sign"),
                cert("HCC Legitimering", "card-a-legacy-ident"),
                cert("HCC Underskrift", "card-a-legacy-sign"),
                ca("SITHS e-id Person HSA-id 3 CA v1", "ca-person-hsa-id-3"),
                ca("SITHS e-id Person ID 3 CA v1", "ca-person-id-3"),
            ],
        ),
        'b' => spec(
            "Card B: expired HSA-ID pair",
            "9752240000000001021",
            vec![
                cert("Legitimering", "card-b-hsa-ident-expired"),
                cert("Underskrift", "card-b-hsa-sign-expired"),
            ],
        ),
        'c' => spec(
            "Card C: Region Jönköpings län and Göteborgs Stad",
            "9752240000000001039",
            vec![
                cert("Legitimering RJL", "card-c-rjl-ident"),
                cert("Underskrift RJL", "card-c-rjl-sign"),
                cert("Legitimering Göteborgs Stad", "card-c-gbg-ident"),
                cert("Underskrift Göteborgs Stad", "card-c-gbg-sign"),
            ],
        ),
        'd' => spec(
            "Card D: identification only",
            "9752240000000001047",
            vec![cert("Legitimering", "card-d-hsa-ident-only")],
        ),
        'e' => spec(
            "Card E: personnummer only",
            "9752240000000001054",
            vec![
                cert("Legitimering", "card-e-pnr-ident"),
                cert("Underskrift", "card-e-pnr-sign"),
            ],
        ),
        'f' => spec(
            "Card F: TEST PKI",
            "9752240000000001062",
            vec![
                cert("Legitimering", "card-f-test-hsa-ident"),
                cert("Underskrift", "card-f-test-hsa-sign"),
            ],
        ),
        'g' => spec(
            "Card G: a certificate with another card's number",
            "9752240000000001070",
            vec![
                cert("Legitimering", "card-g-hsa-ident"),
                cert("Underskrift", "card-g-hsa-sign-other-card"),
            ],
        ),
        'h' => spec(
            "Card H: replacement card (reservkort), level 2",
            "9752240000000001088",
            vec![
                cert("Legitimering", "card-h-reserv-hsa-ident"),
                cert("Underskrift", "card-h-reserv-hsa-sign"),
            ],
        ),
        'i' => spec(
            "Card I: a valid identification certificate; its signature partner expired",
            "9752240000000001013",
            vec![
                cert("Legitimering", "card-a-hsa-ident"),
                cert("Underskrift", "card-b-hsa-sign-expired"),
            ],
        ),
        other => panic!("no test card {other}"),
    }
}

/// Layout variations real cards show, all on card A's certificates.
pub fn layouts() -> Vec<(&'static str, CardSpec)> {
    let base = card('a');
    let with = |layout: LayoutOptions, behaviour: Behaviour, atr: Vec<u8>| {
        let mut s = base.clone();
        s.layout = layout;
        s.behaviour = behaviour;
        s.atr = atr;
        s
    };
    vec![
        ("t1", base.clone()),
        (
            "t0",
            with(
                LayoutOptions::default(),
                Behaviour {
                    t0: true,
                    wrong_le: true,
                    no_extended_length: true,
                    ..Default::default()
                },
                ATR_T0.to_vec(),
            ),
        ),
        (
            "shared_file",
            with(
                LayoutOptions {
                    shared_file: true,
                    ..Default::default()
                },
                Behaviour::default(),
                atr_t1(),
            ),
        ),
        (
            "padded",
            with(
                LayoutOptions {
                    padding: 64,
                    ..Default::default()
                },
                Behaviour::default(),
                atr_t1(),
            ),
        ),
        (
            "no_ef_dir",
            with(
                LayoutOptions {
                    ef_dir: false,
                    ..Default::default()
                },
                Behaviour {
                    no_select_by_aid: true,
                    ..Default::default()
                },
                atr_t1(),
            ),
        ),
        (
            "short_reads_only",
            with(
                LayoutOptions {
                    relative_paths: true,
                    ..Default::default()
                },
                Behaviour {
                    no_extended_length: true,
                    ..Default::default()
                },
                atr_t1(),
            ),
        ),
    ]
}

/// Writes a card's image into `dir` and returns its path.
pub fn write_image(spec: &CardSpec, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, build_image(spec).to_json()).unwrap();
    path
}

/// The demo card bundled in the binary is card A, current.
#[test]
fn bundled_demo_card_is_card_a() {
    let built = build_image(&card('a')).to_json();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo-card.json");
    if std::env::var_os("SITHSCTL_UPDATE_DEMO").is_some() {
        std::fs::write(&path, &built).unwrap();
    }
    let bundled = std::fs::read_to_string(&path).unwrap();
    assert!(
        bundled == built,
        "data/demo-card.json is out of date: run `SITHSCTL_UPDATE_DEMO=1 cargo test --test cli bundled_demo` and commit it"
    );
}

/// A card image with one file's contents replaced: for malformed cards.
pub fn write_image_with(
    spec: &CardSpec,
    dir: &Path,
    name: &str,
    replace: &[(&[u8], Vec<u8>)],
    behaviour: Option<Behaviour>,
) -> PathBuf {
    let mut image = build_image(spec);
    for (path, data) in replace {
        let key = hex::encode_upper(path);
        let file = image
            .files
            .iter_mut()
            .find(|f| f.path == key)
            .unwrap_or_else(|| panic!("{name}: no file {key} in the image"));
        file.data = Some(hex::encode_upper(data));
        file.records = None;
    }
    if let Some(b) = behaviour {
        image.behaviour = b;
    }
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, image.to_json()).unwrap();
    path
}

/// A card with no PKCS#15 application at all (not a SITHS card).
pub fn write_foreign_image(dir: &Path, name: &str) -> PathBuf {
    let mut image = sithsctl::reading::card::image::CardImage::new(&atr_t1());
    image.add_file(
        &[0x3F, 0x00, 0x00, 0x02],
        &[0x01, 0x02, 0x03],
        "not PKCS#15",
    );
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, image.to_json()).unwrap();
    path
}

/// The card the benchmark (`scripts/bench-read.sh`) reads: card B, two
/// certificates. With `SITHSCTL_BENCH_IMAGE=FILE` the image is written
/// there; without, this only checks that it builds.
#[test]
fn bench_card_image() {
    let image = build_image(&card('b'));
    assert_eq!(card('b').certificates.len(), 2);
    if let Some(path) = std::env::var_os("SITHSCTL_BENCH_IMAGE") {
        std::fs::write(&path, image.to_json()).unwrap();
    }
}
