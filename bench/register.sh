#!/usr/bin/env bash
# bench/register.sh: REGISTER throughput with digest auth, callvault vs Kamailio.
#
# Drives SIPp (crates/callvault/tests/data/sipp/register_digest.xml) through
# BENCH_USERS distinct extensions (default 10,000) against Kamailio and against
# callvault in the same run, on 127.0.0.1 only, and prints registrations per
# second at < 0.1 % failures for both and the ratio callvault / Kamailio.
# See bench/README.md. Intermediate files go to bench/out/ (git-ignored).
#
# Environment (all optional):
#   BENCH_USERS=10000        extensions (SIPp calls) per run
#   BENCH_TRANSPORT=u1       SIPp transport: u1 (UDP, one socket) or t1 (TCP, one connection)
#   BENCH_RATE=20000         SIPp -r: new registrations per second offered (open-loop cap)
#   BENCH_LIMIT=200          SIPp -l: registrations in flight at most (closed-loop cap)
#   BENCH_REPEAT=5           measured runs per server (fresh server each run, servers
#                            interleaved); the figure is the median of the runs
#   BENCH_TRIES=3            runs over 0.1 % failures tolerated per server; each one
#                            halves that server's -l for its next runs
#   KAMAILIO_AUTH=htable     Kamailio credential store: htable | sqlite | dbtext
#                            (see bench/kamailio/kamailio.cfg)
#   KAMAILIO_PORT=15060      Kamailio UDP+TCP port
#   CALLVAULT_PORT=25060     callvault SIP port (UDP and TCP)
#   CALLVAULT_WORKERS=1      callvault [runtime] worker_threads (SIPp shares the 2 cores)
#   CALLVAULT_BIN=path       use this binary instead of building target/release/callvault
#   BENCH_NO_BUILD=1         don't run cargo build (use target/release/callvault as it is)
#   BENCH_SKIP_CALLVAULT=1   Kamailio only
#   BENCH_SKIP_KAMAILIO=1    callvault only
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
OUT="$HERE/out"
SCENARIO="$ROOT/crates/callvault/tests/data/sipp/register_digest.xml"
REALM="bench.callvault.test"

USERS="${BENCH_USERS:-10000}"
TRANSPORT="${BENCH_TRANSPORT:-u1}"
RATE="${BENCH_RATE:-20000}"
SIPP_LIMIT="${BENCH_LIMIT:-200}"
TRIES="${BENCH_TRIES:-3}"
REPEAT="${BENCH_REPEAT:-5}"
KAM_AUTH="${KAMAILIO_AUTH:-htable}"
KAM_PORT="${KAMAILIO_PORT:-15060}"
CV_PORT="${CALLVAULT_PORT:-25060}"
MAX_FAIL_PCT="0.1"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

case "$KAM_AUTH" in
  htable) KAM_DEFINE=(-A WITH_HTABLE); KAM_PKGS=() ;;
  sqlite) KAM_DEFINE=(-A WITH_SQLITE); KAM_PKGS=(kamailio-sqlite-modules) ;;
  dbtext) KAM_DEFINE=(); KAM_PKGS=() ;;
  *) die "KAMAILIO_AUTH must be htable, sqlite or dbtext, not '$KAM_AUTH'" ;;
esac

case "$TRANSPORT" in
  u1) TRANSPORT_NAME=UDP ;;
  t1) TRANSPORT_NAME=TCP ;;
  *) die "BENCH_TRANSPORT must be u1 or t1, not '$TRANSPORT'" ;;
esac

# ---------------------------------------------------------------- packages
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages (${missing[*]}); run as root or install them"
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# sip-tester = sipp; kamailio's base package has db_text, auth_db, registrar, usrloc.
ensure_packages sip-tester kamailio "${KAM_PKGS[@]}" iproute2 python3
command -v sipp >/dev/null || die "sipp not found after installing sip-tester"
command -v kamailio >/dev/null || die "kamailio not found after installing kamailio"
[ -f "$SCENARIO" ] || die "SIPp scenario missing: $SCENARIO"

mkdir -p "$OUT"

# -------------------------------------------------------------- test data
# One set of random passwords, written three ways: SIPp CSV, Kamailio db_text
# subscriber table (ha1 = MD5(user:realm:password)), callvault provisioning TOML.
gen_users() {
  log "generating $USERS extensions (200000..$((200000 + USERS - 1))) in bench/out/"
  rm -rf "$OUT/kamailio-db"
  mkdir -p "$OUT/kamailio-db"
  python3 - "$OUT" "$USERS" "$REALM" <<'PY'
import hashlib, secrets, string, sys
out, n, realm = sys.argv[1], int(sys.argv[2]), sys.argv[3]
alphabet = string.ascii_letters + string.digits
users = [(str(200000 + i), "".join(secrets.choice(alphabet) for _ in range(16))) for i in range(n)]
md5 = lambda s: hashlib.md5(s.encode()).hexdigest()
with open(f"{out}/users.csv", "w") as f:
    f.write("SEQUENTIAL\n")
    f.writelines(f"{u};{p}\n" for u, p in users)
rows = [(i, u, realm, p, md5(f"{u}:{realm}:{p}"), md5(f"{u}@{realm}:{realm}:{p}"))
        for i, (u, p) in enumerate(users, 1)]
# Kamailio db_text tables: subscriber (auth_db) and htable (user -> ha1).
with open(f"{out}/kamailio-db/version", "w") as f:
    f.write("table_name(string) table_version(int) \nsubscriber:7\nhtable:2\n")
with open(f"{out}/kamailio-db/subscriber", "w") as f:
    f.write("id(int,auto) username(string) domain(string) password(string) ha1(string) ha1b(string) \n")
    f.writelines(":".join(map(str, r)) + "\n" for r in rows)
with open(f"{out}/kamailio-db/htable", "w") as f:
    f.write("id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) expires(int) \n")
    f.writelines(f"{r[0]}:{r[1]}:0:0:{r[4]}:0\n" for r in rows)
# Kamailio db_sqlite: the same subscriber table (schema of auth_db-create.sql).
import sqlite3
db = sqlite3.connect(f"{out}/kamailio-db/kamailio.sqlite")
db.executescript("""
CREATE TABLE version (id INTEGER PRIMARY KEY NOT NULL, table_name VARCHAR(32) NOT NULL,
  table_version INTEGER DEFAULT 0 NOT NULL, CONSTRAINT version_table_name_idx UNIQUE (table_name));
INSERT INTO version (table_name, table_version) VALUES ('subscriber', 7);
CREATE TABLE subscriber (id INTEGER PRIMARY KEY NOT NULL, username VARCHAR(64) DEFAULT '' NOT NULL,
  domain VARCHAR(64) DEFAULT '' NOT NULL, password VARCHAR(64) DEFAULT '' NOT NULL,
  ha1 VARCHAR(128) DEFAULT '' NOT NULL, ha1b VARCHAR(128) DEFAULT '' NOT NULL,
  CONSTRAINT subscriber_account_idx UNIQUE (username, domain));
CREATE INDEX subscriber_username_idx ON subscriber (username);
""")
db.executemany("INSERT INTO subscriber VALUES (?, ?, ?, ?, ?, ?)", rows)
db.commit()
with open(f"{out}/bench-users.toml", "w") as f:
    f.write('[[reseller]]\nslug = "bench-reseller"\nname = "Bench Reseller"\n\n')
    f.write('[[customer]]\nslug = "bench"\nname = "Bench Co"\nreseller = "bench-reseller"\n'
            f'sip_domain = "{realm}"\ndefault = true\n')
    for u, p in users:
        f.write(f'\n[[extension]]\ncustomer = "bench"\nnumber = "{u}"\npassword = "{p}"\n'
                f'display_name = "Bench {u}"\n')
PY
}

# ------------------------------------------------------------ processes
KAM_PIDFILE="$OUT/kamailio.pid"
CV_PID=""

stop_kamailio() {
  if [ -s "$KAM_PIDFILE" ]; then
    local pid; pid="$(cat "$KAM_PIDFILE")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$KAM_PIDFILE"
  fi
}
stop_callvault() {
  if [ -n "$CV_PID" ]; then
    kill "$CV_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$CV_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$CV_PID" 2>/dev/null || true
    wait "$CV_PID" 2>/dev/null || true
    CV_PID=""
  fi
}
cleanup() { stop_kamailio; stop_callvault; }
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() { ss -Hlun "sport = :$1" | grep -q . || ss -Hltn "sport = :$1" | grep -q .; }
wait_udp_port() { # port seconds
  for _ in $(seq $(( $2 * 10 ))); do
    ss -Hlun "sport = :$1" | grep -q . && return 0
    sleep 0.1
  done
  return 1
}

start_kamailio() {
  stop_kamailio
  port_in_use "$KAM_PORT" && die "127.0.0.1:$KAM_PORT is already in use (set KAMAILIO_PORT)"
  sed -e "s#@DB_URL@#text://$OUT/kamailio-db#" -e "s#@SQLITE_URL@#sqlite:///$OUT/kamailio-db/kamailio.sqlite#" \
    "$HERE/kamailio/kamailio.cfg" > "$OUT/kamailio.cfg"
  mkdir -p "$OUT/kamailio-run"
  # Daemonizes (fork=yes): the parent exits once the children are up.
  kamailio -f "$OUT/kamailio.cfg" "${KAM_DEFINE[@]}" -P "$KAM_PIDFILE" -w "$OUT/kamailio-run" \
    -m 256 -M 8 -E -l "udp:127.0.0.1:$KAM_PORT" -l "tcp:127.0.0.1:$KAM_PORT" \
    >"$OUT/kamailio.log" 2>&1 || { tail -20 "$OUT/kamailio.log" >&2; die "kamailio did not start"; }
  wait_udp_port "$KAM_PORT" 10 || { tail -20 "$OUT/kamailio.log" >&2; die "kamailio is not listening on $KAM_PORT"; }
}

CV_BIN=""
CV_EXTRA=()
callvault_ready() { # returns 0 if a usable callvault binary is there; sets CV_BIN
  if [ -n "${CALLVAULT_BIN:-}" ]; then
    CV_BIN="$CALLVAULT_BIN"
  else
    CV_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/callvault"
    if [ -z "${BENCH_NO_BUILD:-}" ]; then
      log "building callvault (cargo build --release -p callvault)"
      if ! (cd "$ROOT" && cargo build --release -p callvault) >"$OUT/cargo-build.log" 2>&1; then
        log "cargo build --release -p callvault FAILED (see bench/out/cargo-build.log):"
        tail -5 "$OUT/cargo-build.log" >&2
        return 1
      fi
    fi
  fi
  [ -x "$CV_BIN" ] || { log "no callvault binary at $CV_BIN"; return 1; }
  local sub
  for sub in provision serve; do
    if ! "$CV_BIN" "$sub" --help >/dev/null 2>&1; then
      log "$CV_BIN has no working '$sub' subcommand"
      return 1
    fi
  done
}

# A production-style node: `callvault serve` with a configuration file,
# UDP and TCP on $CV_PORT, the bench customer as the default domain.
provision_callvault() {
  rm -rf "$OUT/callvault-data"
  mkdir -p "$OUT/callvault-data"
  cat >"$OUT/callvault.toml" <<EOF
data_dir = "$OUT/callvault-data"
[portal]
https = ["127.0.0.1:0"]
http = ["127.0.0.1:0"]
[sip]
udp = ["127.0.0.1:$CV_PORT"]
tcp = ["127.0.0.1:$CV_PORT"]
tls = []
server_names = ["127.0.0.1"]
[runtime]
worker_threads = ${CALLVAULT_WORKERS:-1}
EOF
  log "provisioning $USERS extensions into bench/out/callvault-data"
  local t0 t1
  t0=$(date +%s.%N)
  "$CV_BIN" provision --config "$OUT/callvault.toml" "$OUT/bench-users.toml" \
    >"$OUT/callvault-provision.log" 2>&1 || { tail -20 "$OUT/callvault-provision.log" >&2; return 1; }
  t1=$(date +%s.%N)
  log "provisioned in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s"
}

start_callvault() {
  stop_callvault
  port_in_use "$CV_PORT" && die "127.0.0.1:$CV_PORT is already in use (set CALLVAULT_PORT)"
  CALLVAULT_LOG="${CALLVAULT_LOG:-warn}" "$CV_BIN" serve --config "$OUT/callvault.toml" \
    >"$OUT/callvault.log" 2>&1 &
  CV_PID=$!
  if ! wait_udp_port "$CV_PORT" 30; then
    tail -20 "$OUT/callvault.log" >&2
    stop_callvault
    return 1
  fi
  kill -0 "$CV_PID" 2>/dev/null
}

# ------------------------------------------------------------------ SIPp
# run_sipp NAME PORT LIMIT RUN -> prints "ok failed elapsed_s retransmissions"
# (from the last line of SIPp's statistics; elapsed = CurrentTime - StartTime).
run_sipp() {
  local name="$1" port="$2" limit="$3" run="$4"
  local base="$OUT/$name-run$run" stat="$OUT/$name-run$run-stat.csv"
  rm -f "$base"-*
  # shellcheck disable=SC2054 # "all,-bye" is one argument
  local cmd=(sipp "127.0.0.1:$port" -sf "$SCENARIO" -inf "$OUT/users.csv" -t "$TRANSPORT"
    -m "$USERS" -r "$RATE" -l "$limit" -i 127.0.0.1 -buff_size 2097152
    -nostdin -default_behaviors all,-bye -timeout 60s
    -trace_stat -stf "$stat" -fd 1
    -trace_screen -screen_file "$base-screen.log"
    -trace_err -error_file "$base-errors.log")
  echo "${cmd[*]}" > "$OUT/$name-command.txt"
  # SIPp exits 1 when any call failed; the statistics say how many.
  "${cmd[@]}" >"$base-sipp.out" 2>&1 || true
  [ -s "$stat" ] || { tail -20 "$base-sipp.out" >&2; return 1; }
  python3 - "$stat" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter=";"))
head, last = rows[0], rows[-1]
col = lambda n: last[head.index(n)]
epoch = lambda t: float(t.split("\t")[-1])  # "date<TAB>time<TAB>epoch"
elapsed = epoch(col("CurrentTime")) - epoch(col("StartTime"))
print(col("SuccessfulCall(C)"), col("FailedCall(C)"), f"{elapsed:.3f}", col("Retransmissions(C)"))
PY
}

# One measured run against a freshly started server. Appends the rate to RPS[NAME]
# when failures are under 0.1 %; otherwise counts a bad run and halves LIMIT[NAME].
bench_once() { # NAME RUN
  local name="$1" run="$2" limit="${LIMIT[$1]}" out ok failed elapsed retrans rps pct
  "${START[$name]}" || return 1
  out="$(run_sipp "$name" "${PORT[$name]}" "$limit" "$run")" || return 1
  read -r ok failed elapsed retrans <<<"$out"
  rps=$(awk -v o="$ok" -v e="$elapsed" 'BEGIN{ if (e > 0) printf "%.0f", o / e; else print 0 }')
  pct=$(awk -v o="$ok" -v n="$USERS" 'BEGIN{ printf "%.3f", 100 * (n - o) / n }')
  log "$name run $run (-l $limit): $ok ok, $failed failed ($pct % not registered), $retrans retransmissions, ${elapsed} s -> $rps registrations/s"
  if awk -v p="$pct" -v m="$MAX_FAIL_PCT" 'BEGIN{ exit !(p < m) }'; then
    RPS[$name]="${RPS[$name]} $rps"
    FAILS[$name]=$(( FAILS[$name] + USERS - ok ))
  else
    BAD[$name]=$(( BAD[$name] + 1 ))
    LIMIT[$name]=$(( limit / 2 > 1 ? limit / 2 : 1 ))
    log "$name: over $MAX_FAIL_PCT % failures; its next runs use -l ${LIMIT[$name]}"
  fi
}

# Smoke probe: one registration (first CSV line) must succeed before the measured runs.
probe() { # NAME
  local name="$1" rc=0
  "${START[$name]}" || return 1
  printf 'SEQUENTIAL\n%s\n' "$(sed -n 2p "$OUT/users.csv")" > "$OUT/probe.csv"
  sipp "127.0.0.1:${PORT[$name]}" -sf "$SCENARIO" -inf "$OUT/probe.csv" -t "$TRANSPORT" -m 1 \
    -i 127.0.0.1 -nostdin -default_behaviors all,-bye -timeout 15s -timeout_error \
    -trace_err -error_file "$OUT/$name-probe-errors.log" -trace_msg -message_file "$OUT/$name-probe-messages.log" \
    >"$OUT/$name-probe.out" 2>&1 || rc=$?
  "${STOP[$name]}"
  if [ "$rc" -ne 0 ]; then
    log "$name: a single REGISTER did not succeed (SIPp exit $rc); SIP trace: bench/out/$name-probe-messages.log"
    grep -m3 -E '^(SIP/2.0 [0-9]+|WWW-Authenticate)' "$OUT/$name-probe-messages.log" | sed 's/^/[bench]   /' >&2 || true
    return 1
  fi
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END{ if (NR == 0) print ""; else if (NR % 2) print a[(NR+1)/2]; else printf "%.0f\n", (a[NR/2] + a[NR/2+1]) / 2 }'; }

# ------------------------------------------------------------------- main
BENCH_START=$(date +%s)
gen_users
SERVERS=()
declare -A STATUS=([kamailio]=skipped [callvault]=skipped) PORT=([kamailio]="$KAM_PORT" [callvault]="$CV_PORT")
declare -A START=([kamailio]=start_kamailio [callvault]=start_callvault) STOP=([kamailio]=stop_kamailio [callvault]=stop_callvault)
declare -A RPS=([kamailio]="" [callvault]="") BAD=([kamailio]=0 [callvault]=0) FAILS=([kamailio]=0 [callvault]=0)
declare -A LIMIT=([kamailio]="$SIPP_LIMIT" [callvault]="$SIPP_LIMIT")

if [ -z "${BENCH_SKIP_KAMAILIO:-}" ]; then
  log "Kamailio $(kamailio -v 2>/dev/null | awk 'NR==1{print $3}') on 127.0.0.1:$KAM_PORT ($TRANSPORT_NAME, credentials: $KAM_AUTH)"
  SERVERS+=(kamailio); STATUS[kamailio]=running
fi
if [ -z "${BENCH_SKIP_CALLVAULT:-}" ]; then
  if callvault_ready && provision_callvault; then
    log "callvault on 127.0.0.1:$CV_PORT ($TRANSPORT_NAME)"
    SERVERS+=(callvault); STATUS[callvault]=running
  else
    STATUS[callvault]="not available"
    log "callvault is NOT benchmarked: the binary did not build or provision (see bench/out/). Kamailio result only."
  fi
fi

for s in "${SERVERS[@]}"; do
  probe "$s" || STATUS[$s]="cannot register one extension (see bench/out/$s-probe-messages.log)"
done
log "$REPEAT runs per server of $USERS registrations each, servers interleaved"
for run in $(seq "$REPEAT"); do
  for s in "${SERVERS[@]}"; do
    [ "${STATUS[$s]}" = running ] || continue
    if ! bench_once "$s" "$run"; then
      STATUS[$s]="did not start, or SIPp failed (see bench/out/$s*)"
    elif [ "${BAD[$s]}" -ge "$TRIES" ]; then
      STATUS[$s]="over $MAX_FAIL_PCT % failures in $TRIES runs"
    fi
    "${STOP[$s]}"
  done
done
for s in "${SERVERS[@]}"; do
  if [ "${STATUS[$s]}" = running ]; then
    if [ -n "${RPS[$s]// /}" ]; then STATUS[$s]=ok; else STATUS[$s]="no run under $MAX_FAIL_PCT % failures"; fi
  fi
done

# ----------------------------------------------------------------- report
fmt='%-10s %-9s %6s %5s %9s %10s %-26s %s\n'
row() { # name
  local s="$1" runs="${RPS[$1]# }"
  if [ "${STATUS[$s]}" = ok ]; then
    printf "$fmt" "$s" "$TRANSPORT_NAME" "$USERS" "$(wc -w <<<"$runs")" "${FAILS[$s]}" "$(median <<<"$runs")" \
      "${runs// /,}" "ok (-l ${LIMIT[$s]})"
  else
    printf "$fmt" "$s" "$TRANSPORT_NAME" "$USERS" - - - - "${STATUS[$s]}"
  fi
}
{
  echo
  echo "REGISTER + digest auth (MD5, qop=auth), $USERS distinct extensions per run, SIPp -r $RATE -l $SIPP_LIMIT,"
  echo "$(nproc) cores, Kamailio credentials: $KAM_AUTH, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf "$fmt" server transport users runs failed "regs/s" "per run" status
  row kamailio
  row callvault
  if [ "${STATUS[kamailio]}" = ok ] && [ "${STATUS[callvault]}" = ok ]; then
    awk -v c="$(median <<<"${RPS[callvault]}")" -v k="$(median <<<"${RPS[kamailio]}")" 'BEGIN{
      r = (k > 0) ? c / k : 0
      printf "ratio callvault/kamailio (medians): %.2f  (target >= 1.00: %s)\n", r, (r >= 1 ? "MET" : "MISSED") }'
  else
    echo "ratio callvault/kamailio: n/a (callvault: ${STATUS[callvault]})"
  fi
  echo "regs/s = successful registrations / SIPp elapsed time, median of the runs under $MAX_FAIL_PCT % failures"
  echo "bench time: $(( $(date +%s) - BENCH_START )) s; SIPp command lines: bench/out/<server>-command.txt"
} | tee "$OUT/register-summary.txt"
