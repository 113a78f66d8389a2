#!/usr/bin/env bash
# Quick start, part two: every test, including the end-to-end tests that
# drive a real pcscd, the vpcd virtual reader and a virtual card, checked
# against OpenSC. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
cargo test --all-targets "$@"
