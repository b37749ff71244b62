#!/usr/bin/env bash
# REGISTER with digest over UDP, up to each server's ceiling: WebPhone (the README's run command, on
# a throw-away PostgreSQL) and, in the same run on the same box, Kamailio as the reference registrar
# (bench/kamailio-registrar.cfg). Both hold the same USERS accounts (bench1..benchN, each with its
# own password; HA1 only, as WebPhone keeps them), and SIPp registers them from SOURCES processes
# at once, each sending from its own loopback address (127.1.0.1...) with its own share of the
# accounts (bench/sipp/register.xml, -inf): per-source limits (failed authentications, nonces
# bound to the source) never see the load. A registration counts when its 401 + 200 pair
# completes.
#
# Each server climbs the same ladder of offered rates (START, then x FACTOR each step, DURATION s
# each) until a step fails, then halves the gap REFINE times. Per step it prints the registrations
# done and failed, p99 of the registration time (RTD from the first REGISTER to the 200, as SIPp
# sees it, 1 ms resolution), the server's CPU per registration (its processes' ticks / registrations
# done: WebPhone's JVM plus PostgreSQL, Kamailio's processes), and who used the box's 2 cores. A
# step where SIPp could not send at the offered rate or one SIPp process used a whole core is
# flagged LOAD GENERATOR LIMIT and ends that server's climb: its ceiling is then not measured.
# Last, per server: the highest clean rate (every registration done, none failed), CPU per
# registration and p99 there, and the ratios WebPhone / Kamailio.
#
#   bench/register.sh                                  # 10,000 accounts, 500/s x1.5 ..., 10 s steps
#   USERS=1000 START=200 DURATION=3 WARMUP=5 bench/register.sh
#   SERVERS=kamailio bench/register.sh                 # one of them only (no ratio then)
#
# Binds 5060, 5070, 8080, 8443 and 127.1.0.x:5080: stop a running server first. Needs sipp
# (sip-tester), kamailio, PostgreSQL, node and curl; installs the Debian packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
USERS=${USERS:-10000}
SOURCES=${SOURCES:-10}
START=${START:-500}
FACTOR=${FACTOR:-1.5}
MAX_RATE=${MAX_RATE:-40000}
REFINE=${REFINE:-2}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-30}
WARMUP_RATE=${WARMUP_RATE:-$START}
SERVERS=${SERVERS:-"webphone kamailio"}
DOMAIN=localhost
WEBPHONE_PORT=5060
KAMAILIO_PORT=5070
scenario=$root/bench/sipp/register.xml

need=()
command -v sipp >/dev/null || need+=(sip-tester)
command -v kamailio >/dev/null || need+=(kamailio)
command -v curl >/dev/null || need+=(curl)
command -v node >/dev/null || need+=(nodejs)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
install_missing "${need[@]}"
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/webphone-register.XXXXXX)
cleanup() {
  if [ -n "${wp_pid:-}" ]; then kill "$wp_pid" 2>/dev/null || true; fi
  stop_postgres
  stop_kamailio
}
trap cleanup EXIT
echo "work folder: $work; $USERS accounts from $SOURCES sources; steps from $START/s x$FACTOR, ${DURATION}s each"

# The accounts, and each SIPp process' injection file: its accounts, the contact it registers (its
# own address) and their credentials.
make_users "$work/users.csv" "$USERS"
# shellcheck disable=SC2016 # awk, not shell
split_users "$work/users.csv" "$work/register" \
  'print $1 ";" ip ":5080;[authentication username=" $1 " password=" $2 "]"'

# register_one PORT: the first account registers once (SIPp process 0's address and file).
register_one() {
  sipp -sf "$scenario" -inf "$work/register-0.csv" -key domain "$DOMAIN" -key expires 300 -t u1 \
    -i "$(source_ip 0)" -p 5080 -m 1 -recv_timeout 5000 -timeout 10s -timeout_error -nostdin \
    "127.0.0.1:$1" > "$work/register-one-$1.log" 2>&1
}

# --- WebPhone on PostgreSQL, with the accounts written into its database ---
webphone_pids() { echo "$wp_pid" "$(postgres_pids)"; }
if [[ " $SERVERS " == *" webphone "* ]]; then
  start_postgres
  start_webphone "$work"
  wp_pid=$(pgrep -f -- "--systemproperties $work/webphone/tls/system.properties" | head -1)
  echo "webphone  $(provision_webphone "$work/users.csv") accounts in its database;" \
    "bench1 registers: $(register_one "$WEBPHONE_PORT" && echo yes || echo "NO (see $work/register-one-$WEBPHONE_PORT.log)")"
  warm_up webphone "127.0.0.1:$WEBPHONE_PORT" "$scenario" "$work/register" -key expires 300
  ceiling webphone webphone_pids "127.0.0.1:$WEBPHONE_PORT" "$scenario" "$work/register" registration \
    -key expires 300
  kill "$wp_pid" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
  wp_pid=""
  stop_postgres
fi

# --- Kamailio, same accounts (same HA1) ---
kamailio_pids() { echo "${kam_pids[@]}"; }
if [[ " $SERVERS " == *" kamailio "* ]]; then
  kamailio_users "$work/users.csv" "$work/kamailio-db"
  start_kamailio "$root/bench/kamailio-registrar.cfg" "$KAMAILIO_PORT" \
    -A "USERS_DB=\"text://$work/kamailio-db\""
  echo "kamailio  $(wc -l < "$work/users.csv") accounts in its table;" \
    "bench1 registers: $(register_one "$KAMAILIO_PORT" && echo yes || echo "NO (see $work/register-one-$KAMAILIO_PORT.log)")"
  warm_up kamailio "127.0.0.1:$KAMAILIO_PORT" "$scenario" "$work/register" -key expires 300
  ceiling kamailio kamailio_pids "127.0.0.1:$KAMAILIO_PORT" "$scenario" "$work/register" registration \
    -key expires 300
  stop_kamailio
fi

[[ " $SERVERS " == *" webphone "* && " $SERVERS " == *" kamailio "* ]] || exit 0
echo
echo "REGISTER with digest, UDP, $USERS accounts from $SOURCES sources, ${DURATION}s steps:"
compare registration webphone kamailio
