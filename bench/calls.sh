#!/usr/bin/env bash
# Calls through the server, up to each server's ceiling: WebPhone (the README's run command, on a
# throw-away PostgreSQL: a B2BUA, two dialogs per call) and, in the same run on the same box,
# Kamailio as a stateful, record-routing proxy (bench/kamailio-proxy.cfg). Both hold the same USERS
# accounts (bench1..benchN, each with its own password; HA1 only). Every account's phone is a SIPp
# callee (UAS processes on 127.2.0.1..., bench/sipp/callee.xml: 180, 200 after 200 ms, the BYE),
# registered for it first; then SOURCES SIPp processes, each from its own loopback address
# (127.1.0.1...) with its own share of the accounts, place calls (bench/sipp/call.xml, -inf): each
# account calls the one half the list away, with digest on every INVITE (407, then INVITE with the
# caller's credentials), 180/200/ACK, a hold, BYE/200. A call counts when the whole scenario passes;
# a refusal (403, 480, 486, 503...) fails it.
#
# Each server climbs the same ladder of offered rates (START, then x FACTOR each step, DURATION s
# each) until a step fails, then halves the gap REFINE times, per hold time. Per step it prints the
# calls done and failed, p99 of the post-dial delay (RTD from the first INVITE to the 180, as SIPp
# sees it, 1 ms resolution), the server's CPU per call (WebPhone's JVM plus PostgreSQL, where its
# call records go; Kamailio's processes), and who used the box's 2 cores. A step where SIPp could
# not send at the offered rate or one SIPp process (caller or callee) used a whole core is flagged
# LOAD GENERATOR LIMIT and ends that server's climb. Last, per server and hold: the highest clean
# rate, CPU per call and p99 there, and the ratios WebPhone / Kamailio.
#
#   bench/calls.sh                                      # 10,000 accounts, hold 0 s, 100/s x1.5 ...
#   HOLDS="0 30" bench/calls.sh
#   USERS=1000 START=50 DURATION=3 WARMUP=5 bench/calls.sh
#   SERVERS=webphone bench/calls.sh                     # one of them only (no ratio then)
#
# Binds 5060, 5070, 8080, 8443, 127.1.0.x:5080 and 127.2.0.x:5090: stop a running server first.
# Needs sipp (sip-tester), kamailio, PostgreSQL, node and curl; installs the Debian packages when
# missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
USERS=${USERS:-10000}
SOURCES=${SOURCES:-10}
UAS=${UAS:-2}
START=${START:-100}
FACTOR=${FACTOR:-1.5}
MAX_RATE=${MAX_RATE:-20000}
REFINE=${REFINE:-2}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-30}
WARMUP_RATE=${WARMUP_RATE:-$START}
REGISTER_RATE=${REGISTER_RATE:-400}
HOLDS=${HOLDS:-"0"}
SERVERS=${SERVERS:-"webphone kamailio"}
DOMAIN=localhost
WEBPHONE_PORT=5060
KAMAILIO_PORT=5070
UAS_PORT=5090
register=$root/bench/sipp/register.xml
call=$root/bench/sipp/call.xml
callee=$root/bench/sipp/callee.xml

need=()
command -v sipp >/dev/null || need+=(sip-tester)
command -v kamailio >/dev/null || need+=(kamailio)
command -v curl >/dev/null || need+=(curl)
command -v node >/dev/null || need+=(nodejs)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
install_missing "${need[@]}"
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/webphone-calls.XXXXXX)
cleanup() {
  stop_phones
  if [ -n "${wp_pid:-}" ]; then kill "$wp_pid" 2>/dev/null || true; fi
  stop_postgres
  stop_kamailio
}
trap cleanup EXIT
echo "work folder: $work; $USERS accounts calling from $SOURCES sources to $UAS callee phones;" \
  "steps from $START/s x$FACTOR, ${DURATION}s each; holds: $HOLDS s"

# The accounts; each registers its phone's contact (callee phone K = 127.2.0.K+1:5090 takes every
# UAS-th account) and calls the account half the list away.
uas_ip() { echo "127.2.0.$(($1 + 1))"; }
make_users "$work/users.csv" "$USERS"
# shellcheck disable=SC2016 # awk, not shell
split_users "$work/users.csv" "$work/phone" \
  'print $1 ";127.2.0." ((NR - 1) % '"$UAS"' + 1) ":'"$UAS_PORT"';[authentication username=" $1 " password=" $2 "]"'
# shellcheck disable=SC2016
split_users "$work/users.csv" "$work/caller" \
  'print $1 ";bench" ((NR - 1 + int(n / 2)) % n + 1) ";[authentication username=" $1 " password=" $2 "]"'

# start_phones SERVER-PORT NAME: the callee phones, then every account's contact registered, at
# REGISTER_RATE, again at half the rate while some failed (a fresh WebPhone answers 503 to part of
# a few hundred REGISTER/s of accounts it has not seen yet; registering again changes nothing for
# those that passed), three times at most; exits when some still fail: their calls would too.
start_phones() {
  local k rate=$REGISTER_RATE per pass ok failed
  uas_pids=()
  for ((k = 0; k < UAS; k++)); do
    sipp -sf "$callee" -i "$(uas_ip "$k")" -p "$UAS_PORT" -nostdin -buff_size "$SIPP_BUFFER" -trace_stat \
      -stf "$work/$2-phone-$k.csv" "127.0.0.1:$1" > "$work/$2-phone-$k.log" 2>&1 &
    uas_pids+=($!)
  done
  for pass in 1 2 3; do
    per=$((rate / SOURCES > 0 ? rate / SOURCES : 1))
    load "$work/$2-phones-$pass" "$per" $(((USERS + SOURCES - 1) / SOURCES)) "127.0.0.1:$1" \
      "$register" "$work/phone" -key expires 3600
    read -r ok failed _ < "$work/$2-phones-$pass/result"
    printf '%-9s %d registrations of the accounts'"'"' phones at %d/s, %d failed\n' "$2" "$ok" \
      $((per * SOURCES)) "$failed"
    [ "$failed" -gt 0 ] || [ "$ok" -eq 0 ] || return 0
    rate=$((rate / 2))
    sleep 6 # the 503s' Retry-After
  done
  echo "$2: the phones did not all register (see $work/$2-phones-*)"
  exit 1
}

stop_phones() {
  if [ ${#uas_pids[@]} -gt 0 ]; then kill "${uas_pids[@]}" 2>/dev/null || true; fi
  uas_pids=()
}

# calls NAME PORT PIDS-FUNCTION: the warm-up (warm_up, without hold), then the climb per hold.
calls() {
  local name=$1 port=$2 pids_fn=$3 hold
  HOLD=0 warm_up "$name" "127.0.0.1:$port" "$call" "$work/caller" -d 0
  for hold in $HOLDS; do
    HOLD=$hold ceiling "$name-h$hold" "$pids_fn" "127.0.0.1:$port" "$call" "$work/caller" call \
      -d $((hold * 1000))
  done
}

# --- WebPhone on PostgreSQL, with the accounts written into its database; limits raised, as an
# operator would for a customer this size (defaults: 4 calls per account, 100 per customer) ---
webphone_pids() { echo "$wp_pid" "$(postgres_pids)"; }
if [[ " $SERVERS " == *" webphone "* ]]; then
  export WEBPHONE_CALL_MAX_PER_ACCOUNT=1000000 WEBPHONE_CALL_MAX_PER_CUSTOMER=1000000
  # The load generator's sources register the callee phones' contacts (third-party registration):
  # taken as written, as Kamailio's registrar here takes them.
  export WEBPHONE_SIP_CONTACTS_AS_WRITTEN=true
  start_postgres
  start_webphone "$work"
  wp_pid=$(pgrep -f -- "--systemproperties $work/webphone/tls/system.properties" | head -1)
  echo "webphone  $(provision_webphone "$work/users.csv") accounts in its database"
  start_phones "$WEBPHONE_PORT" webphone
  calls webphone "$WEBPHONE_PORT" webphone_pids
  stop_phones
  kill "$wp_pid" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
  wp_pid=""
  stop_postgres
  # The callee phones' port is free again before Kamailio's phones take it.
  while ss -lun | grep -q "127.2.0.1:$UAS_PORT "; do sleep 1; done
fi

# --- Kamailio, same accounts (same HA1), phones and scenarios ---
kamailio_pids() { echo "${kam_pids[@]}"; }
if [[ " $SERVERS " == *" kamailio "* ]]; then
  kamailio_users "$work/users.csv" "$work/kamailio-db"
  start_kamailio "$root/bench/kamailio-proxy.cfg" "$KAMAILIO_PORT" \
    -A "USERS_DB=\"text://$work/kamailio-db\""
  echo "kamailio  $(wc -l < "$work/users.csv") accounts in its table"
  start_phones "$KAMAILIO_PORT" kamailio
  calls kamailio "$KAMAILIO_PORT" kamailio_pids
  stop_phones
  stop_kamailio
fi

[[ " $SERVERS " == *" webphone "* && " $SERVERS " == *" kamailio "* ]] || exit 0
for hold in $HOLDS; do
  echo
  echo "calls with digest on every INVITE, UDP, hold ${hold}s, $USERS accounts from $SOURCES sources, ${DURATION}s steps:"
  compare call "webphone-h$hold" "kamailio-h$hold"
done
