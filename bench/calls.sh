#!/usr/bin/env bash
# Calls through the server, stepping the offered rate up: SIPp UAC (alice, digest on every INVITE:
# 407 then INVITE with credentials) → server → SIPp UAS (bob's phone, registered for him):
# INVITE/180/200/ACK, a hold, BYE/200. WebPhone (the README's run command: a B2BUA, two dialogs
# per call) and, in the same run on the same box, Kamailio as a stateful, record-routing proxy
# (bench/kamailio-proxy.cfg) with the same digest on INVITE. A call counts when the whole scenario
# passes. Prints per server and hold time: the highest rate with no failed call, server CPU per
# call at each step, and the ratio WebPhone / Kamailio.
#
#   bench/calls.sh                                # hold 0 s, default steps
#   HOLDS="0 30" RATES="50 100 200" bench/calls.sh
#   SERVERS=webphone bench/calls.sh               # one of them only (no ratio then)
#
# Needs sipp (sip-tester), kamailio and curl; installs them from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
RATES=${RATES:-"100 200 300 400 500 600 800 1000 1200 1500 2000 2500 3000 4000"}
HOLDS=${HOLDS:-"0"}
SERVERS=${SERVERS:-"webphone kamailio"}
DURATION=${DURATION:-10}
WEBPHONE_PORT=5060
KAMAILIO_PORT=5070
UAS_PORT=5090
scenarios=$root/webphone-sip-servlet/src/test/resources/sipp

need=()
command -v sipp >/dev/null || need+=(sip-tester)
command -v kamailio >/dev/null || need+=(kamailio)
command -v curl >/dev/null || need+=(curl)
install_missing "${need[@]}"
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/webphone-calls.XXXXXX)
cleanup() {
  [ -n "${uas:-}" ] && kill "$uas" 2>/dev/null || true
  [ -n "${wp_pid:-}" ] && kill "$wp_pid" 2>/dev/null || true
  [ -f "$work/kamailio.pid" ] && kill "$(cat "$work/kamailio.pid")" 2>/dev/null || true
}
trap cleanup EXIT
echo "work folder: $work; steps $RATES calls/s, ${DURATION}s each; holds: $HOLDS s"
hz=$(getconf CLK_TCK)

# bob's phone: a SIPp UAS that answers every call (callee.xml), and its contact registered for bob.
start_uas() { # PORT-OF-SERVER
  sipp -sf "$scenarios/callee.xml" -i 127.0.0.1 -p "$UAS_PORT" -nostdin -bg \
    -trace_stat -stf "$work/uas-$1.csv" "127.0.0.1:$1" > "$work/uas-$1.log" 2>&1 || true
  uas=$(pgrep -f -- "-p $UAS_PORT" | head -1)
  sipp -sf "$root/webphone-web/src/test/resources/sipp/register-as.xml" -s bob -au bob -ap "$bob" \
    -key domain localhost -key contact_port "$UAS_PORT" -key expires 3600 -i 127.0.0.1 -p 0 \
    -m 1 -timeout 10s -timeout_error -nostdin "127.0.0.1:$1" > "$work/register-$1.log" 2>&1
}

# step NAME PORT HOLD PIDS...: one line per offered rate, then the best clean rate.
step() {
  local name=$1 port=$2 hold=$3
  shift 3
  local pids=("$@") best=0 rate
  local caller=(-sf "$scenarios/caller.xml" -s bob -au alice -ap "$alice" -key caller alice
    -key domain localhost -d $((hold * 1000)) -i 127.0.0.1 -p 0 -nostdin)
  # Warm-up (not reported), without hold: the JVM compiles its hot paths (its compiler threads
  # still took a quarter of the CPU after 3,000 calls); Kamailio fills its caches.
  sipp -sf "$scenarios/caller.xml" -s bob -au alice -ap "$alice" -key caller alice \
    -key domain localhost -d 0 -i 127.0.0.1 -p 0 -nostdin -r 400 -m 20000 -l 2000 \
    -timeout 180s "127.0.0.1:$port" > "$work/$name-warmup.log" 2>&1 || true
  for rate in $RATES; do
    local calls=$((rate * DURATION)) before after ok failed cpu_us="n/a"
    before=$(ticks "${pids[@]}")
    sipp "${caller[@]}" -r "$rate" -m "$calls" -l $((rate * (hold + 4))) \
      -timeout $((DURATION * 3 + hold + 30))s -trace_stat -stf "$work/$name-$hold-$rate.csv" \
      "127.0.0.1:$port" > "$work/$name-$hold-$rate.log" 2>&1 || true
    after=$(ticks "${pids[@]}")
    ok=$(awk -F';' 'NR>1 {v=$16} END {print v+0}' "$work/$name-$hold-$rate.csv")
    failed=$(awk -F';' 'NR>1 {v=$18} END {print v+0}' "$work/$name-$hold-$rate.csv")
    [ "$ok" -gt 0 ] && cpu_us=$(( (after - before) * 1000000 / hz / ok ))
    printf '%-9s hold %2ss offered %5d/s  completed %7d  failed %6d  server CPU %6s us/call\n' \
      "$name" "$hold" "$rate" "$ok" "$failed" "$cpu_us"
    if [ "$failed" -eq 0 ] && [ "$ok" -eq "$calls" ]; then best=$rate; else break; fi
  done
  printf '%-9s hold %2ss highest clean rate %d calls/s\n' "$name" "$hold" "$best"
  echo "$best" > "$work/$name-$hold.best"
}

# --- WebPhone: limits raised, as an operator would for a trunk-sized account ---
export WEBPHONE_DATA_DIR=$work/webphone WEBPHONE_CALL_MAX_PER_ACCOUNT=1000000 \
  WEBPHONE_CALL_MAX_PER_CUSTOMER=1000000
./bin/webphone > "$work/webphone.log" 2>&1 &
deadline=$((SECONDS + 240))
until curl -fs -o /dev/null "http://127.0.0.1:8080/health/ready"; do
  [ $SECONDS -lt $deadline ] || { echo "WebPhone did not become ready"; exit 1; }
  sleep 1
done
wp_pid=$(pgrep -f -- "--systemproperties $work/webphone/tls/system.properties" | head -1)
alice=$(sed -n 's/^alice=//p' "$work/webphone/demo-users.properties")
bob=$(sed -n 's/^bob=//p' "$work/webphone/demo-users.properties")
if [[ " $SERVERS " == *" webphone "* ]]; then
  start_uas "$WEBPHONE_PORT"
  for hold in $HOLDS; do step webphone "$WEBPHONE_PORT" "$hold" "$wp_pid"; done
fi
kill ${uas:-} "$wp_pid" 2>/dev/null || true
uas=""
wp_pid=""
while ss -lun | grep -q "127.0.0.1:$UAS_PORT "; do sleep 1; done

[[ " $SERVERS " == *" kamailio "* ]] || exit 0

# --- Kamailio, same users, passwords and scenarios ---
# -m: shared memory in MB. Its 64 MB default runs out of transactions near 400 calls/s (tm: "out
# of mem") long before its CPU does: that would measure the default, not Kamailio.
kamailio -f "$root/bench/kamailio-proxy.cfg" -P "$work/kamailio.pid" -Y "$work" -m 1024 -M 16 \
  -A "PORT=$KAMAILIO_PORT" -A "ALICE_PW=\"$alice\"" -A "BOB_PW=\"$bob\"" -E > "$work/kamailio.log" 2>&1
deadline=$((SECONDS + 30))
until ss -lun | grep -q "127.0.0.1:$KAMAILIO_PORT "; do
  [ $SECONDS -lt $deadline ] || { echo "Kamailio did not start: $(cat "$work/kamailio.log")"; exit 1; }
  sleep 1
done
kam_pids=($(pgrep -x kamailio))
start_uas "$KAMAILIO_PORT"
for hold in $HOLDS; do step kamailio "$KAMAILIO_PORT" "$hold" "${kam_pids[@]}"; done

[[ " $SERVERS " == *" webphone "* ]] || exit 0
for hold in $HOLDS; do
  ours=$(cat "$work/webphone-$hold.best")
  ref=$(cat "$work/kamailio-$hold.best")
  ratio=n/a
  [ "$ref" -gt 0 ] && ratio=$(awk -v a="$ours" -v b="$ref" 'BEGIN {printf "%.2f", a / b}')
  echo "calls (INVITE digest on, UDP, hold ${hold}s): WebPhone ${ours}/s, Kamailio ${ref}/s, ratio ${ratio}"
done
