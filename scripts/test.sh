#!/usr/bin/env bash
# Quick start, part two: every test, including the end-to-end tests that
# drive a real pcscd, the vpcd virtual reader and a virtual card, checked
# against OpenSC. Installs what it needs first. Extra arguments go to
# `cargo test` (e.g. a test name filter).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --lib --tests "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole run, summed over the test binaries.
awk '/^test result:/ { p += $4; f += $6 } END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
