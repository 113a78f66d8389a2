//! Benchmarks (not tests): certificate parsing and analysis, and a PKCS#15
//! read of the demo card through the simulator. Run with
//! `cargo bench --bench analysis`; figures go into docs/performance.md.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sithsctl::reading::card::sim::{SimCard, SimTransport};
use sithsctl::reading::card_read::SourceKind;
use sithsctl::reading::layout::pkcs15::Wanted;
use sithsctl::reading::read::{demo_image, read_with};
use sithsctl::understanding::analysis::analyse_card;
use sithsctl::understanding::cert::{self, CaSet};

/// Every DER certificate of the test PKI (cards and CAs).
fn test_certs() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pki");
    let mut certs: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "der"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    certs.sort();
    certs
}

fn certificates(c: &mut Criterion) {
    let certs = test_certs();
    let mut group = c.benchmark_group("certificates");
    group.throughput(Throughput::Elements(certs.len() as u64));
    group.bench_function(
        format!("analyse {} test PKI certificates", certs.len()),
        |b| {
            b.iter(|| {
                for der in &certs {
                    black_box(cert::analyse(black_box(der)).unwrap());
                }
            })
        },
    );
    group.finish();
}

fn demo_card(c: &mut Criterion) {
    let image = demo_image().unwrap();
    let mut group = c.benchmark_group("demo card");
    group.throughput(Throughput::Elements(1));
    group.bench_function("PKCS#15 read through the simulator", |b| {
        b.iter(|| {
            let mut t = SimTransport {
                card: SimCard::new(image.clone()),
            };
            let read = read_with(
                &mut t,
                "bench",
                SourceKind::Image,
                Duration::from_secs(10),
                Wanted::EVERYTHING,
            )
            .unwrap();
            black_box(read)
        })
    });
    group.bench_function("read + analyse every certificate + chains", |b| {
        b.iter(|| {
            let mut t = SimTransport {
                card: SimCard::new(image.clone()),
            };
            let read = read_with(
                &mut t,
                "bench",
                SourceKind::Image,
                Duration::from_secs(10),
                Wanted::EVERYTHING,
            )
            .unwrap();
            black_box(analyse_card(&read.card.certificates, CaSet::bundled()))
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = certificates, demo_card
}
criterion_main!(benches);
