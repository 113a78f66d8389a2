#!/usr/bin/env bash
# Quick start, part one: build sithsctl and show the bundled demo card.
# No card reader needed. Extra arguments go to sithsctl, e.g.
#   scripts/demo.sh --lang sv
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
cargo build --release --quiet
echo "\$ sithsctl certs --demo $*"
target/release/sithsctl certs --demo "$@"
