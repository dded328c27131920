#!/usr/bin/env bash
# bench/login.sh: sign-in cost and throughput, and SIP under a sign-in storm
# (issue 5 targets).
#
# Against one `callvault serve` node on 127.0.0.1 (SQLite, the portal on HTTPS):
#   1. sign-in latency with one client, one request at a time: POST /sign-in
#      with the right password, minus the latency of GET /sign-in (same TLS and
#      HTTP path, no hashing) = the cost of one Argon2id verification on one
#      core, plus a session insert. Target: 100-500 ms.
#   2. SIPp REGISTER + digest throughput alone (as bench/register.sh does), then
#      the same SIPp run while BENCH_CLIENTS clients sign in as fast as they can;
#      reports the sign-ins per second sustained during the storm and how much
#      the registrations per second dropped. Target: < 20 % drop (hashing runs
#      on a bounded blocking pool, never on the SIP threads).
# Sign-ins come from many loopback source addresses (127.0.1.x) so the
# portal's per-address sign-in rate limit (10, then 1 per 6 s) does not cap
# them: the bench measures the hashing, not the limiter.
#
# Environment (all optional):
#   BENCH_USERS=2000         extensions SIPp registers per run
#   BENCH_PEOPLE=8           portal accounts signing in (role user, no TOTP)
#   BENCH_CLIENTS=8          concurrent sign-in clients during the storm
#   BENCH_LATENCY_N=10       sequential sign-ins for the latency figure
#   BENCH_RATE=2000          SIPp -r during both SIPp runs (open-loop cap)
#   BENCH_LIMIT=50           SIPp -l (registrations in flight)
#   CALLVAULT_PORT=25070     callvault SIP port (UDP)
#   CALLVAULT_HTTPS=28443    callvault portal HTTPS port
#   CALLVAULT_WORKERS=1      callvault [runtime] worker_threads
#   CALLVAULT_BIN=path       use this binary instead of building target/release/callvault
#   BENCH_NO_BUILD=1         don't run cargo build (use target/release/callvault as it is)
# Output: a summary on stdout and in bench/out/login-summary.txt.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
OUT="$HERE/out/login"
SCENARIO="$ROOT/crates/callvault/tests/data/sipp/register_digest.xml"
REALM="login.callvault.test"

USERS="${BENCH_USERS:-2000}"
PEOPLE="${BENCH_PEOPLE:-8}"
CLIENTS="${BENCH_CLIENTS:-8}"
LATENCY_N="${BENCH_LATENCY_N:-10}"
RATE="${BENCH_RATE:-2000}"
SIPP_LIMIT="${BENCH_LIMIT:-50}"
CV_PORT="${CALLVAULT_PORT:-25070}"
HTTPS_PORT="${CALLVAULT_HTTPS:-28443}"
PASSWORD="bench sign-in password 7f3a9c"

log() { printf '[login] %s\n' "$*" >&2; }
die() { printf '[login] ERROR: %s\n' "$*" >&2; exit 1; }

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
ensure_packages sip-tester iproute2 python3
[ -f "$SCENARIO" ] || die "SIPp scenario missing: $SCENARIO"
rm -rf "$OUT"
mkdir -p "$OUT/data"

# ------------------------------------------------------------------ binary
if [ -n "${CALLVAULT_BIN:-}" ]; then
  CV_BIN="$CALLVAULT_BIN"
else
  CV_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/callvault"
  if [ -z "${BENCH_NO_BUILD:-}" ]; then
    log "building callvault (cargo build --release -p callvault)"
    (cd "$ROOT" && cargo build --release -p callvault) >"$OUT/cargo-build.log" 2>&1 \
      || { tail -5 "$OUT/cargo-build.log" >&2; die "the release build failed"; }
  fi
fi
[ -x "$CV_BIN" ] || die "no callvault binary at $CV_BIN"

# ------------------------------------------------------------ test data
log "generating $USERS extensions and $PEOPLE portal accounts"
python3 - "$OUT" "$USERS" "$REALM" <<'PY'
import secrets, string, sys
out, n, realm = sys.argv[1], int(sys.argv[2]), sys.argv[3]
alphabet = string.ascii_letters + string.digits
users = [(str(300000 + i), "".join(secrets.choice(alphabet) for _ in range(16))) for i in range(n)]
with open(f"{out}/users.csv", "w") as f:
    f.write("SEQUENTIAL\n")
    f.writelines(f"{u};{p}\n" for u, p in users)
with open(f"{out}/customers.toml", "w") as f:
    f.write('[[reseller]]\nslug = "login-reseller"\nname = "Login Reseller"\n\n')
    f.write('[[customer]]\nslug = "login"\nname = "Login Co"\nreseller = "login-reseller"\n'
            f'sip_domain = "{realm}"\ndefault = true\n')
    for u, p in users:
        f.write(f'\n[[extension]]\ncustomer = "login"\nnumber = "{u}"\npassword = "{p}"\n')
PY
cat >"$OUT/callvault.toml" <<EOF
data_dir = "$OUT/data"
[portal]
https = ["127.0.0.1:$HTTPS_PORT"]
http = []
[sip]
udp = ["127.0.0.1:$CV_PORT"]
tcp = []
tls = []
server_names = ["127.0.0.1"]
[runtime]
worker_threads = ${CALLVAULT_WORKERS:-1}
EOF
"$CV_BIN" provision --config "$OUT/callvault.toml" "$OUT/customers.toml" >"$OUT/provision.log" 2>&1 \
  || { tail -20 "$OUT/provision.log" >&2; die "provisioning failed"; }
for i in $(seq "$PEOPLE"); do
  printf '%s\n' "$PASSWORD" | "$CV_BIN" user add --config "$OUT/callvault.toml" --customer login \
    --email "person$i@login.callvault.test" --role user --password-stdin >>"$OUT/people.log" 2>&1 \
    || { tail -5 "$OUT/people.log" >&2; die "creating portal account $i failed"; }
done

# ---------------------------------------------------------------- server
CV_PID=""
stop_callvault() {
  if [ -n "$CV_PID" ]; then
    kill "$CV_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$CV_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$CV_PID" 2>/dev/null || true
    wait "$CV_PID" 2>/dev/null || true
    CV_PID=""
  fi
}
STORM_PID=""
cleanup() {
  if [ -n "$STORM_PID" ]; then kill "$STORM_PID" 2>/dev/null || true; fi
  stop_callvault
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ss -Hlun "sport = :$CV_PORT" | grep -q . && die "UDP port $CV_PORT is in use (set CALLVAULT_PORT)"
ss -Hltn "sport = :$HTTPS_PORT" | grep -q . && die "TCP port $HTTPS_PORT is in use (set CALLVAULT_HTTPS)"
CALLVAULT_LOG="${CALLVAULT_LOG:-warn}" "$CV_BIN" serve --config "$OUT/callvault.toml" >"$OUT/callvault.log" 2>&1 &
CV_PID=$!
for _ in $(seq 300); do
  ss -Hlun "sport = :$CV_PORT" | grep -q . && ss -Hltn "sport = :$HTTPS_PORT" | grep -q . && break
  kill -0 "$CV_PID" 2>/dev/null || { tail -20 "$OUT/callvault.log" >&2; die "callvault serve exited"; }
  sleep 0.1
done

# ------------------------------------------------------------- sign-ins
# signin.py MODE ...: "latency N" prints medians (ms) of GET /sign-in and of a
# right-password POST /sign-in, one at a time; "storm CLIENTS SECONDS" signs in
# from CLIENTS threads until SECONDS have passed and prints "ok other seconds".
cat >"$OUT/signin.py" <<'PY'
import http.client, ssl, statistics, sys, threading, time, urllib.parse
port, people, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
mode, args = sys.argv[4], sys.argv[5:]
context = ssl._create_unverified_context()
addresses = [f"127.0.1.{i}" for i in range(1, 255)]
counter = [0]
lock = threading.Lock()

def request(method, body=None):
    with lock:
        n = counter[0]; counter[0] += 1
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=60,
                                       source_address=(addresses[n % len(addresses)], 0))
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    start = time.perf_counter()
    conn.request(method, "/sign-in", body=body, headers=headers)
    response = conn.getresponse(); response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    return response.status, response.getheader("Location"), elapsed

def sign_in(n):
    form = urllib.parse.urlencode({"login": f"person{n % people + 1}@login.callvault.test", "password": password})
    status, location, elapsed = request("POST", form)
    return status == 303 and location == "/dashboard", elapsed

if mode == "latency":
    n = int(args[0])
    pages = [request("GET")[2] for _ in range(n)]
    signs = [sign_in(i) for i in range(n)]
    if not all(ok for ok, _ in signs):
        sys.exit("a sign-in with the right password failed")
    print(f"{statistics.median(pages) * 1000:.1f} {statistics.median(e for _, e in signs) * 1000:.1f}")
else:
    clients, seconds = int(args[0]), float(args[1])
    deadline = time.monotonic() + seconds
    tally = {"ok": 0, "other": 0}
    def worker(k):
        i = k
        while time.monotonic() < deadline:
            ok, _ = sign_in(i)
            with lock:
                tally["ok" if ok else "other"] += 1
            i += clients
    start = time.monotonic()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads: t.start()
    for t in threads: t.join()
    print(tally["ok"], tally["other"], f"{time.monotonic() - start:.2f}")
PY
signin() { python3 "$OUT/signin.py" "$HTTPS_PORT" "$PEOPLE" "$PASSWORD" "$@"; }

log "sign-in latency: $LATENCY_N sequential requests each"
read -r PAGE_MS SIGNIN_MS <<<"$(signin latency "$LATENCY_N")" || die "sign-in latency run failed"
HASH_MS=$(awk -v s="$SIGNIN_MS" -v p="$PAGE_MS" 'BEGIN{printf "%.0f", s - p}')

# ------------------------------------------------------------------ SIPp
run_sipp() { # NAME -> "ok failed elapsed"
  local stat="$OUT/$1-stat.csv"
  sipp "127.0.0.1:$CV_PORT" -sf "$SCENARIO" -inf "$OUT/users.csv" -t u1 -m "$USERS" -r "$RATE" -l "$SIPP_LIMIT" \
    -i 127.0.0.1 -nostdin -default_behaviors all,-bye -timeout 120s -trace_stat -stf "$stat" -fd 1 \
    -trace_err -error_file "$OUT/$1-errors.log" >"$OUT/$1-sipp.out" 2>&1 || true
  [ -s "$stat" ] || { tail -20 "$OUT/$1-sipp.out" >&2; return 1; }
  python3 - "$stat" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter=";"))
head, last = rows[0], rows[-1]
col = lambda n: last[head.index(n)]
epoch = lambda t: float(t.split("\t")[-1])
print(col("SuccessfulCall(C)"), col("FailedCall(C)"), f"{epoch(col('CurrentTime')) - epoch(col('StartTime')):.3f}")
PY
}
rate() { awk -v o="$1" -v e="$2" 'BEGIN{ if (e > 0) printf "%.0f", o / e; else print 0 }'; }

log "SIPp alone: $USERS registrations"
read -r BASE_OK BASE_FAILED BASE_S <<<"$(run_sipp alone)" || die "SIPp failed (bench/out/login/alone-*)"
BASE_RPS=$(rate "$BASE_OK" "$BASE_S")
# The storm lasts as long as the quiet run took, plus a margin; SIPp starts once it is under way.
STORM_S=$(awk -v s="$BASE_S" 'BEGIN{printf "%.0f", s * 3 + 5}')
log "sign-in storm: $CLIENTS clients for ${STORM_S} s, SIPp again inside it"
signin storm "$CLIENTS" "$STORM_S" >"$OUT/storm.txt" &
STORM_PID=$!
sleep 2
read -r STORM_OK STORM_FAILED STORM_SIP_S <<<"$(run_sipp storm)" || die "SIPp failed (bench/out/login/storm-*)"
wait "$STORM_PID" || die "the sign-in storm failed"
STORM_PID=""
read -r SIGNINS OTHER SIGNIN_S <"$OUT/storm.txt"
STORM_RPS=$(rate "$STORM_OK" "$STORM_SIP_S")
SIGNIN_RATE=$(awk -v n="$SIGNINS" -v s="$SIGNIN_S" 'BEGIN{ printf "%.1f", (s > 0) ? n / s : 0 }')
DROP=$(awk -v a="$BASE_RPS" -v b="$STORM_RPS" 'BEGIN{ printf "%.1f", (a > 0) ? 100 * (a - b) / a : 0 }')

{
  echo
  echo "sign-in bench, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), binary $CV_BIN"
  echo "GET /sign-in median ${PAGE_MS} ms; POST /sign-in (right password) median ${SIGNIN_MS} ms"
  echo "one Argon2id verification (+ session insert) ~ ${HASH_MS} ms   (target 100-500 ms: $(
    awk -v h="$HASH_MS" 'BEGIN{print (h >= 100 && h <= 500) ? "MET" : "MISSED"}'))"
  echo "sign-ins sustained: ${SIGNIN_RATE}/s ($SIGNINS ok, $OTHER not, ${CLIENTS} clients, ${SIGNIN_S} s)"
  echo "SIP REGISTER alone: $BASE_RPS/s ($BASE_OK ok, $BASE_FAILED failed); under the storm: $STORM_RPS/s ($STORM_OK ok, $STORM_FAILED failed)"
  echo "drop under the storm: ${DROP} %   (target < 20 %: $(awk -v d="$DROP" 'BEGIN{print (d < 20) ? "MET" : "MISSED"}'))"
} | tee "$OUT/login-summary.txt"
