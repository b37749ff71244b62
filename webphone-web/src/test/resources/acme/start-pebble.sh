#!/usr/bin/env bash
# Starts an ACME test CA on loopback for the certificate tests: Debian's pebble (directory on
# https://127.0.0.1:14000/dir, management on :15000) and its pebble-challtestsrv as DNS only, which
# answers 127.0.0.1 for every name and no IPv6 (pebble prefers IPv6 without falling back, and our
# HTTP listener is on 127.0.0.1): so any name, e.g. acme.webphone.test, is validated against our
# server without asking a real resolver. HTTP-01 is checked on port $2 (the server's HTTP port).
# pebble ships no certificate for its own HTTPS: a throwaway CA made here signs one; clients trust
# $1/ca.pem. Writes $1/pids. Usage: start-pebble.sh DIR HTTP_PORT [VALIDITY_SECONDS]
set -euo pipefail
dir=$1
http_port=$2
validity=${3:-604800}
mkdir -p "$dir"
cd "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj '/CN=pebble test root' \
  -keyout ca.key -out ca.pem 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=localhost' \
  -keyout key.pem -out cert.csr 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > san.ext
openssl x509 -req -in cert.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext \
  -out cert.pem 2>/dev/null
cat > config.json <<JSON
{
  "pebble": {
    "listenAddress": "127.0.0.1:14000",
    "managementListenAddress": "127.0.0.1:15000",
    "certificate": "$dir/cert.pem",
    "privateKey": "$dir/key.pem",
    "httpPort": $http_port,
    "tlsPort": 5001,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false,
    "certificateValidityPeriod": $validity
  }
}
JSON
pebble-challtestsrv -defaultIPv4 127.0.0.1 -defaultIPv6 "" -dns01 127.0.0.1:8053 -http01 "" \
  -https01 "" -tlsalpn01 "" -management 127.0.0.1:8055 > challtestsrv.log 2>&1 &
echo $! > pids
# No sleeping validations, and bad nonces only now and then (acme4j retries them).
PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 pebble -config config.json -dnsserver 127.0.0.1:8053 \
  > pebble.log 2>&1 &
echo $! >> pids
for _ in $(seq 1 100); do
  if curl -fs --cacert ca.pem -o /dev/null https://127.0.0.1:14000/dir; then exit 0; fi
  sleep 0.1
done
echo "pebble did not start:" >&2
cat pebble.log >&2
exit 1
