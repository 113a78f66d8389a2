//! Writes seed corpora for every fuzz target from the test data:
//! `cargo run --release --example seeds -- OUT_DIR` (run from `fuzz/`). Each target gets
//! `OUT_DIR/<target>/`.

use std::path::{Path, PathBuf};

use sithsctl::reading::card::apdu::CheckedApdu;
use sithsctl::reading::card::image::{CardImage, FileData};
use sithsctl::reading::card::sim::{SimCard, SimTransport};
use sithsctl::reading::card::transport::Transport;
use sithsctl::reading::card::CardError;
use sithsctl::reading::layout::tlv;
use sithsctl_fuzz::{join, FILE_SLOTS};

/// Passes commands to the simulator and keeps its answers.
struct Recorder {
    inner: SimTransport,
    answers: Vec<Vec<u8>>,
}

impl Transport for Recorder {
    fn transmit(&mut self, apdu: &CheckedApdu) -> Result<Vec<u8>, CardError> {
        let answer = self.inner.transmit(apdu)?;
        self.answers.push(answer.clone());
        Ok(answer)
    }
    fn atr(&self) -> &[u8] {
        self.inner.atr()
    }
    fn extended_length_hint(&self) -> bool {
        self.inner.extended_length_hint()
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(dir).expect("create corpus dir");
    std::fs::write(dir.join(name), bytes).expect("write seed");
}

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).expect("usage: seeds OUT_DIR"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let demo_text = std::fs::read_to_string(root.join("data/demo-card.json")).expect("demo card");
    let demo = CardImage::parse(&demo_text).expect("demo parses");
    let decoded = demo.decode().expect("demo decodes");

    // cert: every DER certificate in the test data.
    for dir in ["tests/data/pki", "tests/data/public-certs"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("test data") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "der") {
                let name = path
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .to_string();
                write(
                    &out.join("cert"),
                    &name,
                    &std::fs::read(&path).expect("read"),
                );
            }
        }
    }

    // card_image: the demo card, and variants with every behaviour.
    write(
        &out.join("card_image"),
        "demo-card.json",
        demo_text.as_bytes(),
    );
    for (n, b) in ["t0", "wrong_le", "no_extended_length", "no_select_by_aid"]
        .iter()
        .enumerate()
    {
        let mut image = demo.clone();
        match n {
            0 => image.behaviour.t0 = true,
            1 => image.behaviour.wrong_le = true,
            2 => image.behaviour.no_extended_length = true,
            _ => image.behaviour.no_select_by_aid = true,
        }
        write(
            &out.join("card_image"),
            &format!("demo-{b}.json"),
            image.to_json().as_bytes(),
        );
    }

    // tlv and pkcs15_files: the demo card's files, one by one and as a card.
    let mut parts: Vec<Vec<u8>> = Vec::new();
    for (path, data) in &decoded.files {
        let FileData::Transparent(bytes) = data else {
            continue;
        };
        let name = hex::encode_upper(path);
        if bytes.len() < 1024 {
            write(&out.join("tlv"), &name, bytes);
        }
        if let Some(slot) = FILE_SLOTS.iter().position(|s| *s == path.as_slice()) {
            parts.push([&[slot as u8][..], bytes].concat());
        }
    }
    write(
        &out.join("tlv"),
        "long-form",
        &tlv::encode(0x30, &[0x42; 300]),
    );
    write(
        &out.join("tlv"),
        "two-byte-tag",
        &tlv::encode(0x5F20, b"SITHS"),
    );
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    for flags in [0u8, 1, 3, 4, 5, 8, 15] {
        write(
            &out.join("pkcs15_files"),
            &format!("demo-flags-{flags}"),
            &[&[flags][..], &join(&refs)].concat(),
        );
    }

    // apdu_responses: the demo card's answers to a real read, T=1 and T=0.
    for (name, t0) in [("demo-t1", false), ("demo-t0", true)] {
        let mut image = decoded.clone();
        image.behaviour.t0 = t0;
        image.behaviour.wrong_le = t0;
        let mut rec = Recorder {
            inner: SimTransport {
                card: SimCard::new(image),
            },
            answers: Vec::new(),
        };
        sithsctl_fuzz::read_checked(&mut rec).expect("the demo card reads");
        let refs: Vec<&[u8]> = rec.answers.iter().map(Vec::as_slice).collect();
        let flags = if t0 { 0u8 } else { 1 };
        write(
            &out.join("apdu_responses"),
            name,
            &[&[flags][..], &join(&refs)].concat(),
        );
    }
    write(
        &out.join("apdu_responses"),
        "endless-61xx",
        &[2, 0, 2, 0x61, 0x00],
    );
    // report: real documents as sithsctl writes them (`--demo check --json`
    // and friends, a watch record, make_reports output), in fuzz/seeds/report.
    for entry in std::fs::read_dir(root.join("fuzz/seeds/report")).expect("report seeds") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        write(
            &out.join("report"),
            &name,
            &std::fs::read(&path).expect("read"),
        );
    }
    // ocsp_response and crl: the answers and CRLs made with openssl for
    // the fixed certificate (tests/data/revocation/make.sh), and an HTTP
    // answer carrying one.
    for entry in std::fs::read_dir(root.join("tests/data/revocation")).expect("revocation data") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let target = if name.starts_with("ocsp-") || name.starts_with("http-") {
            "ocsp_response"
        } else if name.starts_with("crl-") {
            "crl"
        } else {
            continue;
        };
        write(&out.join(target), &name, &std::fs::read(&path).expect("read"));
    }

    eprintln!("seeds written to {}", out.display());
}
