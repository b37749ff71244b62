#!/usr/bin/env bash
# SIP over secure WebSocket at scale: N browsers' connections, each registering with digest, against
# WebPhone (the README's run command, wss://localhost:8443/sip) and, in the same run on the same
# box, Kamailio 5.6 with its websocket module (bench/kamailio-wss.cfg) on the same certificate.
# Prints for each: connections/s (TLS + WebSocket handshake + REGISTER, 401, REGISTER, 200),
# REGISTER/s over the open connections, and memory per connection: (used heap after a full GC with
# N connections - the same before any) / N for WebPhone, and (PSS with N - PSS before) / N for
# both (PSS: each process' share of its memory, so Kamailio's processes add up honestly).
#
#   bench/wss.sh                     # N=5000
#   N=1000 REFRESH_SECONDS=10 bench/wss.sh
#
# Needs node (the test packages: ./bin/test installs them), kamailio with its websocket and TLS
# modules, openssl and curl; installs the Debian packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
N=${N:-5000}
CONCURRENCY=${CONCURRENCY:-100}
REFRESH_SECONDS=${REFRESH_SECONDS:-15}
KAMAILIO_PORT=9443

need=()
command -v kamailio >/dev/null || need+=(kamailio)
[ -e /usr/lib/x86_64-linux-gnu/kamailio/modules/websocket.so ] || need+=(kamailio-websocket-modules)
[ -e /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so ] || need+=(kamailio-tls-modules)
command -v curl >/dev/null || need+=(curl)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -d webphone-web/src/test/js/node_modules ] \
  || (cd webphone-web/src/test/js && npm ci --no-audit --no-fund --loglevel=error)
ulimit -n 65536

work=$(mktemp -d /tmp/webphone-wss.XXXXXX)
echo "work folder: $work; N=$N, $CONCURRENCY handshakes in flight, refresh for ${REFRESH_SECONDS}s"

pss_kb() { # summed PSS of the given pids, KiB
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/smaps_rollup" ] || continue
    total=$((total + $(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")))
  done
  echo $total
}

heap_kb() { # used Java heap after a full GC, KiB
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/ total .* used / {for (i=1;i<=NF;i++) if ($i=="used") {sub("K,?","",$(i+1)); print $(i+1); exit}}'
}

# run NAME URL PASSWORD MEMORY-FUNCTION PIDS...: the load, with memory measured before and while held.
run() {
  local name=$1 url=$2 password=$3 pids=("${@:4}")
  local hold="$work/$name.hold" heap0="" heapN="" pss0 pssN
  [ "$name" = webphone ] && heap0=$(heap_kb "${pids[0]}")
  pss0=$(pss_kb "${pids[@]}")
  touch "$hold"
  node bench/wss-load.mjs "$url" "$N" "$CONCURRENCY" "$REFRESH_SECONDS" "$password" \
    "$work/certificate.pem" "$hold" > "$work/$name.out" 2> "$work/$name.err" &
  local load=$!
  until grep -q '"phase":"holding"' "$work/$name.out" 2>/dev/null; do
    kill -0 $load 2>/dev/null || { echo "$name: load generator failed: $(cat "$work/$name.err")"; return 1; }
    sleep 1
  done
  [ "$name" = webphone ] && heapN=$(heap_kb "${pids[0]}")
  pssN=$(pss_kb "${pids[@]}")
  rm -f "$hold"
  wait $load || true
  local reg refresh open
  reg=$(grep '"phase":"register"' "$work/$name.out")
  refresh=$(grep '"phase":"refresh"' "$work/$name.out")
  open=$(grep -o '"open":[0-9]*' "$work/$name.out" | cut -d: -f2)
  printf '%-9s %s\n%-9s %s\n' "$name" "$reg" "$name" "$refresh"
  printf '%-9s %s connections held; memory per connection: PSS %s KiB' "$name" "$open" \
    "$(( (pssN - pss0) / (open > 0 ? open : 1) ))"
  [ -n "$heapN" ] && printf ', Java heap after full GC %s KiB' "$(( (heapN - heap0) / (open > 0 ? open : 1) ))"
  printf '\n'
  grep -q '"failed":0' <<<"$reg" || echo "$name: some registrations failed: $(head -5 "$work/$name.err")"
}

# --- WebPhone ---
export WEBPHONE_DATA_DIR=$work/webphone WEBPHONE_DEMO_LOAD_USERS=$N
./bin/webphone > "$work/webphone.log" 2>&1 &
launcher=$!
deadline=$((SECONDS + 300))
until curl -fs -o /dev/null http://127.0.0.1:8080/health/ready; do
  [ $SECONDS -lt $deadline ] || { echo "WebPhone did not become ready"; exit 1; }
  sleep 1
done
wp_pid=$(pgrep -f -- "--systemproperties $work/webphone/tls/system.properties" | head -1)
cp "$work/webphone/tls/certificate.pem" "$work/certificate.pem"
load_pw=$(sed -n 's/^load=//p' "$work/webphone/demo-users.properties")
run webphone wss://localhost:8443/sip "$load_pw" "$wp_pid"
kill "$wp_pid" 2>/dev/null || true
wait "$launcher" 2>/dev/null || true

# --- Kamailio: same certificate and key, same accounts ---
(umask 077; openssl pkcs12 -in "$work/webphone/tls/keystore.p12" -nocerts -nodes \
  -passin "file:$work/webphone/tls/keystore.password" -out "$work/key.pem" 2>/dev/null)
cat > "$work/tls.cfg" <<TLS
[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
private_key = $work/key.pem
certificate = $work/certificate.pem
TLS
kamailio -f bench/kamailio-wss.cfg -P "$work/kamailio.pid" -Y "$work" \
  -A "PORT=$KAMAILIO_PORT" -A "TLSCFG=\"$work/tls.cfg\"" -A "LOAD_PW=\"$load_pw\"" -E \
  > "$work/kamailio.log" 2>&1
deadline=$((SECONDS + 30))
until ss -ltn | grep -q "127.0.0.1:$KAMAILIO_PORT "; do
  [ $SECONDS -lt $deadline ] || { echo "Kamailio did not start: $(tail "$work/kamailio.log")"; exit 1; }
  sleep 1
done
kam_pids=($(pgrep -x kamailio))
run kamailio "wss://localhost:$KAMAILIO_PORT/" "$load_pw" "${kam_pids[@]}"
kill "$(cat "$work/kamailio.pid")" 2>/dev/null || true
echo "logs and outputs: $work"
