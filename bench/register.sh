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
#   CALLVAULT_PORT=25060     callvault SIP port (also uses +1 for TLS, +2 alternate)
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
LIMIT="${BENCH_LIMIT:-200}"
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
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
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
  local i
  for i in $(seq $(( $2 * 10 ))); do
    ss -Hlun "sport = :$1" | grep -q . && return 0
    sleep 0.1
  done
  return 1
}

start_kamailio() {
  stop_kamailio
  port_in_use "$KAM_PORT" && die "127.0.0.1:$KAM_PORT is already in use (set KAMAILIO_PORT)"
  sed -e "s#@DB_URL@#text://$OUT/kamailio-db#" -e "s#@SQLITE_URL@#sqlite://$OUT/kamailio-db/kamailio.sqlite#" \
    "$HERE/kamailio/kamailio.cfg" > "$OUT/kamailio.cfg"
  mkdir -p "$OUT/kamailio-run"
  # Daemonizes (fork=yes): the parent exits once the children are up.
  kamailio -f "$OUT/kamailio.cfg" "${KAM_DEFINE[@]}" -P "$KAM_PIDFILE" -w "$OUT/kamailio-run" \
    -m 256 -M 8 -E -l "udp:127.0.0.1:$KAM_PORT" -l "tcp:127.0.0.1:$KAM_PORT" \
    >"$OUT/kamailio.log" 2>&1 || { tail -20 "$OUT/kamailio.log" >&2; die "kamailio did not start"; }
  wait_udp_port "$KAM_PORT" 10 || { tail -20 "$OUT/kamailio.log" >&2; die "kamailio is not listening on $KAM_PORT"; }
}

CV_BIN=""
callvault_ready() { # returns 0 if a usable callvault binary is there; sets CV_BIN
  if [ -n "${CALLVAULT_BIN:-}" ]; then
    CV_BIN="$CALLVAULT_BIN"
  else
    CV_BIN="$ROOT/target/release/callvault"
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
  for sub in provision demo; do
    if ! "$CV_BIN" "$sub" --help >/dev/null 2>&1; then
      log "$CV_BIN has no working '$sub' subcommand yet"
      return 1
    fi
  done
}

provision_callvault() {
  rm -rf "$OUT/callvault-data"
  mkdir -p "$OUT/callvault-data"
  log "provisioning $USERS extensions into bench/out/callvault-data"
  local t0 t1
  t0=$(date +%s.%N)
  "$CV_BIN" provision --data-dir "$OUT/callvault-data" "$OUT/bench-users.toml" \
    >"$OUT/callvault-provision.log" 2>&1 || { tail -20 "$OUT/callvault-provision.log" >&2; return 1; }
  t1=$(date +%s.%N)
  log "provisioned in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s"
}

start_callvault() {
  stop_callvault
  local p
  for p in "$CV_PORT" $((CV_PORT + 1)) $((CV_PORT + 2)); do
    port_in_use "$p" && die "127.0.0.1:$p is already in use (set CALLVAULT_PORT)"
  done
  RUST_LOG="${RUST_LOG:-warn}" "$CV_BIN" demo --data-dir "$OUT/callvault-data" \
    --bind 127.0.0.1 --sip-port "$CV_PORT" >"$OUT/callvault.log" 2>&1 &
  CV_PID=$!
  if ! wait_udp_port "$CV_PORT" 30; then
    tail -20 "$OUT/callvault.log" >&2
    stop_callvault
    return 1
  fi
  kill -0 "$CV_PID" 2>/dev/null
}

# ------------------------------------------------------------------ SIPp
# run_sipp NAME PORT LIMIT -> prints "ok failed elapsed_s" (from SIPp's final statistics)
run_sipp() {
  local name="$1" port="$2" limit="$3" stat="$OUT/$1-stat.csv"
  rm -f "$stat" "$OUT/$name-screen.log" "$OUT/$name-errors.log"
  local cmd=(sipp "127.0.0.1:$port" -sf "$SCENARIO" -inf "$OUT/users.csv" -t "$TRANSPORT"
    -m "$USERS" -r "$RATE" -l "$limit" -i 127.0.0.1
    -nostdin -default_behaviors -bye -timeout 120s
    -trace_stat -stf "$stat" -fd 1
    -trace_screen -screen_file "$OUT/$name-screen.log"
    -trace_err -error_file "$OUT/$name-errors.log")
  echo "${cmd[*]}" > "$OUT/$name-command.txt"
  log "$name: ${cmd[*]}"
  # SIPp exits 1 when any call failed; the statistics say how many.
  "${cmd[@]}" >"$OUT/$name-sipp.out" 2>&1 || true
  [ -s "$stat" ] || { tail -20 "$OUT/$name-sipp.out" >&2; die "SIPp wrote no statistics for $name"; }
  python3 - "$stat" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter=";"))
head, last = rows[0], rows[-1]
col = lambda n: last[head.index(n)]
def secs(t):  # "HH:MM:SS:micro" or "HH:MM:SS"
    p = t.split(":")
    s = int(p[0]) * 3600 + int(p[1]) * 60 + int(p[2])
    return s + (int(p[3]) / 10 ** len(p[3]) if len(p) > 3 else 0)
print(col("SuccessfulCall(C)"), col("FailedCall(C)"), f"{secs(col('ElapsedTime(C)')):.3f}")
PY
}

# bench_server NAME PORT START_FN -> sets RESULT_<NAME>="ok failed elapsed regs_per_s fail_pct limit"
bench_server() {
  local name="$1" port="$2" start_fn="$3" limit="$LIMIT" try ok failed elapsed rps pct
  for try in $(seq "$TRIES"); do
    "$start_fn" || return 1
    read -r ok failed elapsed < <(run_sipp "$name" "$port" "$limit") || true
    [ -n "${elapsed:-}" ] || die "could not read SIPp statistics for $name (see bench/out/$name-sipp.out)"
    rps=$(awk -v o="$ok" -v e="$elapsed" 'BEGIN{ if (e > 0) printf "%.0f", o / e; else print 0 }')
    pct=$(awk -v f="$failed" -v n="$USERS" 'BEGIN{ printf "%.3f", 100 * f / n }')
    log "$name try $try (-l $limit): $ok ok, $failed failed ($pct %), ${elapsed} s, $rps registrations/s"
    printf -v "RESULT_$name" '%s %s %s %s %s %s' "$ok" "$failed" "$elapsed" "$rps" "$pct" "$limit"
    if awk -v p="$pct" -v m="$MAX_FAIL_PCT" -v o="$ok" -v f="$failed" -v n="$USERS" \
        'BEGIN{ exit !(p < m && o + f == n) }'; then
      return 0
    fi
    limit=$(( limit / 2 > 1 ? limit / 2 : 1 ))
  done
  log "$name: no run under $MAX_FAIL_PCT % failures"
  return 2
}

# ------------------------------------------------------------------- main
BENCH_START=$(date +%s)
gen_users
KAM_STATUS=skipped CV_STATUS=skipped
RESULT_kamailio="" RESULT_callvault=""

if [ -z "${BENCH_SKIP_KAMAILIO:-}" ]; then
  log "Kamailio $(kamailio -v 2>/dev/null | awk 'NR==1{print $3}') on 127.0.0.1:$KAM_PORT ($TRANSPORT_NAME)"
  if bench_server kamailio "$KAM_PORT" start_kamailio; then KAM_STATUS=ok; else KAM_STATUS="over $MAX_FAIL_PCT% failures"; fi
  stop_kamailio
fi

if [ -z "${BENCH_SKIP_CALLVAULT:-}" ]; then
  if callvault_ready && provision_callvault; then
    log "callvault on 127.0.0.1:$CV_PORT ($TRANSPORT_NAME)"
    set +e
    bench_server callvault "$CV_PORT" start_callvault
    rc=$?
    set -e
    case $rc in
      0) CV_STATUS=ok ;;
      2) CV_STATUS="over $MAX_FAIL_PCT% failures" ;;
      *) CV_STATUS="did not start (see bench/out/callvault.log)" ;;
    esac
    stop_callvault
  else
    CV_STATUS="not available"
    log "callvault is NOT benchmarked: no usable binary yet (needs 'callvault provision' and 'callvault demo'). Kamailio result only."
  fi
fi

# ----------------------------------------------------------------- report
row() { # name status result
  local name="$1" status="$2" ok failed elapsed rps pct limit
  if [ -n "$3" ]; then
    read -r ok failed elapsed rps pct limit <<<"$3"
    printf '%-10s %-9s %6s %7s %7s %7s %9s %10s  %s\n' "$name" "$TRANSPORT_NAME" "$USERS" "$ok" "$failed" "$pct" "$elapsed" "$rps" "$status (-l $limit)"
  else
    printf '%-10s %-9s %6s %7s %7s %7s %9s %10s  %s\n' "$name" "$TRANSPORT_NAME" "$USERS" - - - - - "$status"
  fi
}
{
  echo
  echo "REGISTER + digest auth, $USERS distinct extensions, SIPp -r $RATE, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '%-10s %-9s %6s %7s %7s %7s %9s %10s  %s\n' server transport users ok failed fail% elapsed_s regs/s status
  row kamailio "$KAM_STATUS" "$RESULT_kamailio"
  row callvault "$CV_STATUS" "$RESULT_callvault"
  if [ "$KAM_STATUS" = ok ] && [ "$CV_STATUS" = ok ]; then
    read -r _ _ _ kam_rps _ _ <<<"$RESULT_kamailio"
    read -r _ _ _ cv_rps _ _ <<<"$RESULT_callvault"
    awk -v c="$cv_rps" -v k="$kam_rps" 'BEGIN{
      r = (k > 0) ? c / k : 0
      printf "ratio callvault/kamailio: %.2f  (target >= 1.00: %s)\n", r, (r >= 1 ? "MET" : "MISSED") }'
  else
    echo "ratio callvault/kamailio: n/a (callvault: $CV_STATUS)"
  fi
  echo "bench time: $(( $(date +%s) - BENCH_START )) s; SIPp command lines: bench/out/*-command.txt"
} | tee "$OUT/register-summary.txt"
