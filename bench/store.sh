#!/usr/bin/env bash
# bench/store.sh: CDR insert throughput into the store, sealed vs plain.
#
# Issue 3's target: sealing adds < 10 % to CDR insert throughput, and the
# store sustains >= 20,000 CDR inserts per second batched. Runs the example
# crates/store/examples/cdr_insert.rs (release build, feature
# `bench-internals`) in two variants, interleaved, each round in a fresh
# data folder under bench/out/:
#   sealed  Store::insert_cdrs: parties sealed (AES-256-GCM), blind indexes
#   plain   Store::insert_cdrs_unsealed: the same table, statements, batch
#           size and transaction; only the sealing and blind-index step is
#           skipped (plain bytes go where the sealed value and indexes go)
# and prints CDRs/s (median of the rounds) for each, the ratio sealed/plain
# (median of the per-round ratios: adjacent runs share the machine's load)
# and CPU time per CDR.
# See bench/README.md. Intermediate files go to bench/out/ (git-ignored).
#
# Environment (all optional):
#   BENCH_CDRS=100000     CDRs timed per run
#   BENCH_BATCH=500       CDRs per insert_cdrs call (one transaction each)
#   BENCH_ROUNDS=5        rounds; each runs both variants, the first one alternating
#   BENCH_NO_BUILD=1      don't run cargo build (use the example binary as it is)
#   CARGO_TARGET_DIR      where cargo builds (default: target/ in the repository)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
OUT="$HERE/out"
CDRS="${BENCH_CDRS:-100000}"
BATCH="${BENCH_BATCH:-500}"
ROUNDS="${BENCH_ROUNDS:-5}"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/cdr_insert"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

mkdir -p "$OUT"
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  log "building (cargo build --release -p store --features bench-internals --example cdr_insert)"
  (cd "$ROOT" && cargo build --release -p store --features bench-internals --example cdr_insert) \
    >"$OUT/store-build.log" 2>&1 || { tail -20 "$OUT/store-build.log" >&2; die "build failed"; }
fi
[ -x "$BIN" ] || die "no benchmark binary at $BIN"

# run VARIANT ROUND: one fresh data folder, one run; appends its line to $OUT/store-runs.txt.
run() {
  local variant="$1" round="$2" dir="$OUT/store-data-$1"
  rm -rf "$dir"
  "$BIN" "$variant" "$dir" "$CDRS" "$BATCH" | sed "s/^/round=$round /" | tee -a "$OUT/store-runs.txt" >&2
  rm -rf "$dir"
}

field() { sed -n "s/.*variant=$1 .*$2=\([0-9.]*\).*/\1/p" "$OUT/store-runs.txt"; }
# sealed CDRs/s over plain CDRs/s of the same round, one line per round.
paired_ratios() {
  awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] } rate[f["round"], f["variant"]] = f["cdrs_per_s"] }
       END { for (r = 1; (r, "plain") in rate; r++) printf "%.3f\n", rate[r, "sealed"] / rate[r, "plain"] }' \
    "$OUT/store-runs.txt"
}
median() { sort -n | awk '{a[NR]=$1} END{ if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2] + a[NR/2+1]) / 2 }'; }

BENCH_START=$(date +%s)
: >"$OUT/store-runs.txt"
log "$ROUNDS rounds of $CDRS CDRs in batches of $BATCH, sealed and plain interleaved"
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order=(plain sealed); else order=(sealed plain); fi
  for variant in "${order[@]}"; do run "$variant" "$round"; done
done

{
  echo
  echo "CDR inserts, $CDRS CDRs per run in batches of $BATCH (one transaction each, synchronous=FULL),"
  echo "$ROUNDS rounds, variants interleaved, fresh data folder per run; $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '%-7s %10s %16s %s\n' variant "CDRs/s" "CPU us per CDR" "CDRs/s per run"
  for variant in plain sealed; do
    printf '%-7s %10.0f %16.1f %s\n' "$variant" "$(field "$variant" cdrs_per_s | median)" \
      "$(field "$variant" cpu_us_per_cdr | median)" "$(field "$variant" cdrs_per_s | paste -sd, -)"
  done
  paired_ratios | paste -sd, - | sed 's/^/sealed\/plain per round: /'
  awk -v r="$(paired_ratios | median)" -v s="$(field sealed cdrs_per_s | median)" \
      -v cs="$(field sealed cpu_us_per_cdr | median)" -v cp="$(field plain cpu_us_per_cdr | median)" 'BEGIN{
    added = 100 * (1 / r - 1)
    printf "ratio sealed/plain (median of the rounds): %.3f, i.e. sealing adds %.1f %% to the time per CDR (target < 10 %%: %s)\n",
      r, added, (added < 10 ? "MET" : "MISSED")
    printf "CPU per CDR, sealed/plain (medians): %.3f (sealing adds %.1f %% CPU)\n", cs / cp, 100 * (cs / cp - 1)
    printf "sealed CDRs/s: %.0f (target >= 20,000: %s)\n", s, (s >= 20000 ? "MET" : "MISSED") }'
  echo "CPU us per CDR = the process's user + system CPU time (all threads) over the timed inserts / CDRs"
  echo "bench time: $(( $(date +%s) - BENCH_START )) s; per-run lines: bench/out/store-runs.txt"
} | tee "$OUT/store-summary.txt"
