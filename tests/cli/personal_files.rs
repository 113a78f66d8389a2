//! Personal data in files: `dump` leaves the personnummer certificates out
//! by default, in every layout, and the image then reads as the card
//! without them; `--include-personal-numbers` keeps them, with a warning.
//! `dump -o` does not overwrite a file without `--force`.

use std::path::{Path, PathBuf};

use sithsctl::reading::layout::idprime::{self, IdprimeOptions, IDPRIME_940_ATR};
use sithsctl::reading::layout::pkcs15::build_image;

use super::cards::{card, layouts};
use super::harness::{sithsctl, Run};

fn images(dir: &Path) -> Vec<(String, PathBuf)> {
    let write = |name: &str, image: sithsctl::reading::card::image::CardImage| {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, image.to_json()).unwrap();
        (name.to_string(), path)
    };
    let mut out: Vec<(String, PathBuf)> = layouts()
        .into_iter()
        .map(|(name, spec)| write(name, build_image(&spec)))
        .collect();
    let mut idp = card('a');
    idp.atr = IDPRIME_940_ATR.to_vec();
    out.push(write(
        "idprime",
        idprime::build_image(&idp, &IdprimeOptions::default()),
    ));
    out.push(write(
        "both",
        idprime::build_both(&idp, &IdprimeOptions::default()),
    ));
    out
}

fn hashes(run: &Run) -> Vec<String> {
    let mut v: Vec<String> = run.json()["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["sha256"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn dump_leaves_personnummer_certificates_out_in_every_layout() {
    let dir = tempfile::tempdir().unwrap();
    let spec = card('a');
    let personal: Vec<&Vec<u8>> = spec
        .certificates
        .iter()
        .filter(|c| c.label.contains("personnummer"))
        .map(|c| &c.der)
        .collect();
    assert_eq!(personal.len(), 2);
    for (name, image) in images(dir.path()) {
        let image = image.to_str().unwrap();
        let full = sithsctl(&["--image", image, "certs", "--json"]);
        assert_eq!(full.code, 0, "{name}: {full:?}");
        let out = dir.path().join(format!("{name}-dump.json"));
        let run = sithsctl(&["--image", image, "dump", "-o", out.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        assert!(
            run.stderr.contains("Left out 2 personnummer certificates"),
            "{name}: {}",
            run.stderr
        );
        let text = std::fs::read_to_string(&out).unwrap();
        // The image says so, and holds no byte of them (nor the numbers).
        assert!(
            text.contains("personnummer certificate(s) left out"),
            "{name}"
        );
        for der in &personal {
            let hex = hex::encode_upper(der);
            assert!(
                !text.contains(&hex[..64.min(hex.len())]),
                "{name}: a personnummer certificate is in the image"
            );
        }
        for number in ["191212121212", "313931323132313231323132"] {
            assert!(!text.contains(number), "{name}: {number}");
        }
        // It reads as the card without them: nothing unreadable, every
        // other certificate as before.
        let again = sithsctl(&["--image", out.to_str().unwrap(), "certs", "--json"]);
        assert_eq!(again.code, 0, "{name}: {again:?}");
        let doc = again.json();
        assert_eq!(
            doc["unreadable_certificates"].as_array().unwrap().len(),
            0,
            "{name}"
        );
        assert!(
            doc["certificates"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["personal_number"].is_null()),
            "{name}"
        );
        let mut want: Vec<String> = full.json()["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["personal_number"].is_null())
            .map(|c| c["sha256"].as_str().unwrap().to_string())
            .collect();
        want.sort();
        assert_eq!(hashes(&again), want, "{name}");
        assert_eq!(want.len() + 2, hashes(&full).len(), "{name}");

        // Not over an existing file without --force.
        let over = sithsctl(&["--image", image, "dump", "-o", out.to_str().unwrap()]);
        assert_eq!(over.code, 2, "{name}: {over:?}");
        assert!(over.stderr.contains("--force"), "{}", over.stderr);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
        // Kept when asked, with a warning.
        let kept = sithsctl(&[
            "--image",
            image,
            "dump",
            "--include-personal-numbers",
            "--force",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(kept.code, 0, "{name}: {kept:?}");
        assert!(kept.stderr.contains("Warning"), "{}", kept.stderr);
        let all = sithsctl(&["--image", out.to_str().unwrap(), "certs", "--json"]);
        assert_eq!(hashes(&all), hashes(&full), "{name}");
    }
}
