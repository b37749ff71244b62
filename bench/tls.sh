#!/usr/bin/env bash
# TLS handshakes on the HTTPS listener (what every phone's WSS connection and page load starts
# with): WebPhone's listener, whose key manager answers each handshake from LiveKeys (by SNI, swapped
# without a restart: docs/certificates.md), against stock Payara Micro with its own implementation
# and a key store holding a certificate of the same kind (ECDSA P-256, self-signed for localhost),
# on the same box, one after the other, under the same load. The load: CLIENTS openssl s_time
# processes opening new connections (full handshakes, no resumption) for DURATION seconds each.
# Prints handshakes/s and the server's CPU per handshake (from /proc/PID/stat).
#
#   bench/tls.sh                 # DURATION=15 CLIENTS=2
#   DURATION=30 bench/tls.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
DURATION=${DURATION:-15}
CLIENTS=${CLIENTS:-2}
command -v openssl >/dev/null || install_missing openssl
command -v keytool >/dev/null || { echo "needs a JDK (keytool)"; exit 1; }
[ -f webphone-web/target/payara/payara-micro.jar ] || mvn -B -q -DskipTests package
work=$(mktemp -d /tmp/webphone-bench-tls.XXXXXX)
stock=""
trap 'kill $stock 2>/dev/null || true; pkill -f -- "--systemproperties $work/webphone/tls" || true' EXIT
hz=$(getconf CLK_TCK)

# load NAME PORT PID: CLIENTS s_time processes for DURATION s; prints handshakes/s and CPU each.
load() {
  local name=$1 port=$2 pid=$3 t0 t1 i total=0 n clients=()
  # Warm-up: the JIT and the listener's SSLContext (built at the first handshake).
  openssl s_time -connect "127.0.0.1:$port" -new -time 3 >/dev/null 2>&1 || true
  t0=$(ticks "$pid")
  for i in $(seq 1 "$CLIENTS"); do
    openssl s_time -connect "127.0.0.1:$port" -new -time "$DURATION" \
      > "$work/$name.$i.out" 2>&1 &
    clients+=($!)
  done
  wait "${clients[@]}" || true
  t1=$(ticks "$pid")
  for i in $(seq 1 "$CLIENTS"); do
    n=$(sed -n 's/^\([0-9]*\) connections in [0-9.]* real seconds.*/\1/p' "$work/$name.$i.out" | tail -1)
    total=$((total + ${n:-0}))
  done
  [ "$total" -gt 0 ] || { echo "$name: no handshakes: $(cat "$work/$name.1.out")"; return 1; }
  awk -v name="$name" -v n="$total" -v d="$DURATION" -v ticks=$((t1 - t0)) -v hz="$hz" 'BEGIN {
    printf "%-22s %7d handshakes in %s s: %6.0f/s, server CPU %5.0f us each\n",
      name, n, d, n / d, ticks * 1000000 / hz / n }'
}

# --- stock Payara Micro: its own SSL implementation, a P-256 key store ---
keytool -genkeypair -alias bench -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
  -validity 2 -dname CN=localhost -ext SAN=dns:localhost,ip:127.0.0.1 \
  -keystore "$work/stock.p12" -storetype PKCS12 -storepass changeit -keypass changeit 2>/dev/null
java -Xmx512m -Dhazelcast.phone.home.enabled=false -Djavax.net.ssl.keyStore="$work/stock.p12" \
  -Djavax.net.ssl.keyStorePassword=changeit -Djavax.net.ssl.keyStoreType=PKCS12 \
  -jar webphone-web/target/payara/payara-micro.jar --disablephonehome --nocluster \
  --interfaces 127.0.0.1 --port 18080 --sslport 18443 --sslcert bench \
  --rootdir "$work/stock-root" > "$work/stock.log" 2>&1 &
stock=$!
deadline=$((SECONDS + 240))
until curl -sk -o /dev/null https://127.0.0.1:18443/; do
  [ $SECONDS -lt $deadline ] || { echo "stock Payara did not start"; exit 1; }
  sleep 1
done
load "payara-stock" 18443 "$stock"
kill $stock; wait $stock 2>/dev/null || true; stock=""

# --- WebPhone: the run command (LiveKeys, its own self-signed P-256 certificate) ---
start_webphone "$work"
wp_pid=$(pgrep -f -- "--systemproperties $work/webphone/tls/system.properties" | head -1)
load "webphone-livekeys" 8443 "$wp_pid"
