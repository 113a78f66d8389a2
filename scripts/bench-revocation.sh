#!/usr/bin/env bash
# Benchmark: the wall time a revocation check adds, on 127.0.0.1 against
# `openssl ocsp`, cold and from the cache, through the library and through
# the whole `check` command (examples/bench_revocation.rs).
# Not a test: figures go into docs/performance.md.
#
#   scripts/bench-revocation.sh [RUNS]      (default 50)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v openssl >/dev/null || scripts/deps.sh test
# The example also times the release binary: build it first.
cargo build --release --quiet --bin sithsctl
cargo run --release --quiet --example bench_revocation -- "${1:-50}"
