#!/usr/bin/env bash
# REGISTER with digest over UDP (SIPp, webphone-web/src/test/resources/sipp/register.xml), stepping the offered rate up: WebPhone (the README's run command)
# and, in the same run on the same box, Kamailio as the reference registrar. A registration counts
# when its 401 + 200 pair completes. Prints, for each server, the highest rate with no failure,
# the server's CPU per registration at each step, and the ratio WebPhone / Kamailio.
#
#   bench/register.sh                       # default steps
#   RATES="500 1000" DURATION=5 bench/register.sh
#
# Needs sipp (sip-tester), kamailio and curl; installs them from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
RATES=${RATES:-"1000 1500 2000 2500 3000 4000 5000 6000 8000"}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-30}
WEBPHONE_PORT=5060
KAMAILIO_PORT=5070

need=()
command -v sipp >/dev/null || need+=(sip-tester)
command -v kamailio >/dev/null || need+=(kamailio)
command -v curl >/dev/null || need+=(curl)
install_missing "${need[@]}"

work=$(mktemp -d /tmp/webphone-bench.XXXXXX)
echo "work folder: $work"
hz=$(getconf CLK_TCK)

# step NAME PORT PIDS...: offers each rate for DURATION seconds; prints one line per rate.
step() {
  local name=$1 port=$2
  shift 2
  local pids=("$@") best=0 rate
  # Warm-up (not reported), the same for both: the JVM keeps compiling hot paths for a minute
  # and more after start (the first step after a short warm-up lost up to 15%); Kamailio fills
  # its caches.
  local w
  for w in 1000 2000; do
    sipp -sf "$root/webphone-web/src/test/resources/sipp/register.xml" "${auth[@]}" -t u1 \
      -i 127.0.0.1 -p 0 -r "$w" -m $((w * WARMUP)) -timeout 120s -nostdin \
      "127.0.0.1:$port" > "$work/$name-warmup-$w.log" 2>&1 || true
  done
  for rate in $RATES; do
    local calls=$((rate * DURATION))
    local before after ok failed
    before=$(ticks "${pids[@]}")
    sipp -sf "$root/webphone-web/src/test/resources/sipp/register.xml" "${auth[@]}" -t u1 \
      -i 127.0.0.1 -p 0 -r "$rate" -m "$calls" -l $((rate * 4)) -timeout $((DURATION * 3 + 30))s -nostdin \
      -trace_stat -stf "$work/$name-$rate.csv" "127.0.0.1:$port" > "$work/$name-$rate.log" 2>&1 || true
    after=$(ticks "${pids[@]}")
    ok=$(awk -F';' 'NR>1 {v=$16} END {print v+0}' "$work/$name-$rate.csv")
    failed=$(awk -F';' 'NR>1 {v=$18} END {print v+0}' "$work/$name-$rate.csv")
    local cpu_us="n/a"
    [ "$ok" -gt 0 ] && cpu_us=$(( (after - before) * 1000000 / hz / ok ))
    printf '%-9s offered %5d/s  registered %7d  failed %6d  server CPU %6s us/registration\n' \
      "$name" "$rate" "$ok" "$failed" "$cpu_us"
    if [ "$failed" -eq 0 ] && [ "$ok" -eq "$calls" ]; then
      best=$rate
    else
      break
    fi
  done
  # Recovery: after the overloaded step, a light load must pass again.
  local rec=recovered
  sipp -sf "$root/webphone-web/src/test/resources/sipp/register.xml" "${auth[@]}" -t u1 \
    -i 127.0.0.1 -p 0 -r 50 -m 150 -timeout 30s -nostdin -trace_stat -stf "$work/$name-recovery.csv" \
    "127.0.0.1:$port" > "$work/$name-recovery.log" 2>&1 || rec="NOT recovered"
  printf '%-9s highest clean rate %d/s; afterwards %s\n' "$name" "$best" "$rec"
  echo "$best" > "$work/$name.best"
}

wait_ready() {
  local deadline=$((SECONDS + 240))
  until curl -fs -o /dev/null "http://127.0.0.1:8080/health/ready"; do
    [ $SECONDS -lt $deadline ] || { echo "WebPhone did not become ready"; exit 1; }
    sleep 1
  done
}

# --- WebPhone ---
export WEBPHONE_DATA_DIR=$work/webphone
./bin/webphone > "$work/webphone.log" 2>&1 &
wp_launcher=$!
wait_ready
wp_pid=$(pgrep -f -- "--systemproperties $work/webphone/tls/system.properties" | head -1)
alice=$(sed -n 's/^alice=//p' "$work/webphone/demo-users.properties")
bob=$(sed -n 's/^bob=//p' "$work/webphone/demo-users.properties")
# Every registration is alice's (SIPp cannot vary digest credentials per call): both servers
# update the same address-of-record, with a new Call-ID each time.
auth=(-s alice -au alice -ap "$alice" -key domain localhost)
step webphone "$WEBPHONE_PORT" "$wp_pid"
kill "$wp_pid" 2>/dev/null || true
wait "$wp_launcher" 2>/dev/null || true

# --- Kamailio, same users and passwords ---
kamailio -f "$root/bench/kamailio-registrar.cfg" -P "$work/kamailio.pid" -Y "$work" \
  -A "PORT=$KAMAILIO_PORT" -A "ALICE_PW=\"$alice\"" -A "BOB_PW=\"$bob\"" -E > "$work/kamailio.log" 2>&1
deadline=$((SECONDS + 30))
until ss -lun | grep -q "127.0.0.1:$KAMAILIO_PORT "; do
  [ $SECONDS -lt $deadline ] || { echo "Kamailio did not start: $(cat "$work/kamailio.log")"; exit 1; }
  sleep 1
done
kam_pids=($(pgrep -x kamailio))
step kamailio "$KAMAILIO_PORT" "${kam_pids[@]}"
kill "$(cat "$work/kamailio.pid")" 2>/dev/null || true

ours=$(cat "$work/webphone.best")
ref=$(cat "$work/kamailio.best")
if [ "$ref" -gt 0 ]; then
  ratio=$(awk -v a="$ours" -v b="$ref" 'BEGIN {printf "%.2f", a / b}')
else
  ratio="n/a"
fi
echo "REGISTER with digest, UDP: WebPhone ${ours}/s, Kamailio ${ref}/s, ratio ${ratio} (steps: $RATES, ${DURATION}s each)"
