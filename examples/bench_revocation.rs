//! Benchmark, not a test: the wall time a revocation check adds, against a
//! real `openssl ocsp` responder on 127.0.0.1. Cold (every check asks the
//! responder: a fresh nonce, an HTTP exchange, the signature checks) and
//! from the cache (the answer read from disk and verified again), and for
//! comparison two certificates at once (one card's pair).
//!
//! Run: `scripts/bench-revocation.sh [RUNS]`
//! (`cargo run --release --example bench_revocation -- RUNS`). Needs
//! openssl. Figures go into docs/performance.md.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose, SerialNumber,
};
use sithsctl::services::revocation::{self, CacheLocation, Options, ProxySettings, Query, Status};

type Error = Box<dyn std::error::Error>;

fn aia(url: &str) -> Vec<u8> {
    let mut ad = vec![
        0x06,
        0x08,
        0x2B,
        0x06,
        0x01,
        0x05,
        0x05,
        0x07,
        0x30,
        0x01,
        0x86,
        url.len() as u8,
    ];
    ad.extend_from_slice(url.as_bytes());
    let mut inner = vec![0x30, ad.len() as u8];
    inner.extend(ad);
    let mut outer = vec![0x30, inner.len() as u8];
    outer.extend(inner);
    outer
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> Result<(), Error> {
    let runs: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(50);
    let dir = tempfile::tempdir()?;
    let ca_key = KeyPair::generate()?;
    let mut ca = CertificateParams::new(Vec::<String>::new())?;
    ca.distinguished_name.push(DnType::CommonName, "Bench CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = ca.self_signed(&ca_key)?;
    let signer_key = KeyPair::generate()?;
    let mut signer = CertificateParams::new(Vec::<String>::new())?;
    signer
        .distinguished_name
        .push(DnType::CommonName, "Bench OCSP");
    signer.extended_key_usages = vec![ExtendedKeyUsagePurpose::OcspSigning];
    let signer = signer.signed_by(&signer_key, &ca, &ca_key)?;
    for (name, text) in [
        ("ca.pem", ca.pem()),
        ("signer.pem", signer.pem()),
        ("signer.key", signer_key.serialize_pem()),
        (
            "index.txt",
            "V\t351231235959Z\t\t1001\tunknown\t/CN=a\nV\t351231235959Z\t\t1002\tunknown\t/CN=b\n"
                .into(),
        ),
    ] {
        std::fs::write(dir.path().join(name), text)?;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let log = dir.path().join("ocsp.log");
    let mut child = Command::new("openssl")
        .current_dir(dir.path())
        .args([
            "ocsp",
            "-index",
            "index.txt",
            "-rsigner",
            "signer.pem",
            "-rkey",
            "signer.key",
            "-CA",
            "ca.pem",
            "-ndays",
            "1",
            "-port",
        ])
        .arg(port.to_string())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log)?)
        .spawn()?;
    let deadline = Instant::now() + Duration::from_secs(15);
    while !std::fs::read_to_string(&log)?.contains("waiting for OCSP client connections") {
        if Instant::now() > deadline {
            let _ = child.kill();
            return Err("openssl ocsp did not start".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let url = format!("http://127.0.0.1:{port}/");
    let person = |serial: u64| -> Result<Vec<u8>, Error> {
        let mut p = CertificateParams::new(Vec::<String>::new())?;
        p.distinguished_name
            .push(DnType::CommonName, format!("Person {serial:x}"));
        p.serial_number = Some(SerialNumber::from(serial.to_be_bytes().to_vec()));
        p.is_ca = IsCa::ExplicitNoCa;
        p.custom_extensions.push(CustomExtension::from_oid_content(
            &[1, 3, 6, 1, 5, 5, 7, 1, 1],
            aia(&url),
        ));
        Ok(p.signed_by(&KeyPair::generate()?, &ca, &ca_key)?
            .der()
            .to_vec())
    };
    let pair = [person(0x1001)?, person(0x1002)?];
    let query = |n: usize| -> Vec<Query> {
        pair[..n]
            .iter()
            .map(|c| Query {
                certificate: c.clone(),
                issuer: ca.der().to_vec(),
            })
            .collect()
    };
    let cold = Options {
        proxy: ProxySettings::default(),
        cache: CacheLocation::Off,
        ..Options::default()
    };
    let cached = Options {
        cache: CacheLocation::Dir(dir.path().join("cache")),
        ..cold.clone()
    };
    let time = |queries: &[Query], options: &Options| -> Result<Duration, Error> {
        let start = Instant::now();
        let results = revocation::check(queries, options);
        let took = start.elapsed();
        if let Some(r) = results.iter().find(|r| r.status != Status::Good) {
            return Err(format!("not good: {r:?}").into());
        }
        Ok(took)
    };
    // Warm up, and fill the cache.
    time(&query(2), &cold)?;
    time(&query(2), &cached)?;
    let mut rows = Vec::new();
    for (label, n, options) in [
        ("one certificate, cold (asks the responder)", 1, &cold),
        ("one certificate, from the cache", 1, &cached),
        ("two certificates in parallel, cold", 2, &cold),
        ("two certificates, from the cache", 2, &cached),
    ] {
        let samples = (0..runs)
            .map(|_| time(&query(n), options))
            .collect::<Result<Vec<_>, _>>()?;
        rows.push((label, median(samples)));
    }
    let commands = whole_command(dir.path(), ca.der(), &pair, runs)?;
    let _ = child.kill();
    let _ = child.wait();
    println!("revocation check on 127.0.0.1 (openssl ocsp, ECDSA P-256, delegated signer), median of {runs} runs");
    for (label, t) in rows.into_iter().chain(commands) {
        println!("{label:<48} {:>8.2} ms", t.as_secs_f64() * 1000.0);
    }
    Ok(())
}

/// The same pair on a card image, through the release binary: `sithsctl
/// check --image CARD --online --all` against `--offline`, cold (no cache)
/// and from the cache. The difference is what a command adds.
fn whole_command(
    dir: &std::path::Path,
    ca: &[u8],
    pair: &[Vec<u8>; 2],
    runs: usize,
) -> Result<Vec<(&'static str, Duration)>, Error> {
    use sithsctl::reading::card::image::Behaviour;
    use sithsctl::reading::layout::pkcs15::{
        build_image, CardSpec, CertSpec, Directory, LayoutOptions,
    };
    let spec = CardSpec {
        description: "revocation benchmark".into(),
        atr: vec![0x3B, 0x80, 0x80, 0x01, 0x01],
        token_serial: "1".into(),
        token_label: "SITHS eID".into(),
        manufacturer: "benchmark".into(),
        certificates: pair
            .iter()
            .enumerate()
            .map(|(n, der)| CertSpec {
                label: format!("Person {n}"),
                der: der.clone(),
                authority: false,
                directory: Directory::Certificates,
            })
            .collect(),
        layout: LayoutOptions::default(),
        behaviour: Behaviour::default(),
    };
    let image = dir.join("card.json");
    std::fs::write(&image, build_image(&spec).to_json())?;
    std::fs::write(dir.join("ca.der"), ca)?;
    std::fs::write(
        dir.join("cold.toml"),
        "ca_files = [\"ca.der\"]\n[revocation]\ncache = false\n",
    )?;
    std::fs::write(
        dir.join("cached.toml"),
        "ca_files = [\"ca.der\"]\n[revocation]\ncache_dir = \"command-cache\"\n",
    )?;
    // The binary beside this example's folder (target/release).
    let exe = std::env::current_exe()?;
    let bin = exe
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("sithsctl"))
        .ok_or("no target folder")?;
    let time = |config: &str, flag: &str| -> Result<Duration, Error> {
        let start = Instant::now();
        let out = Command::new(&bin)
            .args(["check", "--json", "--all", flag, "--image"])
            .arg(&image)
            .env("SITHSCTL_CONFIG", dir.join(config))
            .output()?;
        let took = start.elapsed();
        let text = String::from_utf8_lossy(&out.stdout);
        let asked = text.matches("\"status\": \"good\"").count();
        let want = if flag == "--online" { 2 } else { 0 };
        if asked != want {
            return Err(
                format!("{flag} {config}: {asked} good answers, not {want}: {text}").into(),
            );
        }
        Ok(took)
    };
    time("cached.toml", "--online")?;
    let mut rows = Vec::new();
    for (label, config, flag) in [
        (
            "command, --offline (nothing asked)",
            "cold.toml",
            "--offline",
        ),
        ("command, --online, cold", "cold.toml", "--online"),
        (
            "command, --online, from the cache",
            "cached.toml",
            "--online",
        ),
    ] {
        let samples = (0..runs)
            .map(|_| time(config, flag))
            .collect::<Result<Vec<_>, _>>()?;
        rows.push((label, median(samples)));
    }
    Ok(rows)
}
