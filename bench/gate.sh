#!/usr/bin/env bash
# bench/gate.sh: the CPNI gate's cost (issue 7).
#
# Target: the gate adds < 5 us median per decision in-process. Runs the
# example crates/compliance/examples/gate_decide.rs (release build), which
# times compliance::decide against its peer in the same run, access::decide
# alone (the role/tenant/TOTP check any access pays), for a billing read and
# a marketing read under a supervised campaign (approval checked), and prints
# medians per decision. The gate's allocation of its Permit (the purpose is
# cloned into it) is included.
#
# Environment: BENCH_NO_BUILD=1 skips the build; CARGO_TARGET_DIR as usual.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/gate_decide"

if [ -z "${BENCH_NO_BUILD:-}" ]; then
  (cd "$ROOT" && cargo build --release -p compliance --example gate_decide) >&2
fi
[ -x "$BIN" ] || { echo "[bench] ERROR: no benchmark binary at $BIN" >&2; exit 1; }
echo "[bench] gate decision vs access::decide, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)" >&2
"$BIN" | tee /dev/stderr | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
  verdict = (f["added_ns"] < 5000) ? "met" : "MISSED"
  printf "[bench] %s: gate %s ns, peer %s ns, added %s ns (target < 5000 ns): %s\n", f["case"], f["median_ns"], f["peer_median_ns"], f["added_ns"], verdict }' >&2
