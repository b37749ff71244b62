#!/usr/bin/env bash
# What a hostile peer can make the run command spend (issue 21): floods of requests nobody serves
# (per method), of in-dialog requests for dialogs nobody made, of wrong passwords from many
# sources, and an RTP spray over the whole phone port range. Each flood runs while SIPp places
# legitimate calls (alice → bob's SIPp phone, digest on every INVITE) through the same node.
# Prints per flood: requests sent and answered, the rate absorbed, the answers by status, heap
# after a full GC before and after (target: within 10%), and the legitimate calls that failed
# (target: none). The attackers use sources spread over 127.1.0.0/16 (bench/abuse.mjs).
#
#   bench/abuse.sh                             # 100,000 of each at 2,000/s
#   COUNT=20000 RATE=1000 METHODS="MESSAGE FOO" bench/abuse.sh
#   HISTO=1 bench/abuse.sh                     # also the live-object histogram after each flood
# Heap is printed before, right after, and SETTLE (35) seconds after each flood.
#
# Binds 5060, 5090, 8080 and 8443: stop a running server first. Needs sipp, curl, node and jcmd
# (the JDK); installs sip-tester and curl from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
COUNT=${COUNT:-100000}
RATE=${RATE:-2000}
SOURCES=${SOURCES:-500}
METHODS=${METHODS:-"MESSAGE PUBLISH NOTIFY FOO BYE INFO SUBSCRIBE OPTIONS BYE~ ACK~ INFO~"}
LEGIT_RATE=${LEGIT_RATE:-5}
SPRAY=${SPRAY:-200000}
SETTLE=${SETTLE:-35}
UAS_PORT=5090
scenarios=$root/webphone-sip-servlet/src/test/resources/sipp

need=()
command -v sipp >/dev/null || need+=(sip-tester)
command -v curl >/dev/null || need+=(curl)
install_missing "${need[@]}"
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/webphone-abuse.XXXXXX)
cleanup() {
  [ -n "${uas:-}" ] && kill "$uas" 2>/dev/null || true
  pkill -f -- "--systemproperties $work/webphone/tls" 2>/dev/null || true
}
trap cleanup EXIT
echo "work folder: $work; $COUNT requests per flood at $RATE/s from $SOURCES sources"

start_webphone "$work"
pid=$(pgrep -f -- "--systemproperties $work/webphone/tls/system.properties" | head -1)
alice=$(sed -n 's/^alice=//p' "$work/webphone/demo-users.properties")
bob=$(sed -n 's/^bob=//p' "$work/webphone/demo-users.properties")

# bob's phone: a SIPp UAS that answers every call, registered for bob from its own port (the
# server sends to where a REGISTER came from) before it binds that port.
sipp -sf "$root/webphone-web/src/test/resources/sipp/register-as.xml" -s bob -au bob -ap "$bob" \
  -key domain localhost -key contact_port "$UAS_PORT" -key expires 3600 -i 127.0.0.1 \
  -p "$UAS_PORT" -m 1 -timeout 10s -timeout_error -nostdin 127.0.0.1:5060 > "$work/register.log" 2>&1
sipp -sf "$scenarios/callee.xml" -i 127.0.0.1 -p "$UAS_PORT" -nostdin -bg \
  > "$work/uas.log" 2>&1 || true
uas=$(pgrep -f -- "-p $UAS_PORT" | head -1)

# heap_mb: heap in use after a full GC, in MB.
heap_mb() {
  jcmd "$pid" GC.run > /dev/null
  jcmd "$pid" GC.heap_info | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub("K,?", "", v); printf "%d", v / 1024; exit}}'
}

# legit SECONDS NAME: SIPp calls alice → bob at LEGIT_RATE/s for about SECONDS; prints failed/total.
legit() {
  local calls=$(($1 * LEGIT_RATE))
  [ "$calls" -ge 1 ] || calls=1
  sipp -sf "$scenarios/caller.xml" -s bob -au alice -ap "$alice" -key caller alice \
    -key domain localhost -d 0 -i 127.0.0.1 -p 0 -nostdin -r "$LEGIT_RATE" -m "$calls" \
    -timeout $(($1 + 60))s -trace_stat -stf "$work/legit-$2.csv" 127.0.0.1:5060 \
    > "$work/legit-$2.log" 2>&1 || true
  awk -F';' -v n="$calls" 'NR>1 {ok=$16; failed=$18} END {printf "%d/%d", n - ok, n}' \
    "$work/legit-$2.csv"
}

# Warm-up: the JVM compiles the paths the floods take (not reported).
node bench/abuse.mjs flood 5060 MESSAGE 20000 2000 50 > /dev/null
legit 5 warmup > /dev/null

run() { # NAME COMMAND...: the flood beside legitimate calls, with heap before and after.
  local name=$1 before after result failed
  shift
  before=$(heap_mb)
  legit $((COUNT / RATE + 2)) "$name" > "$work/legit-$name.result" &
  local calls=$!
  result=$(summary "$("$@")")
  wait "$calls"
  failed=$(cat "$work/legit-$name.result")
  after=$(heap_mb)
  [ -z "${HISTO:-}" ] || jmap -histo:live "$pid" > "$work/histo-$name.txt"
  # What stays for the RFC's own timers (Timer J: 32 s over UDP) is gone after SETTLE seconds.
  sleep "$SETTLE"
  printf '%-16s %s  heap %d MB -> %d MB, %d MB %d s later  legitimate calls failed %s\n' \
    "$name" "$result" "$before" "$after" "$(heap_mb)" "$SETTLE" "$failed"
}

summary() { # JSON line -> "sent N answered N (rate/s) codes {...}"
  node -e '
    const r = JSON.parse(process.argv[1]);
    const got = r.answered ?? r.finals ?? r.answeredToSprayer;
    const rate = Math.round(r.sent / r.seconds);
    console.log(`sent ${r.sent} in ${r.seconds.toFixed(1)} s (${rate}/s), answered ${got} ${JSON.stringify(r.codes ?? {})}`);
  ' "$1"
}

for m in $METHODS; do
  run "$m" node bench/abuse.mjs flood 5060 "$m" "$COUNT" "$RATE" "$SOURCES"
done
run wrong-passwords node bench/abuse.mjs wrong-passwords 5060 localhost alice "$COUNT" "$RATE" "$SOURCES"

refused_source() {
  curl -fs 'http://127.0.0.1:8080/metrics?scope=application' \
    | awk '/^webphone_media_packets_refused_source/ {print $2 + 0; exit}'
}
spray_before=$(refused_source || echo 0)
# Calls between SIP phones are not anchored: the spray meets only the legs of browser calls in
# progress (none here), and must cost the node nothing else.
run rtp-spray node bench/abuse.mjs spray 30000 39999 "$SPRAY" 20000
echo "rtp-spray        packets refused for their source (metric): $(( $(refused_source || echo 0) - ${spray_before:-0} ))"
curl -fs 'http://127.0.0.1:8080/metrics?scope=application' | grep '^webphone_sip_refused' || true
