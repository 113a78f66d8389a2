#!/usr/bin/env bash
# Times `sithsctl fleet` over N generated check reports (default 100 000),
# as one JSON Lines file and as a folder of pretty files, next to the same
# summary computed with jq; prints wall times, the ratio and peak memory.
# Then the card drive's files over the same reports: `fleet --html` and
# `fleet --xlsx` (wall time, peak memory from /usr/bin/time -v, file size).
# `scripts/bench-fleet.sh N drive` runs only that part.
# Not a test: figures go to docs/performance.md.
set -euo pipefail
N=${1:-100000}
PART=${2:-all}
AT=2026-11-24
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
command -v jq >/dev/null || { echo "installing jq"; apt-get install -y jq >/dev/null; }
[ -x /usr/bin/time ] || { echo "installing time"; apt-get install -y time >/dev/null; }
cargo build --release --quiet --bin sithsctl --example make_reports
BIN=$CARGO_TARGET_DIR/release/sithsctl
GEN=$CARGO_TARGET_DIR/release/examples/make_reports
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$GEN" "$N" jsonl "$WORK/reports.jsonl"

drive() { # label, output file, command...: wall, peak RSS, file size
  local label=$1 file=$2; shift 2
  rm -f "$file"
  /usr/bin/time -v -o "$WORK/timev" "$@" > /dev/null 2>&1 || true
  local wall rss size
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$WORK/timev")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/timev")
  size=$(du -k "$file" 2>/dev/null | cut -f1)
  printf '%-44s %10s %9s KB %9s KB\n' "$label" "$wall" "$rss" "${size:-none}"
}

drive_part() {
  echo
  printf '%-44s %10s %12s %12s\n' "card drive files ($N reports)" "wall" "peak RSS" "file size"
  drive "sithsctl fleet --json (for comparison)" "$WORK/fleet-plain.json" \
    sh -c "'$BIN' fleet --json --at $AT '$WORK/reports.jsonl' > '$WORK/fleet-plain.json'"
  drive "sithsctl fleet --org rjl --html" "$WORK/report.html" \
    "$BIN" fleet --at "$AT" --org 2321000057 --html "$WORK/report.html" "$WORK/reports.jsonl"
  drive "sithsctl fleet --orders/--register --xlsx" "$WORK/drive.xlsx" \
    "$BIN" fleet --at "$AT" --orders 2321000057 --register 2321000057 --xlsx "$WORK/drive.xlsx" "$WORK/reports.jsonl"
  drive "sithsctl fleet --orders rjl (CSV)" "$WORK/orders.csv" \
    sh -c "'$BIN' fleet --at $AT --orders 2321000057 '$WORK/reports.jsonl' > '$WORK/orders.csv'"
  echo "rows: orders $(($(wc -l < "$WORK/orders.csv") - 1))"
}

if [ "$PART" = drive ]; then
  echo "reports: $N; JSON Lines $(du -h "$WORK/reports.jsonl" | cut -f1)"
  drive_part
  exit 0
fi
"$GEN" "$N" dir "$WORK/reports"
echo "reports: $N; JSON Lines $(du -h "$WORK/reports.jsonl" | cut -f1), folder $(du -sh "$WORK/reports" | cut -f1)"

# The same counts as `fleet`: latest report per card, verdicts,
# certificates by status at $AT, expiring within 30/60/90 days, per
# organisation and issuer, and the cards that need action.
cat > "$WORK/fleet.jq" <<'JQ'
($at + "T00:00:00Z" | fromdateiso8601) as $now
| reduce (inputs | select(.document == "check" or .document == "inspect")) as $r ({};
    ($r.generated_at | fromdateiso8601) as $t
    | if (.[$r.card_number].t // -1) >= $t then . else
        .[$r.card_number] = {
          t: $t, v: $r.verdict,
          certs: [$r.certificates[] | select(.is_ca | not)
                  | {nb: (.not_before | fromdateiso8601), na: (.not_after | fromdateiso8601),
                     issuer: .issuer.common_name, role,
                     org: (if (.hsa_id // "") | startswith("SE") then .hsa_id[2:12] else null end)}],
          p: [$r.findings[] | select(.severity != "info") | .code]
        } end)
| [.[]] as $cards
| [$cards[].certs[]] as $certs
| def within($d): [$certs[] | select(.nb <= $now and .na >= $now and .na - $now <= $d * 86400)] | length;
{
  cards: {total: ($cards | length),
          pass: ([$cards[] | select(.v == "pass")] | length),
          warn: ([$cards[] | select(.v == "warn")] | length),
          fail: ([$cards[] | select(.v == "fail")] | length)},
  certificates: {total: ($certs | length),
                 expired: ([$certs[] | select(.na < $now)] | length),
                 not_yet_valid: ([$certs[] | select(.nb > $now)] | length),
                 within_30: within(30), within_60: within(60), within_90: within(90)},
  organisations: ([$certs[] | select(.org) | .org] | group_by(.) | map({(.[0]): length}) | add),
  issuers: ([$certs[] | .issuer] | group_by(.) | map({(.[0]): length}) | add),
  needs_action: ([$cards[] | select((.p | length) > 0
                   or ([.certs[] | select(.role == "identification") | .na] | max // $now) - $now <= 30 * 86400
                   or ([.certs[] | select(.role == "signature") | .na] | max // $now) - $now <= 30 * 86400)] | length)
}
JQ

measure() { # label, command...: wall seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > "$WORK/out" 2>/dev/null || true
  read -r wall rss < "$WORK/time"
  printf '%-44s %8.2f s %9d KB\n' "$label" "$wall" "$rss"
  echo "$wall"  > "$WORK/last"
}

echo
printf '%-44s %10s %12s\n' "run ($N reports)" "wall" "peak RSS"
measure "sithsctl fleet --json (JSON Lines)" "$BIN" fleet --json --at "$AT" "$WORK/reports.jsonl"
F1=$(cat "$WORK/last"); cp "$WORK/out" "$WORK/fleet.json"
measure "sithsctl fleet --json (folder, $N files)" "$BIN" fleet --json --at "$AT" "$WORK/reports"
F2=$(cat "$WORK/last")
measure "sithsctl fleet (JSON Lines on stdin)" sh -c "'$BIN' fleet --at $AT - < '$WORK/reports.jsonl'"
measure "jq (JSON Lines)" jq -n --arg at "$AT" -f "$WORK/fleet.jq" "$WORK/reports.jsonl"
J1=$(cat "$WORK/last"); cp "$WORK/out" "$WORK/jq.json"
measure "jq (folder, find | xargs cat)" sh -c "find '$WORK/reports' -name '*.json' -print0 | xargs -0 cat | jq -n --arg at $AT -f '$WORK/fleet.jq'"
J2=$(cat "$WORK/last")
echo
awk -v f="$F1" -v j="$J1" 'BEGIN { printf "JSON Lines: jq / sithsctl = %.1fx\n", (f > 0 ? j / f : 0) }'
awk -v f="$F2" -v j="$J2" 'BEGIN { printf "folder:     jq / sithsctl = %.1fx\n", (f > 0 ? j / f : 0) }'
echo
echo "same counts? sithsctl:"
jq -c '{cards: .cards | {total, pass, warn, fail}, certificates: .certificates | {total, expired, not_yet_valid, within_30: .expiring_within_30_days, within_60: .expiring_within_60_days, within_90: .expiring_within_90_days}, needs_action: (.needs_action | length)}' "$WORK/fleet.json"
echo "jq:"
jq -c '{cards, certificates, needs_action}' "$WORK/jq.json"
drive_part
