#!/usr/bin/env bash
# SIP over secure WebSocket at scale: N browsers' connections, each registering with digest, against
# WebPhone (the README's run command, wss://localhost:8443/sip) and, in the same run on the same
# box, Kamailio 5.6 with its websocket module (bench/kamailio-wss.cfg) on the same certificate;
# then the same over plain WebSocket (ws://), where Kamailio's TLS is out of the picture (Debian's
# Kamailio 5.6.3 with OpenSSL 3 crashed its TLS children under this load: see the note printed).
# Prints for each: connections/s (TLS + WebSocket handshake + REGISTER, 401, REGISTER, 200),
# REGISTER/s over the open connections, and memory per connection: (used heap after a full GC with
# N connections - the same before any) / N for WebPhone, and (PSS with N - PSS before) / N for
# both (PSS: each process' share of its memory, so Kamailio's processes add up honestly).
#
#   bench/wss.sh                     # N=5000
#   N=1000 REFRESH_SECONDS=10 bench/wss.sh
#   SERVERS=kamailio bench/wss.sh   # one of them only (WebPhone still seeds the accounts)
#
# Needs node (the test packages: ./bin/test installs them), kamailio with its websocket and TLS
# modules, openssl and curl; installs the Debian packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
root=$PWD
N=${N:-5000}
CONCURRENCY=${CONCURRENCY:-100}
REFRESH_SECONDS=${REFRESH_SECONDS:-15}
KAMAILIO_PORT=9443
KAMAILIO_WS_PORT=9080
TRANSPORTS=${TRANSPORTS:-"wss ws"}
SERVERS=${SERVERS:-"webphone kamailio"}

need=()
command -v kamailio >/dev/null || need+=(kamailio)
[ -e /usr/lib/x86_64-linux-gnu/kamailio/modules/websocket.so ] || need+=(kamailio-websocket-modules)
[ -e /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so ] || need+=(kamailio-tls-modules)
command -v curl >/dev/null || need+=(curl)
command -v openssl >/dev/null || need+=(openssl)
install_missing "${need[@]}"
[ -d webphone-web/src/test/js/node_modules ] \
  || (cd webphone-web/src/test/js && npm ci --no-audit --no-fund --loglevel=error)
# Each connection costs a descriptor in the load generator and one in the server.
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $((N + 1000)) ] || { echo "open files limit $(ulimit -n) too low for N=$N"; exit 1; }

work=$(mktemp -d /tmp/webphone-wss.XXXXXX)
# Whatever happens, leave no server behind (the next run needs the ports).
cleanup() {
  if [ -f "$work/kamailio.pid" ]; then kill "$(cat "$work/kamailio.pid")" 2>/dev/null || true; fi
  if [ -n "${wp_pid:-}" ]; then kill "$wp_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
echo "work folder: $work; N=$N, $CONCURRENCY handshakes in flight, refresh for ${REFRESH_SECONDS}s"

pss_kb() { # summed PSS of the given pids, KiB
  local total=0 pid
  for pid in "$@"; do
    v=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo $total
}

heap_kb() { # used Java heap after a full GC, KiB (transactions of the last requests end first)
  sleep 5
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/ total .* used / {for (i=1;i<=NF;i++) if ($i=="used") {sub("K,?","",$(i+1)); print $(i+1); exit}}'
}

# run NAME URL PASSWORD MEMORY-FUNCTION PIDS...: the load, with memory measured before and while held.
run() {
  local name=$1 url=$2 password=$3 pids=("${@:4}")
  local hold="$work/$name.hold" heap0="" heapN="" pss0 pssN
  [[ "$name" == webphone* ]] && heap0=$(heap_kb "${pids[0]}")
  pss0=$(pss_kb "${pids[@]}")
  touch "$hold"
  node bench/wss-load.mjs "$url" "$N" "$CONCURRENCY" "$REFRESH_SECONDS" "$password" \
    "$work/certificate.pem" "$hold" > "$work/$name.out" 2> "$work/$name.err" &
  local load=$!
  until grep -q '"phase":"holding"' "$work/$name.out" 2>/dev/null; do
    kill -0 $load 2>/dev/null || { echo "$name: load generator failed: $(cat "$work/$name.err")"; return 1; }
    sleep 1
  done
  [[ "$name" == webphone* ]] && heapN=$(heap_kb "${pids[0]}")
  pssN=$(pss_kb "${pids[@]}")
  rm -f "$hold"
  wait $load || true
  local reg refresh open
  reg=$(grep '"phase":"register"' "$work/$name.out")
  refresh=$(grep '"phase":"refresh"' "$work/$name.out")
  open=$(grep -o '"open":[0-9]*' "$work/$name.out" | cut -d: -f2)
  printf '%-13s %s\n%-13s %s\n' "$name" "$reg" "$name" "$refresh"
  printf '%-13s %s connections held; memory per connection: PSS %s KiB' "$name" "$open" \
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
if [[ " $SERVERS " == *" webphone "* ]]; then
  [[ " $TRANSPORTS " == *" wss "* ]] && run webphone-wss wss://localhost:8443/sip "$load_pw" "$wp_pid"
  [[ " $TRANSPORTS " == *" ws "* ]] && run webphone-ws ws://localhost:8080/sip "$load_pw" "$wp_pid"
fi
kill "$wp_pid" 2>/dev/null || true
wait "$launcher" 2>/dev/null || true

# --- Kamailio: a certificate of the same kind (self-signed for localhost, ECDSA P-256: the
# handshake costs the same), same accounts. WebPhone's own key never leaves its sealed store. ---
(umask 077; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj /CN=localhost -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' \
  -keyout "$work/key.pem" -out "$work/certificate.pem" 2>/dev/null)
cat > "$work/tls.cfg" <<TLS
[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
private_key = $work/key.pem
certificate = $work/certificate.pem
TLS
[[ " $SERVERS " == *" kamailio "* ]] || exit 0
# -m: shared memory in MB (TLS needs ~80 KB per connection; the 64 MB default runs out near 400).
kamailio -f bench/kamailio-wss.cfg -P "$work/kamailio.pid" -Y "$work" -m 1024 -M 16 \
  -A "PORT=$KAMAILIO_PORT" -A "WSPORT=$KAMAILIO_WS_PORT" -A "TLSCFG=\"$work/tls.cfg\"" -A "LOAD_PW=\"$load_pw\"" -E \
  > "$work/kamailio.log" 2>&1
deadline=$((SECONDS + 30))
until ss -ltn | grep -q "127.0.0.1:$KAMAILIO_PORT "; do
  [ $SECONDS -lt $deadline ] || { echo "Kamailio did not start: $(tail "$work/kamailio.log")"; exit 1; }
  sleep 1
done
sleep 2 # its children have forked
kam_pids=($(pgrep -x kamailio))
if [[ " $TRANSPORTS " == *" wss "* ]]; then
  run kamailio-wss "wss://localhost:$KAMAILIO_PORT/" "$load_pw" "${kam_pids[@]}" || true
  if ! kill -0 "$(cat "$work/kamailio.pid" 2>/dev/null)" 2>/dev/null \
     || grep -q "exited by a signal" "$work/kamailio.log"; then
    echo "kamailio-wss: Kamailio's TLS crashed ($(grep -c 'exited by a signal' "$work/kamailio.log") children by a signal; log: $work/kamailio.log)"
  fi
fi
if [[ " $TRANSPORTS " == *" ws "* ]]; then
  # A fresh Kamailio: the WSS run may have left it crippled.
  kill "$(cat "$work/kamailio.pid" 2>/dev/null)" 2>/dev/null || true
  pkill -x kamailio 2>/dev/null || true
  deadline=$((SECONDS + 30))
  while pgrep -x kamailio >/dev/null; do [ $SECONDS -lt $deadline ] || break; sleep 1; done
  kamailio -f bench/kamailio-wss.cfg -P "$work/kamailio.pid" -Y "$work" -m 1024 -M 16 \
    -A "PORT=$KAMAILIO_PORT" -A "WSPORT=$KAMAILIO_WS_PORT" -A "TLSCFG=\"$work/tls.cfg\"" \
    -A "LOAD_PW=\"$load_pw\"" -E > "$work/kamailio-ws.log" 2>&1
  until ss -ltn | grep -q "127.0.0.1:$KAMAILIO_WS_PORT "; do sleep 1; done
  sleep 2
  kam_pids=($(pgrep -x kamailio))
  run kamailio-ws "ws://localhost:$KAMAILIO_WS_PORT/" "$load_pw" "${kam_pids[@]}"
fi
echo "logs and outputs: $work"
