#!/usr/bin/env bash
# Benchmark: whole-process start-up of the release binary, and its peak
# memory. Not a test: figures go into docs/performance.md.
#
#   scripts/bench-startup.sh [RUNS]      (default 50 runs per command)
#
# Uses hyperfine when installed (apt-get install hyperfine), else a loop
# timed with `date +%s%N` (median). Peak memory from GNU time
# (`/usr/bin/time -v`, package `time`), the largest of 5 runs.
set -euo pipefail

RUNS=${1:-50}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

echo "building the release binary..." >&2
(cd "$ROOT" && cargo build --release --quiet)
BIN=$TARGET/release/sithsctl
export LANG=en_US.UTF-8

COMMANDS=("--version" "--demo certs" "--demo certs --json" "--demo inspect")

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

wall_ms() {
    local args=$1
    if command -v hyperfine >/dev/null; then
        local json
        json=$(mktemp)
        # shellcheck disable=SC2086
        hyperfine --warmup 3 --runs "$RUNS" -N --export-json "$json" "$BIN $args" >/dev/null 2>&1 || {
            # -N (no shell) needs hyperfine >= 1.13; fall back to the shell.
            hyperfine --warmup 3 --runs "$RUNS" --export-json "$json" "$BIN $args >/dev/null" >/dev/null 2>&1
        }
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f %.2f" % (r["median"]*1000, r["stddev"]*1000))' "$json"
        rm -f "$json"
    else
        local times=()
        for _ in $(seq "$RUNS"); do
            t0=$(date +%s%N)
            # shellcheck disable=SC2086
            "$BIN" $args >/dev/null 2>&1 || true
            t1=$(date +%s%N)
            times+=($(( (t1 - t0) / 1000 )))
        done
        printf '%s\n' "${times[@]}" | median | awk '{printf "%.2f -\n", $1/1000}'
    fi
}

peak_kib() {
    local args=$1 best=0
    for _ in 1 2 3 4 5; do
        # shellcheck disable=SC2086
        kib=$(/usr/bin/time -v "$BIN" $args 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}')
        (( kib > best )) && best=$kib
    done
    echo "$best"
}

TOOL=loop
command -v hyperfine >/dev/null && TOOL=hyperfine
printf '\n%-28s %12s %10s %14s\n' "sithsctl ... ($TOOL, $RUNS runs)" "median ms" "stddev" "peak RSS KiB"
for args in "${COMMANDS[@]}"; do
    read -r ms sd < <(wall_ms "$args")
    kib=$( [[ -x /usr/bin/time ]] && peak_kib "$args" || echo "-")
    printf '%-28s %12s %10s %14s\n' "$args" "$ms" "$sd" "$kib"
done
echo
ls -l "$BIN" | awk '{printf "binary size: %.1f MiB (%s bytes)\n", $5/1048576, $5}'
