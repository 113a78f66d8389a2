#!/usr/bin/env bash
# Benchmark: APDUs and wall time to read a 2-certificate card through pcscd
# and vpcd, sithsctl against OpenSC's pkcs15-tool. Not a test: figures go
# into docs/performance.md.
#
#   scripts/bench-read.sh [RUNS]      (default 10 runs per tool)
#
# Needs pcscd, vsmartcard-vpcd and opensc. Uses a running pcscd or starts
# one (and stops it afterwards); takes the same lock file as the end-to-end
# tests so it never runs at the same time as them.
set -euo pipefail

RUNS=${1:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
WORK=$(mktemp -d)
PCSCD_PID=""
CARD_PID=""

cleanup() {
    [[ -n $CARD_PID ]] && kill "$CARD_PID" 2>/dev/null && wait "$CARD_PID" 2>/dev/null || true
    if [[ -n $PCSCD_PID ]]; then
        kill "$PCSCD_PID" 2>/dev/null || true
        wait "$PCSCD_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

command -v pkcs15-tool >/dev/null || { echo "pkcs15-tool missing: apt-get install opensc" >&2; exit 1; }

echo "building the release binary..." >&2
(cd "$ROOT" && cargo build --release --quiet)
BIN=$TARGET/release/sithsctl
echo "writing the card image (card B, 2 certificates)..." >&2
(cd "$ROOT" && SITHSCTL_BENCH_IMAGE=$WORK/card-b.json \
    cargo test --quiet --test cli bench_card_image -- --exact cards::bench_card_image >/dev/null)

# Take turns with the end-to-end tests (tests/cli/harness.rs).
exec 9>"${TMPDIR:-/tmp}/sithsctl-pcscd-tests.lock"
flock 9

export LANG=en_US.UTF-8
if ! "$BIN" readers >/dev/null 2>&1; then
    echo "starting pcscd..." >&2
    rm -f /run/pcscd/pcscd.comm
    pcscd --foreground >/dev/null 2>&1 &
    PCSCD_PID=$!
    for _ in $(seq 100); do "$BIN" readers >/dev/null 2>&1 && break; sleep 0.05; done
fi

LOG=$WORK/card.log
"$BIN" virtual-card --image "$WORK/card-b.json" --slot 0 --log "$LOG" >/dev/null &
CARD_PID=$!
for _ in $(seq 200); do
    "$BIN" readers --json 2>/dev/null | grep -q '"state": "present"' && break
    sleep 0.05
done

CONF=$WORK/opensc.conf
cat >"$CONF" <<'CONF'
app default {
    card_drivers = default;
    enable_default_driver = true;
    framework pkcs15 { use_file_caching = no; }
}
CONF
export OPENSC_CONF=$CONF

apdus() { grep -c '"event":"apdu"' "$LOG" || true; }
now_ns() { date +%s%N; }

IDS=$(pkcs15-tool --reader 0 --list-certificates 2>/dev/null | awk -F: '/^[[:space:]]*ID[[:space:]]*:/ {gsub(/ /,"",$2); print $2}' | sort -u)
[[ -n $IDS ]] || { echo "pkcs15-tool lists no certificates" >&2; exit 1; }

run_sithsctl() { "$BIN" certs --reader 0 --json >/dev/null; }
run_list() { pkcs15-tool --reader 0 --list-certificates >/dev/null 2>&1; }
run_list_read() {
    run_list
    for id in $IDS; do pkcs15-tool --reader 0 --read-certificate "$id" >/dev/null 2>&1; done
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

declare -A APDUS MS
for tool in sithsctl list list_read; do
    times=()
    counts=()
    for _ in $(seq "$RUNS"); do
        before=$(apdus)
        t0=$(now_ns)
        "run_$tool"
        t1=$(now_ns)
        after=$(apdus)
        times+=($(( (t1 - t0) / 1000 )))
        counts+=($(( after - before )))
    done
    APDUS[$tool]=$(printf '%s\n' "${counts[@]}" | median)
    MS[$tool]=$(printf '%s\n' "${times[@]}" | median | awk '{printf "%.1f", $1/1000}')
done

printf '\n%-52s %8s %12s\n' "tool (card B, 2 certificates, median of $RUNS runs)" "APDUs" "wall ms"
printf '%-52s %8s %12s\n' "sithsctl certs (reads every certificate)" "${APDUS[sithsctl]}" "${MS[sithsctl]}"
printf '%-52s %8s %12s\n' "pkcs15-tool --list-certificates" "${APDUS[list]}" "${MS[list]}"
printf '%-52s %8s %12s\n' "pkcs15-tool --list + --read-certificate each" "${APDUS[list_read]}" "${MS[list_read]}"
echo
awk -v s="${APDUS[sithsctl]}" -v l="${APDUS[list]}" -v lr="${APDUS[list_read]}" \
    -v ts="${MS[sithsctl]}" -v tl="${MS[list]}" -v tlr="${MS[list_read]}" 'BEGIN {
    printf "APDUs: sithsctl / OpenSC list = %.0f %% (goal: at most 60 %%); sithsctl / OpenSC list+read = %.0f %%\n", 100*s/l, 100*s/lr
    printf "time:  sithsctl / OpenSC list = %.0f %%; sithsctl / OpenSC list+read = %.0f %%\n", 100*ts/tl, 100*ts/tlr
}'
