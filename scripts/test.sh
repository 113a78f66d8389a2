#!/usr/bin/env bash
# Quick start, part two: every test, including the end-to-end tests that
# drive a real pcscd, the vpcd virtual reader and a virtual card, checked
# against OpenSC. Installs what it needs first. Extra arguments go to
# `cargo test` (e.g. a test name filter).
#
# WINDOWS_TESTS=1 also cross-builds the Windows program and runs it under
# Wine (scripts/windows.sh, then tests/cli/windows.rs, which are ignored
# otherwise). CI always sets it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
windows=0
if [ "${WINDOWS_TESTS:-}" = "1" ]; then
  windows=1
  scripts/windows.sh
  # The Windows tests are the only ignored ones: include them.
  separator=0
  for arg in "$@"; do
    [ "$arg" = "--" ] && separator=1
  done
  if [ "$separator" -eq 1 ]; then
    set -- "$@" --include-ignored
  else
    set -- "$@" -- --include-ignored
  fi
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --lib --tests "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole run, summed over the test binaries.
awk '/^test result:/ { p += $4; f += $6; i += $8 } END { printf "tests: %d passed, %d failed, %d ignored\n", p, f, i }' "$log"
if [ "$windows" -eq 0 ]; then
  echo "tests: the Windows tests (tests/cli/windows.rs) did not run; WINDOWS_TESTS=1 scripts/test.sh runs them"
fi
exit "$status"
