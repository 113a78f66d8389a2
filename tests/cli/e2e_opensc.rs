//! OpenSC as the peer: for every card layout, `pkcs15-tool` and
//! `sithsctl certs --export` must read byte-identical certificates from
//! the same virtual card through the same pcscd.

use std::path::Path;
use std::process::Command;

use super::cards::{layouts, write_image};
use super::harness::{sithsctl, stack, CardOptions, VirtualCard};

/// OpenSC reads an unknown PKCS#15 card only with its generic driver, and
/// must not answer from its cache of an earlier card.
pub const OPENSC_CONF: &str = "app default {
    card_drivers = default;
    enable_default_driver = true;
    framework pkcs15 { use_file_caching = no; }
}
";

/// Runs `pkcs15-tool` with our configuration; panics with advice when
/// OpenSC is not installed.
pub fn pkcs15_tool(conf: &Path, args: &[&str]) -> std::process::Output {
    Command::new("pkcs15-tool")
        .args(args)
        .env("OPENSC_CONF", conf)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run pkcs15-tool ({e}): the OpenSC comparison needs OpenSC. \
                 Install it: `apt-get install opensc`"
            )
        })
}

/// The certificate IDs `pkcs15-tool --list-certificates` prints.
fn listed_ids(listing: &str) -> Vec<String> {
    listing
        .lines()
        .filter_map(|l| {
            let (key, value) = l.split_once(':')?;
            (key.trim() == "ID").then(|| value.trim().to_uppercase())
        })
        .collect()
}

pub use sithsctl::understanding::cert::pem_to_der;

/// The certificates `certs --json --export DIR` wrote, by their iD on the
/// card: each file found by the hash the document gives for that iD, and
/// its PEM twin holding the same bytes.
pub fn exported_by_id(run: &super::harness::Run, dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let files: Vec<(std::path::PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "der"))
        .map(|p| {
            let der = std::fs::read(&p).unwrap();
            (p, der)
        })
        .collect();
    let doc = run.json();
    let mut out = Vec::new();
    for c in doc["certificates"].as_array().unwrap() {
        let sha = c["sha256"].as_str().unwrap();
        let (path, der) = files
            .iter()
            .find(|(_, d)| sithsctl::understanding::cert::sha256_hex(d) == sha)
            .unwrap_or_else(|| panic!("no exported file for {}", c["id"]));
        let pem = std::fs::read(path.with_extension("pem")).unwrap();
        assert_eq!(pem_to_der(&pem).as_deref(), Some(&der[..]));
        out.push((c["id"].as_str().unwrap().to_uppercase(), der.clone()));
    }
    assert_eq!(out.len(), files.len(), "one file per certificate");
    out
}

#[test]
fn certificates_match_opensc_for_every_layout() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("opensc.conf");
    std::fs::write(&conf, OPENSC_CONF).unwrap();
    for (name, spec) in layouts() {
        let image = write_image(&spec, dir.path(), name);
        let card = VirtualCard::insert(&stack, &image, 0, CardOptions::default());

        let export = dir.path().join(format!("export-{name}"));
        let run = sithsctl(&[
            "--show-personal-numbers",
            "certs",
            "--json",
            "--export",
            export.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        let by_id = exported_by_id(&run, &export);

        let list = pkcs15_tool(&conf, &["--reader", "0", "--list-certificates"]);
        let listing = String::from_utf8_lossy(&list.stdout);
        assert!(
            list.status.success(),
            "{name}: pkcs15-tool --list-certificates failed: {listing}\n{}",
            String::from_utf8_lossy(&list.stderr)
        );
        let ids = listed_ids(&listing);
        // Certificates OpenSC lists twice (CDF and trusted CDF) count once.
        let mut unique = ids.clone();
        unique.dedup();
        assert_eq!(
            unique.len(),
            spec.certificates.len(),
            "{name}: OpenSC lists {ids:?}:\n{listing}"
        );
        for id in &unique {
            let read = pkcs15_tool(&conf, &["--reader", "0", "--read-certificate", id]);
            assert!(
                read.status.success(),
                "{name}: pkcs15-tool --read-certificate {id} failed: {}",
                String::from_utf8_lossy(&read.stderr)
            );
            let theirs = pem_to_der(&read.stdout)
                .unwrap_or_else(|| panic!("{name}: OpenSC gave no PEM for {id}"));
            let ours = by_id
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, der)| der)
                .unwrap_or_else(|| panic!("{name}: no exported file for {id}"));
            assert!(
                *ours == theirs,
                "{name}: certificate {id} differs between sithsctl and OpenSC"
            );
        }
        assert_eq!(by_id.len(), unique.len(), "{name}");
        card.remove();
    }
}
