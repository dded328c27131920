#!/usr/bin/env bash
# bench/gate.sh: the CPNI gate's cost (issue 7).
#
# Targets: the gate adds < 5 us median per decision in-process, and the CDR
# listing loses < 10 % with the gate on (audit records batched).
#
# 1. The example crates/compliance/examples/gate_decide.rs (release build), which
# times compliance::decide against its peer in the same run, access::decide
# alone (the role/tenant/TOTP check any access pays), for a billing read and
# a marketing read under a supervised campaign (approval checked), and prints
# medians per decision. The gate's allocation of its Permit (the purpose is
# cloned into it) is included.
# 2. The example crates/store/examples/cdr_listing.rs (release build, feature
# bench-internals): LISTING_CDRS (default 100,000) CDRs of one customer in a
# fresh SQLite store, pages of 50 read newest first through the gate
# (Store::cdrs_page: tenant path, delegations, decision, a queued audit
# record) and through the ungated reader with the same SQL, alternating,
# LISTING_ROUNDS (default 201) rounds of 20 pages each; medians per page.
# The portal's HTTPS listing adds the same TLS and HTTP work to both, so the
# share measured here is an upper bound of its share there.
#
# Environment: BENCH_NO_BUILD=1 skips the builds; CARGO_TARGET_DIR as usual.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/gate_decide"
LISTING="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/cdr_listing"

if [ -z "${BENCH_NO_BUILD:-}" ]; then
  (cd "$ROOT" && cargo build --release -p compliance --example gate_decide) >&2
  (cd "$ROOT" && cargo build --release -p store --features bench-internals --example cdr_listing) >&2
fi
[ -x "$BIN" ] || { echo "[bench] ERROR: no benchmark binary at $BIN" >&2; exit 1; }
echo "[bench] gate decision vs access::decide, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)" >&2
"$BIN" | tee /dev/stderr | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
  verdict = (f["added_ns"] < 5000) ? "met" : "MISSED"
  printf "[bench] %s: gate %s ns, peer %s ns, added %s ns (target < 5000 ns): %s\n", f["case"], f["median_ns"], f["peer_median_ns"], f["added_ns"], verdict }' >&2

[ -x "$LISTING" ] || { echo "[bench] ERROR: no benchmark binary at $LISTING" >&2; exit 1; }
DATA="$(mktemp -d)"
trap 'rm -rf "$DATA"' EXIT
echo "[bench] CDR listing, gate on vs off, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)" >&2
"$LISTING" "$DATA" "${LISTING_CDRS:-100000}" "${LISTING_ROUNDS:-201}" | tee /dev/stderr | awk '{
  for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
  verdict = (f["added_percent"] < 10) ? "met" : "MISSED"
  printf "[bench] CDR listing: gate on %s us/page, off %s us/page, added %s %% (target < 10 %%): %s\n", f["gated_us_per_page"], f["ungated_us_per_page"], f["added_percent"], verdict }' >&2
