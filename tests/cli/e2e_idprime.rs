//! The IDPrime layout and the middleware, end to end: virtual cards with
//! PKCS#15, IDPrime, and both, through pcscd; OpenSC's `pkcs15-tool` and
//! OpenSC's PKCS#11 module as peers. Certificates from every path must be
//! byte-identical, and `certs --json` the same whichever path read them.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sithsctl::reading::layout::idprime::{self, IdprimeOptions, IDPRIME_940_ATR};
use sithsctl::reading::layout::pkcs15::{build_image, CardSpec};

use super::cards::card;
use super::e2e_opensc::pkcs15_tool;
use super::harness::{sithsctl, sithsctl_env, stack, CardOptions, VirtualCard};

/// OpenSC with its IDPrime driver first (it recognises the IDPrime ATR),
/// the generic driver for everything else, and no file cache.
pub const OPENSC_CONF_IDPRIME: &str = "app default {
    card_drivers = idprime, default;
    enable_default_driver = true;
    framework pkcs15 { use_file_caching = no; }
}
";

/// OpenSC's PKCS#11 module, where Debian puts it.
pub const OPENSC_PKCS11: &str = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";

/// Card A in three layouts: PKCS#15 only, IDPrime only, both.
fn cards(dir: &Path) -> Vec<(&'static str, &'static str, PathBuf)> {
    let a = card('a');
    let mut idp: CardSpec = a.clone();
    idp.atr = IDPRIME_940_ATR.to_vec();
    let write = |name: &str, image: sithsctl::reading::card::image::CardImage| {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, image.to_json()).unwrap();
        path
    };
    vec![
        ("pkcs15", "pkcs15", write("pkcs15", build_image(&a))),
        (
            "idprime",
            "idprime",
            write(
                "idprime",
                idprime::build_image(&idp, &IdprimeOptions::default()),
            ),
        ),
        (
            "both",
            "pkcs15+idprime",
            write(
                "both",
                idprime::build_both(&idp, &IdprimeOptions::default()),
            ),
        ),
    ]
}

/// Certificates of a `certs --json` document by SHA-256, without the
/// fields that say where the certificate sat (they differ by path by
/// nature: PKCS#15 iD and label, IDPrime file, PKCS#11 slot).
fn by_hash(doc: &Value) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = doc["certificates"]
        .as_array()
        .expect("certificates")
        .iter()
        .map(|c| {
            let mut c = c.clone();
            let map = c.as_object_mut().unwrap();
            for k in ["label", "id", "path", "directory"] {
                assert!(map.contains_key(k), "field {k} missing");
                map.remove(k);
            }
            (c["sha256"].as_str().unwrap().to_string(), c)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn direct_and_pkcs11_reads_list_the_same_certificates() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("opensc.conf");
    std::fs::write(&conf, OPENSC_CONF_IDPRIME).unwrap();
    let conf_s = conf.to_str().unwrap();
    let own: usize = card('a')
        .certificates
        .iter()
        .filter(|c| !c.authority)
        .count();
    for (name, format, image) in cards(dir.path()) {
        let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());
        let direct = sithsctl(&["certs", "--json", "--at", "2026-01-01"]);
        assert_eq!(direct.code, 0, "{name}: {direct:?}");
        let direct = direct.json();
        assert_eq!(direct["card"]["format"], format, "{name}");
        assert_eq!(direct["card"]["source"], "pcsc", "{name}");

        let p11 = sithsctl_env(
            &[
                "certs",
                "--json",
                "--at",
                "2026-01-01",
                "--pkcs11",
                OPENSC_PKCS11,
            ],
            None,
            &[("OPENSC_CONF", conf_s)],
        );
        assert_eq!(p11.code, 0, "{name}: {p11:?}");
        let p11 = p11.json();
        assert_eq!(p11["card"]["source"], "pkcs11", "{name}");
        assert_eq!(p11["card"]["format"], "pkcs11", "{name}");

        let (ours, theirs) = (by_hash(&direct), by_hash(&p11));
        // The card's own certificates are in every layout, each once.
        assert!(ours.len() >= own, "{name}: {} certificates", ours.len());
        let mut unique: Vec<_> = ours.iter().map(|(h, _)| h.clone()).collect();
        unique.dedup();
        assert_eq!(
            unique.len(),
            ours.len(),
            "{name}: a certificate listed twice"
        );
        let hashes = |v: &[(String, Value)]| v.iter().map(|(h, _)| h.clone()).collect::<Vec<_>>();
        if name == "both" {
            // OpenSC binds one driver per card: on an IDPrime card the
            // IDPrime one, so it sees the card's own certificates and not
            // the CA certificates that only the PKCS#15 directories list.
            assert_eq!(theirs.len(), own, "{name}: {:?}", hashes(&theirs));
        } else {
            assert_eq!(
                hashes(&ours),
                hashes(&theirs),
                "{name}: the middleware sees other certificates than the card holds"
            );
        }
        for (h, b) in &theirs {
            let a = ours
                .iter()
                .find(|(o, _)| o == h)
                .map(|(_, a)| a)
                .unwrap_or_else(|| panic!("{name}: the middleware sees {h}, the card does not"));
            let (mut a, mut b) = (a.clone(), b.clone());
            if name == "both" {
                // The chain is checked against the CAs the card carries,
                // which only the PKCS#15 path lists.
                a["chain"] = Value::Null;
                b["chain"] = Value::Null;
            }
            assert_eq!(a, b, "{name}: certificate {h} differs between the paths");
        }
        card.remove();
    }
}

#[test]
fn opensc_idprime_driver_reads_the_same_bytes() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("opensc.conf");
    std::fs::write(&conf, OPENSC_CONF_IDPRIME).unwrap();
    let (_, _, image) = cards(dir.path()).remove(1);
    let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());
    let export = dir.path().join("export");
    let run = sithsctl(&[
        "--show-personal-numbers",
        "certs",
        "--json",
        "--export",
        export.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let by_id = super::e2e_opensc::exported_by_id(&run, &export);

    let list = pkcs15_tool(&conf, &["--reader", "0", "--list-certificates"]);
    let listing = String::from_utf8_lossy(&list.stdout).into_owned();
    assert!(
        list.status.success(),
        "pkcs15-tool failed: {listing}\n{}",
        String::from_utf8_lossy(&list.stderr)
    );
    let ids: Vec<String> = listing
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == "ID").then(|| v.trim().to_uppercase())
        })
        .collect();
    let own = card_a_own();
    assert_eq!(ids.len(), own.len(), "OpenSC lists:\n{listing}");
    for id in &ids {
        let read = pkcs15_tool(&conf, &["--reader", "0", "--read-certificate", id]);
        assert!(read.status.success(), "{id}");
        let theirs = super::e2e_opensc::pem_to_der(&read.stdout).expect("PEM");
        // Our iDs follow OpenSC's numbering of the IDPrime index.
        let ours = by_id
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, der)| der.clone())
            .unwrap_or_else(|| panic!("no export of {id}"));
        assert!(ours == theirs, "certificate {id} differs from OpenSC's");
        assert!(own.contains(&ours));
    }
    card.remove();
}

fn card_a_own() -> Vec<Vec<u8>> {
    card('a')
        .certificates
        .into_iter()
        .filter(|c| !c.authority)
        .map(|c| c.der)
        .collect()
}

#[test]
fn an_idprime_card_dumps_and_reads_again() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    for (name, format, image) in cards(dir.path()) {
        let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());
        let dumped = dir.path().join(format!("dump-{name}.json"));
        let run = sithsctl(&[
            "dump",
            "--include-personal-numbers",
            "-o",
            dumped.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        let live = sithsctl(&["certs", "--json"]).json();
        card.remove();
        let again = sithsctl(&["certs", "--json", "--image", dumped.to_str().unwrap()]);
        assert_eq!(again.code, 0, "{name}: {again:?}");
        let again = again.json();
        assert_eq!(again["card"]["format"], format, "{name}");
        assert_eq!(by_hash(&again), by_hash(&live), "{name}");
    }
}

#[test]
fn a_zlib_bomb_is_a_card_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = card('b');
    spec.atr = IDPRIME_940_ATR.to_vec();
    let mut image = idprime::build_image(&spec, &IdprimeOptions::default());
    // 10 MB of zeros (about 10 KB compressed, so the file itself is of a
    // size a card can hold), declared as 1000 bytes.
    let mut bomb = idprime::encode_certificate(&vec![0u8; 10 * 1024 * 1024], true);
    bomb[2..4].copy_from_slice(&1000u16.to_le_bytes());
    let size = bomb.len() as u16;
    for f in &mut image.files {
        if f.path == "3F000206" {
            f.data = Some(hex::encode_upper(&bomb));
        }
        if f.path == "3F000101" {
            let mut idx = hex::decode(f.data.as_ref().unwrap()).unwrap();
            for e in 0..idx[0] as usize {
                let at = 1 + e * idprime::ENTRY_LEN;
                if idx[at..at + 2] == [0x02, 0x06] {
                    idx[at + 2..at + 4].copy_from_slice(&size.to_be_bytes());
                }
            }
            f.data = Some(hex::encode_upper(&idx));
        }
    }
    let path = dir.path().join("bomb.json");
    std::fs::write(&path, image.to_json()).unwrap();
    let run = sithsctl(&["certs", "--json", "--image", path.to_str().unwrap()]);
    assert_eq!(run.code, 4, "{run:?}");
    let doc = run.json();
    assert_eq!(doc["error"]["code"], "card_garbage", "{doc}");
    assert!(
        doc["error"]["message"]
            .as_str()
            .unwrap()
            .contains("more than the 1000 bytes"),
        "{doc}"
    );
}
