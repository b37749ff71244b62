#!/usr/bin/env bash
# Two nodes on one PostgreSQL, clustered on loopback through Payara's data grid: node A is the run
# command (HTTP 8080, HTTPS 8443, SIP 5060/5061), node B the same WAR on HTTP 8081, HTTPS 8444, SIP
# 5062/5063. Then phonebook-push.test.mjs with the phone on node B and the admin on node A: the
# phone must hear of a change saved on the other node. Writes "node=<exit code>" to OUT/result.
# Usage: two-nodes.sh REPO_ROOT OUT_DIR POSTGRES_JDBC_URL POSTGRES_PASSWORD
set -euo pipefail
root=$1
out=$2
url=$3
password=$4
mkdir -p "$out"
cd "$root"

# A database of its own: the other database tests' customers (and their admin) must not be there.
hostport=${url#jdbc:postgresql://}
hostport=${hostport%%/*}
host=${hostport%:*}
port=${hostport#*:}
psql=$(ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -1)
PGPASSWORD=$password "$psql" -h "$host" -p "$port" -U webphone -d postgres -q \
  -c 'DROP DATABASE IF EXISTS webphone_cluster' -c 'CREATE DATABASE webphone_cluster'

export WEBPHONE_DB_DATASOURCE_CLASS=org.postgresql.ds.PGSimpleDataSource
export WEBPHONE_DB_URL="jdbc:postgresql://$host:$port/webphone_cluster"
export WEBPHONE_DB_USER=webphone WEBPHONE_DB_PASSWORD=$password
# Nodes of a cluster share the server secret (docs/configuration.md).
WEBPHONE_REGISTRAR_DIGEST_SECRET=$(head -c 24 /dev/urandom | base64)
export WEBPHONE_REGISTRAR_DIGEST_SECRET
export WEBPHONE_HEAP=512m WEBPHONE_DATA_DIR=$out/a

pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT

ready() { # ready PORT LOG
  local deadline=$((SECONDS + 240))
  until curl -fs -o /dev/null "http://127.0.0.1:$1/health/ready"; do
    if [ $SECONDS -ge $deadline ] || grep -aq "Exception while loading the app" "$2"; then
      echo "node on $1 did not start"
      return 1
    fi
    sleep 1
  done
}

setsid ./bin/webphone > "$out/a.log" 2>&1 &
pids+=($!)
ready 8080 "$out/a.log"

WEBPHONE_SIP_UDP_PORT=5062 WEBPHONE_SIP_TCP_PORT=5062 WEBPHONE_SIP_TLS_PORT=5063 \
WEBPHONE_SIP_WS_PORT=8081 WEBPHONE_SIP_WSS_PORT=8444 \
WEBPHONE_MEDIA_PORT=20002 WEBPHONE_MEDIA_TCP_PORT=20002 \
  setsid java -Xmx512m -Dhazelcast.phone.home.enabled=false \
  -jar webphone-web/target/payara/payara-micro.jar --disablephonehome \
  --deploy webphone-web/target/webphone.war --contextroot / \
  --port 8081 --sslport 8444 \
  --systemproperties "$out/a/tls/system.properties" \
  --interfaces 127.0.0.1 --clustermode tcpip:127.0.0.1:6900 \
  --addlibs webphone-web/target/payara/webphone-tls.jar \
  --prebootcommandfile bin/payara-preboot.asadmin > "$out/b.log" 2>&1 &
pids+=($!)
ready 8081 "$out/b.log"
grep -a "DG Size: 2" "$out/b.log" > /dev/null || { echo "node B did not join node A's data grid"; exit 1; }

set +e
(cd webphone-web/src/test/js \
  && WEBPHONE_HTTP=http://localhost:8080 WEBPHONE_HTTPS=https://localhost:8444 \
     WEBPHONE_DATA_DIR=$out/a timeout 120 node --test --test-reporter=spec phonebook-push.test.mjs \
     > "$out/node.log" 2>&1)
echo "node=$?" > "$out/result"
