#!/usr/bin/env bash
# bench/calls.sh: calls with media relayed, callvault vs Kamailio + rtpengine.
#
# The same SIPp scenarios drive both in the same run, on 127.0.0.1 only:
#   SIPp uac (crates/callvault/tests/data/sipp/call_uac_rtp.xml: INVITE, 407,
#   INVITE with digest, 200, ACK, 1 s of PCMU RTP, hold, BYE)
#   -> the server under test: callvault `serve` (B2BUA, relay, CDRs; the callee
#      is a [[trunk]]), or Kamailio 5.6 as a stateful, record-routing proxy
#      with the same digest check and rtpengine (userspace, no kernel module)
#      relaying the media
#   -> SIPp uas (call_uas.xml with -rtp_echo: the RTP is sent back through
#      the relay to the caller).
#
# Two figures per server (see bench/README.md and bench/RESULTS.md):
#   1. sustained call rate: SIPp offers R calls/s for BENCH_SECONDS (30 s);
#      R passes when every call succeeds (zero failed) and the run ends
#      within BENCH_SECONDS + hold + 3 s. R doubles from BENCH_RATE_START
#      until a run fails, then BENCH_BISECT bisection steps; the figure is
#      the highest R that passed. A fresh server for every run.
#   2. memory per call: BENCH_CONCURRENT calls (default 4,800) established
#      at once and held; the servers' proportional set size (PSS, summed
#      over Kamailio's processes and rtpengine) with every call up, minus
#      the figure after a warm-up of 200 calls, divided by the calls.
#      5,000 calls need 20,000 relay sockets in each server (RTP + RTCP per
#      leg); this machine's open-file limit is 20,000 and cannot be raised,
#      so the default stays just under it.
# Intermediate files go to bench/out/ (git-ignored).
#
# Environment (all optional):
#   BENCH_SECONDS=30         length of each call-rate run
#   BENCH_RATE_START=50      first offered rate (calls/s)
#   BENCH_RATE_MAX=3200      never offer more than this
#   BENCH_BISECT=2           bisection steps after the first failing rate
#   BENCH_HOLD_MS=1000       call length after the ACK in the rate runs
#   BENCH_CONCURRENT=4800    calls held at once for the memory figure
#   BENCH_MEM_RATE=200       rate at which those calls are set up
#   KAMAILIO_PORT=15060 CALLVAULT_PORT=25060 UAS_PORT=35060 RTPENGINE_NG=22223
#   RTP_MIN=40000 RTP_MAX=61999 relay ports (both servers, one at a time); the range
#                            holds none of the run's SIP ports (the earlier 10000-31999 held
#                            Kamailio's 15060 and callvault's 25060; with it 916 of 1,500
#                            Kamailio calls failed at 50 calls/s, with this range none did)
#   CALLVAULT_WORKERS=2      callvault [runtime] worker_threads
#   CALLVAULT_BIN=path       use this binary instead of building target/release/callvault
#   BENCH_NO_BUILD=1         don't run cargo build (honours CARGO_TARGET_DIR)
#   BENCH_SKIP_CALLVAULT=1 / BENCH_SKIP_KAMAILIO=1   one side only
#   BENCH_SKIP_RATE=1 / BENCH_SKIP_MEMORY=1          one figure only
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
OUT="$HERE/out/calls"
SCENARIOS="$ROOT/crates/callvault/tests/data/sipp"
PASSWORD="bench-caller-secret"
CALLER=1001
CALLEE=2125550100

SECONDS_PER_RUN="${BENCH_SECONDS:-30}"
RATE_START="${BENCH_RATE_START:-50}"
RATE_MAX="${BENCH_RATE_MAX:-3200}"
BISECT="${BENCH_BISECT:-2}"
HOLD_MS="${BENCH_HOLD_MS:-1000}"
CONCURRENT="${BENCH_CONCURRENT:-4800}"
MEM_RATE="${BENCH_MEM_RATE:-200}"
KAM_PORT="${KAMAILIO_PORT:-15060}"
CV_PORT="${CALLVAULT_PORT:-25060}"
UAS_PORT="${UAS_PORT:-35060}"
NG_PORT="${RTPENGINE_NG:-22223}"
RTP_MIN="${RTP_MIN:-40000}"
RTP_MAX="${RTP_MAX:-61999}"
UAC_MEDIA=36000
UAC_PORT=37000 # each SIPp uac run its own port, so no late retransmission reaches the next run
UAS_MEDIA=36100

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

for tool in sipp kamailio rtpengine python3 ss; do
  command -v "$tool" >/dev/null || die "$tool is missing (Debian: sip-tester, kamailio, rtpengine-daemon, python3, iproute2)"
done
rm -rf "$OUT"
mkdir -p "$OUT"

# 1 s of a 440 Hz tone, PCMU, as the WAV SIPp's rtp_stream plays.
python3 - "$OUT/rtp.wav" <<'PY'
import math, struct, sys
def ulaw(x):
    sign = 0x80 if x < 0 else 0
    x = min(abs(x), 32635) + 0x84
    exp = max(0, x.bit_length() - 8)
    return ~(sign | (exp << 4) | ((x >> (exp + 3)) & 0x0F)) & 0xFF
data = bytes(ulaw(int(8000 * math.sin(2 * math.pi * 440 * i / 8000))) for i in range(8000))
fmt = struct.pack("<HHIIHH", 7, 1, 8000, 8000, 1, 8)
body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
open(sys.argv[1], "wb").write(b"RIFF" + struct.pack("<I", len(body)) + body)
PY

# ------------------------------------------------------------ processes
PIDS=()        # the server under test (all its processes), for PSS
UAS_PID=""
KAM_PIDFILE="$OUT/kamailio.pid"
RTPE_PIDFILE="$OUT/rtpengine.pid"
CV_PID=""

wait_gone() { for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -9 "$1" 2>/dev/null || true; }
stop_pidfile() { [ -s "$1" ] && { local p; p="$(cat "$1")"; kill "$p" 2>/dev/null || true; wait_gone "$p"; rm -f "$1"; }; return 0; }
stop_uas() { [ -n "$UAS_PID" ] && { kill "$UAS_PID" 2>/dev/null || true; wait "$UAS_PID" 2>/dev/null || true; UAS_PID=""; }; return 0; }
stop_kamailio() { stop_pidfile "$KAM_PIDFILE"; stop_pidfile "$RTPE_PIDFILE"; PIDS=(); }
stop_callvault() {
  if [ -n "$CV_PID" ]; then
    kill "$CV_PID" 2>/dev/null || true; wait_gone "$CV_PID"; wait "$CV_PID" 2>/dev/null || true; CV_PID=""
  fi
  PIDS=()
}
cleanup() { stop_uas; stop_kamailio; stop_callvault; }
trap cleanup EXIT
trap 'exit 130' INT TERM

listening() { ss -Hlun "sport = :$1" | grep -q .; }
wait_udp_port() { for _ in $(seq $(( $2 * 10 ))); do listening "$1" && return 0; sleep 0.1; done; return 1; }
for port in "$KAM_PORT" "$CV_PORT" "$UAS_PORT" "$NG_PORT"; do
  listening "$port" && die "127.0.0.1:$port is already in use"
done

# Kamailio: stateful proxy, digest (same password as callvault's extension),
# record-route, rtpengine offer/answer/delete, callee at the uas.
write_kamailio_cfg() {
  cat >"$OUT/kamailio.cfg" <<EOF
#!KAMAILIO
debug=-1
log_stderror=yes
children=4
maxbuffer=4194304
auto_aliases=no
server_signature=no
sip_warning=0
dns=no
rev_dns=no
use_dns_cache=no
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "siputils.so"
loadmodule "textops.so"
loadmodule "auth.so"
loadmodule "rtpengine.so"
modparam("auth", "secret", "callvault-bench-not-a-secret")
modparam("rtpengine", "rtpengine_sock", "udp:127.0.0.1:$NG_PORT")
modparam("rr", "append_fromtag", 1)

request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (has_totag()) {
    if (loose_route()) {
      if (is_method("BYE")) { rtpengine_delete(); }
      t_relay();
      exit;
    }
    if (is_method("ACK") && t_check_trans()) { t_relay(); }
    exit;
  }
  if (is_method("CANCEL")) {
    if (t_check_trans()) { rtpengine_delete(); t_relay(); }
    exit;
  }
  if (!is_method("INVITE")) { sl_send_reply("405", "Method Not Allowed"); exit; }
  if (t_check_trans()) { exit; }
  if (!pv_proxy_authenticate("\$fd", "$PASSWORD", "0")) { proxy_challenge("\$fd", "0"); exit; }
  if (\$au != "$CALLER") { sl_send_reply("403", "Forbidden"); exit; }
  consume_credentials();
  record_route();
  rtpengine_offer("replace-origin replace-session-connection");
  t_on_reply("MEDIA");
  t_on_failure("FAILED");
  \$du = "sip:127.0.0.1:$UAS_PORT";
  if (!t_relay()) { sl_reply_error(); }
  exit;
}

onreply_route[MEDIA] {
  if (has_body("application/sdp")) { rtpengine_answer("replace-origin replace-session-connection"); }
}

failure_route[FAILED] {
  rtpengine_delete();
}
EOF
}

start_kamailio() {
  stop_kamailio
  # Userspace forwarding only (--table=-1: no kernel module).
  rtpengine --table=-1 --interface=127.0.0.1 --listen-ng="127.0.0.1:$NG_PORT" \
    --port-min="$RTP_MIN" --port-max="$RTP_MAX" --timeout=3600 --silent-timeout=3600 --delete-delay=0 \
    --num-threads=2 --log-level=3 --log-stderr --pidfile="$RTPE_PIDFILE" \
    >"$OUT/rtpengine.log" 2>&1 || { tail -5 "$OUT/rtpengine.log" >&2; return 1; }
  wait_udp_port "$NG_PORT" 10 || { tail -5 "$OUT/rtpengine.log" >&2; return 1; }
  mkdir -p "$OUT/kamailio-run"
  kamailio -f "$OUT/kamailio.cfg" -P "$KAM_PIDFILE" -w "$OUT/kamailio-run" -m 512 -M 16 -E \
    -l "udp:127.0.0.1:$KAM_PORT" >"$OUT/kamailio.log" 2>&1 || { tail -20 "$OUT/kamailio.log" >&2; return 1; }
  wait_udp_port "$KAM_PORT" 10 || { tail -20 "$OUT/kamailio.log" >&2; return 1; }
  local main; main="$(cat "$KAM_PIDFILE")"
  mapfile -t PIDS < <(echo "$main"; pgrep -P "$main"; cat "$RTPE_PIDFILE")
}

CV_BIN=""
callvault_ready() {
  if [ -n "${CALLVAULT_BIN:-}" ]; then
    CV_BIN="$CALLVAULT_BIN"
  else
    CV_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/callvault"
    if [ -z "${BENCH_NO_BUILD:-}" ]; then
      log "building callvault (cargo build --release -p callvault)"
      (cd "$ROOT" && cargo build --release -p callvault) >"$OUT/cargo-build.log" 2>&1 \
        || { tail -5 "$OUT/cargo-build.log" >&2; return 1; }
    fi
  fi
  [ -x "$CV_BIN" ] || { log "no callvault binary at $CV_BIN"; return 1; }
}

# callvault: the caller an extension of the default customer, the callee
# (an outside number) reached through a [[trunk]] at the uas.
provision_callvault() {
  mkdir -p "$OUT/callvault-data"
  cat >"$OUT/callvault.toml" <<EOF
data_dir = "$OUT/callvault-data"
[portal]
https = ["127.0.0.1:0"]
http = ["127.0.0.1:0"]
[sip]
udp = ["127.0.0.1:$CV_PORT"]
tcp = []
tls = []
server_names = ["127.0.0.1"]
[rtp]
port_min = $RTP_MIN
port_max = $RTP_MAX
inactivity_secs = 3600
[runtime]
worker_threads = ${CALLVAULT_WORKERS:-2}
[[trunk]]
name = "uas"
host = "127.0.0.1"
port = $UAS_PORT
transport = "udp"
[[policy]]
customer = "bench"
caller_id = "+15552340000"
EOF
  cat >"$OUT/bench-users.toml" <<EOF
[[reseller]]
slug = "bench-reseller"
name = "Bench Reseller"
[[customer]]
slug = "bench"
name = "Bench Co"
reseller = "bench-reseller"
sip_domain = "127.0.0.1"
default = true
[[extension]]
customer = "bench"
number = "$CALLER"
password = "$PASSWORD"
display_name = "Bench caller"
EOF
  "$CV_BIN" provision --config "$OUT/callvault.toml" "$OUT/bench-users.toml" >"$OUT/callvault-provision.log" 2>&1 \
    || { tail -20 "$OUT/callvault-provision.log" >&2; return 1; }
  cp -a "$OUT/callvault-data" "$OUT/callvault-data.provisioned"
}

start_callvault() {
  stop_callvault
  rm -rf "$OUT/callvault-data" && cp -a "$OUT/callvault-data.provisioned" "$OUT/callvault-data"
  CALLVAULT_LOG="${CALLVAULT_LOG:-warn}" "$CV_BIN" serve --config "$OUT/callvault.toml" >"$OUT/callvault.log" 2>&1 &
  CV_PID=$!
  wait_udp_port "$CV_PORT" 30 || { tail -20 "$OUT/callvault.log" >&2; stop_callvault; return 1; }
  PIDS=("$CV_PID")
}

start_uas() {
  stop_uas
  sipp -sf "$SCENARIOS/call_uas.xml" -t u1 -i 127.0.0.1 -p "$UAS_PORT" -mp "$UAS_MEDIA" -rtp_echo \
    -buff_size 4194304 -nostdin -trace_err -error_file "$OUT/uas-errors.log" >"$OUT/uas.out" 2>&1 &
  UAS_PID=$!
  wait_udp_port "$UAS_PORT" 10
}

# run_uac NAME PORT RATE CALLS LIMIT HOLD_MS -> "ok failed elapsed_s" (SIPp's statistics)
run_uac() {
  local name="$1" port="$2" rate="$3" calls="$4" limit="$5" hold="$6"
  local stat="$OUT/$name-stat.csv"
  rm -f "$stat"
  local uac_port  # run_uac runs in a subshell: the counter lives in a file
  uac_port=$(( $(cat "$OUT/uac-port" 2>/dev/null || echo "$UAC_PORT") + 1 ))
  echo "$uac_port" >"$OUT/uac-port"
  # SIPp's own time limit; `timeout` 30 s later also ends a SIPp that has
  # been seen to hang in its exit path after its last call (sleeping in a
  # loop, statistics no longer written).
  local seconds=$(( SECONDS_PER_RUN + calls / rate + hold / 1000 + 90 ))
  local cmd=(sipp "127.0.0.1:$port" -sf "$SCENARIOS/call_uac_rtp.xml" -inf "$OUT/caller.csv"
    -s "$CALLEE" -auth_uri "$CALLEE@127.0.0.1:$port" -t u1 -i 127.0.0.1 -p "$uac_port" -mp "$UAC_MEDIA"
    -r "$rate" -m "$calls" -l "$limit" -d "$hold" -buff_size 4194304 -nostdin
    -timeout "${seconds}s"
    -trace_stat -stf "$stat" -fd 1 -trace_err -error_file "$OUT/$name-errors.log")
  echo "(cd bench/out/calls && ${cmd[*]})" >"$OUT/$name-command.txt"
  (cd "$OUT" && timeout -k 5 "$(( seconds + 30 ))" "${cmd[@]}" >"$OUT/$name-sipp.out" 2>&1) || true
  [ -s "$stat" ] || { tail -5 "$OUT/$name-sipp.out" >&2; return 1; }
  stat_line "$stat"
}

stat_line() { # the last line of a SIPp statistics file -> "ok failed elapsed current"
  python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter=";"))
head, last = rows[0], rows[-1]
col = lambda n: last[head.index(n)]
epoch = lambda t: float(t.split("\t")[-1])
print(col("SuccessfulCall(C)"), col("FailedCall(C)"),
      f'{epoch(col("CurrentTime")) - epoch(col("StartTime")):.3f}', col("CurrentCall"))
PY
}

# ------------------------------------------------------------ call rate
declare -A START=([kamailio]=start_kamailio [callvault]=start_callvault)
declare -A STOP=([kamailio]=stop_kamailio [callvault]=stop_callvault)
declare -A PORT=([kamailio]="$KAM_PORT" [callvault]="$CV_PORT")
declare -A BEST=([kamailio]=0 [callvault]=0) RUNS=([kamailio]="" [callvault]="")
declare -A MEM=([kamailio]="" [callvault]="") STATUS=([kamailio]=skipped [callvault]=skipped)

# rate_run NAME RATE: fresh server and uas, one run; 0 when it passed.
rate_run() {
  local name="$1" rate="$2" calls=$(( $2 * SECONDS_PER_RUN )) out ok failed elapsed current budget
  "${START[$name]}" || { log "$name did not start"; return 2; }
  start_uas || return 2
  out="$(run_uac "$name-rate-$rate" "${PORT[$name]}" "$rate" "$calls" $(( rate * (HOLD_MS / 1000 + 5) + 50 )) "$HOLD_MS")" \
    || { stop_uas; "${STOP[$name]}"; return 2; }
  stop_uas; "${STOP[$name]}"
  read -r ok failed elapsed current <<<"$out"
  budget=$(( SECONDS_PER_RUN + HOLD_MS / 1000 + 3 ))
  log "$name at $rate calls/s: $ok ok, $failed failed of $calls, ${elapsed} s (limit $budget s)"
  RUNS[$name]="${RUNS[$name]} $rate:$ok/$calls:${elapsed}s"
  [ "$ok" -eq "$calls" ] && [ "$failed" -eq 0 ] && awk -v e="$elapsed" -v b="$budget" 'BEGIN{ exit !(e <= b) }'
}

find_rate() { # NAME: doubling, then bisection
  local name="$1" rate="$RATE_START" good=0 bad=0 rc step
  while [ "$rate" -le "$RATE_MAX" ]; do
    rc=0; rate_run "$name" "$rate" || rc=$?
    [ "$rc" -eq 2 ] && return 1
    if [ "$rc" -eq 0 ]; then good=$rate; rate=$(( rate * 2 )); else bad=$rate; break; fi
  done
  for step in $(seq "$BISECT"); do
    [ "$bad" -gt 0 ] && [ "$good" -gt 0 ] && [ $(( bad - good )) -gt $(( good / 10 )) ] || break
    rate=$(( (good + bad) / 2 ))
    rc=0; rate_run "$name" "$rate" || rc=$?
    [ "$rc" -eq 2 ] && return 1
    if [ "$rc" -eq 0 ]; then good=$rate; else bad=$rate; fi
  done
  BEST[$name]=$good
}

# --------------------------------------------------------------- memory
pss_kib() { # sum of PSS over PIDS
  local total=0 pid v
  for pid in "${PIDS[@]}"; do
    v=$(awk '/^Pss:/{print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    total=$(( total + ${v:-0} ))
  done
  echo "$total"
}
udp_sockets() { # UDP sockets held by PIDS
  local total=0 pid
  for pid in "${PIDS[@]}"; do
    total=$(( total + $(find "/proc/$pid/fd" -lname 'socket:*' 2>/dev/null | wc -l) ))
  done
  echo "$total"
}

memory_run() { # NAME
  local name="$1" port="${PORT[$1]}" base peak sockets hold ramp out ok failed elapsed current up
  "${START[$name]}" || return 1
  start_uas || return 1
  out="$(run_uac "$name-warmup" "$port" 200 200 200 200)" || return 1
  read -r ok failed elapsed current <<<"$out"
  [ "$failed" -eq 0 ] || { log "$name: warm-up calls failed"; return 1; }
  sleep 2
  base=$(pss_kib)
  ramp=$(( (CONCURRENT + MEM_RATE - 1) / MEM_RATE ))
  hold=$(( (ramp + 12) * 1000 ))
  run_uac "$name-memory" "$port" "$MEM_RATE" "$CONCURRENT" "$CONCURRENT" "$hold" >"$OUT/$name-memory.result" &
  local uac=$!
  sleep $(( ramp + 6 ))
  peak=$(pss_kib); sockets=$(udp_sockets)
  up=$(stat_line "$OUT/$name-memory-stat.csv" | awk '{print $4}')
  wait "$uac" || true
  stop_uas; "${STOP[$name]}"
  read -r ok failed elapsed current <"$OUT/$name-memory.result"
  log "$name: $up calls up when sampled; PSS $base KiB -> $peak KiB ($sockets sockets); $ok of $CONCURRENT calls ok, $failed failed"
  [ "$up" -ge $(( CONCURRENT * 99 / 100 )) ] || { MEM[$name]="only $up of $CONCURRENT calls up"; return 0; }
  MEM[$name]="$(awk -v b="$base" -v p="$peak" -v n="$up" 'BEGIN{ printf "%.1f", (p - b) / n }') KiB/call ($up calls, PSS $base -> $peak KiB, $sockets sockets; $failed failed)"
}

# ------------------------------------------------------------------ main
BENCH_START=$(date +%s)
printf 'SEQUENTIAL\n%s;%s\n' "$CALLER" "$PASSWORD" >"$OUT/caller.csv"
write_kamailio_cfg
SERVERS=()
if [ -z "${BENCH_SKIP_KAMAILIO:-}" ]; then
  SERVERS+=(kamailio); STATUS[kamailio]=ok
fi
if [ -z "${BENCH_SKIP_CALLVAULT:-}" ]; then
  if callvault_ready && provision_callvault; then
    SERVERS+=(callvault); STATUS[callvault]=ok
  else
    STATUS[callvault]="not available (see bench/out/calls/)"
  fi
fi
KAM_VERSION="$(kamailio -v 2>/dev/null | awk 'NR==1{print $3}')"
RTPE_VERSION="$(rtpengine --version 2>&1 | awk '{print $NF; exit}')"
for s in "${SERVERS[@]}"; do
  if [ -z "${BENCH_SKIP_RATE:-}" ]; then
    log "$s: call rate, ${SECONDS_PER_RUN} s runs from $RATE_START calls/s"
    find_rate "$s" || STATUS[$s]="a run did not start (see bench/out/calls/)"
  fi
  if [ -z "${BENCH_SKIP_MEMORY:-}" ]; then
    log "$s: memory with $CONCURRENT calls held at once"
    memory_run "$s" || MEM[$s]="run failed (see bench/out/calls/)"
  fi
done

fmt='%-10s %18s %-54s %s\n'
{
  echo
  echo "Calls with RTP relayed (SIPp uac -> server -> SIPp uas -rtp_echo, UDP, 1 s PCMU each way),"
  echo "Kamailio $KAM_VERSION + rtpengine $RTPE_VERSION (userspace) vs callvault, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf "$fmt" server "calls/s sustained" "memory per call at $CONCURRENT concurrent" status
  for s in kamailio callvault; do
    printf "$fmt" "$s" "${BEST[$s]}" "${MEM[$s]:--}" "${STATUS[$s]}"
    [ -n "${RUNS[$s]}" ] && echo "  runs (rate:ok/offered:elapsed):${RUNS[$s]}"
  done
  awk -v c="${BEST[callvault]}" -v k="${BEST[kamailio]}" 'BEGIN{
    if (k > 0 && c > 0) printf "ratio call rate callvault/kamailio: %.2f (target >= 1.00: %s)\n", c / k, (c >= k ? "MET" : "MISSED")
    else print "ratio call rate: n/a" }'
  mc="${MEM[callvault]%% KiB*}"; mk="${MEM[kamailio]%% KiB*}"
  awk -v c="$mc" -v k="$mk" 'BEGIN{
    if (c + 0 > 0 && k + 0 > 0) printf "ratio memory per call callvault/kamailio+rtpengine: %.2f; callvault %s KiB (target <= 16 KiB + socket buffers: %s)\n", c / k, c, (c <= 16 ? "MET" : "MISSED")
    else print "ratio memory per call: n/a" }'
  echo "a rate passes when all R x ${SECONDS_PER_RUN} calls succeed and the run ends within ${SECONDS_PER_RUN} s + hold + 3 s"
  echo "bench time: $(( $(date +%s) - BENCH_START )) s; SIPp command lines: bench/out/calls/*-command.txt"
} | tee "$OUT/../calls-summary.txt"
