#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), one after the
# other, one job, one worker: the machine is shared. Prints the executions
# per target and stops at the first crash (the input is in
# fuzz/artifacts/<target>/; make it a regression test beside the code).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Seeds come from the test data and fuzz/seeds/ (fuzz/examples/seeds.rs); the corpus grows
# in fuzz/corpus/<target>/ (not committed).
set -euo pipefail

SECONDS_EACH=${1:-60}
shift || true
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGETS=("$@")
if [[ ${#TARGETS[@]} -eq 0 ]]; then
    TARGETS=(tlv pkcs15_files apdu_responses card_image cert report ocsp_response crl)
fi
# -O optimised, -a debug assertions (overflow checks), no sanitizer: the
# code under test is safe Rust, so the sanitizer would only halve the speed.
FLAGS=(-O -a -s none)

echo "writing seeds from the test data..." >&2
(cd fuzz && CARGO_TARGET_DIR="$ROOT/fuzz/target" \
    cargo run --quiet --release --example seeds -- "$ROOT/fuzz/corpus")

declare -A EXECS
for t in "${TARGETS[@]}"; do
    echo "building $t..." >&2
    cargo +nightly fuzz build "${FLAGS[@]}" "$t" 2>&1 | grep -E '^(error|warning: unused)' >&2 || true
    LOG=$(mktemp)
    echo "fuzzing $t for $SECONDS_EACH s..." >&2
    status=0
    cargo +nightly fuzz run "${FLAGS[@]}" "$t" -- \
        -max_total_time="$SECONDS_EACH" -jobs=1 -workers=1 -print_final_stats=1 \
        -rss_limit_mb=1024 -malloc_limit_mb=256 -timeout=10 >"$LOG" 2>&1 || status=$?
    # With -jobs the worker writes its own log in the working directory.
    for f in fuzz-*.log; do [[ -f $f ]] && cat "$f" >>"$LOG" && rm -f "$f"; done
    EXECS[$t]=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$LOG" | tail -1 | awk '{print $2}')
    if [[ $status -ne 0 ]] || grep -q 'SUMMARY: libFuzzer\|panicked at' "$LOG"; then
        echo "== $t found a crash:" >&2
        grep -E 'panicked at|SUMMARY|Test unit written|artifact_prefix' "$LOG" >&2 || tail -30 "$LOG" >&2
        rm -f "$LOG"
        exit 1
    fi
    rm -f "$LOG"
done

printf '\n%-16s %14s %10s\n' target executions seconds
for t in "${TARGETS[@]}"; do
    printf '%-16s %14s %10s\n' "$t" "${EXECS[$t]:-?}" "$SECONDS_EACH"
done
