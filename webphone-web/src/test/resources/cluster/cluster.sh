#!/usr/bin/env bash
# The local cluster as a user starts it: ./bin/webphone-cluster 3 (three nodes behind HAProxy, on
# one PostgreSQL: the one given here, in a database of its own), then the cluster's Node stories:
# - phonebook-push.test.mjs with the phone on node 2 and the admin through the front: the phone
#   hears of a change saved on whichever node the front chose;
# - cluster-front.test.mjs: the front serves the app, its readiness and the API, and takes a node
#   that is not ready out of rotation;
# - cluster-calls.test.mjs: browsers on different nodes call each other through the callee's node,
#   and a made-up hop token relays nothing; an account's call limit holds across nodes;
# - cluster-failover.test.mjs: a node that hangs is removed and merges back; a node killed
#   (it stays dead) has its phones register again through the front;
# - a fourth node with secrets of its own (digest secret, vault key) joins the data grid (what is
#   left of it), says which secrets differ and stops, while the cluster goes on serving.
# Writes "node=<exit code>,refused=<ok or what went wrong>" to OUT/result.
# Usage: cluster.sh REPO_ROOT OUT_DIR POSTGRES_JDBC_URL POSTGRES_PASSWORD
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
export WEBPHONE_DATA_DIR=$out/cluster
# Low enough for cluster-calls.test.mjs to reach with three browsers (an account's calls on three
# nodes), high enough for a blind transfer (two places for a moment).
export WEBPHONE_CALL_MAX_PER_ACCOUNT=2
rm -rf "$WEBPHONE_DATA_DIR"

setsid ./bin/webphone-cluster 3 > "$out/cluster.log" 2>&1 &
cluster=$!
stop() {
  kill -TERM -- "-$cluster" 2> /dev/null || true
  wait "$cluster" 2> /dev/null || true
}
trap stop EXIT

deadline=$((SECONDS + 480))
until grep -q "^WebPhone cluster of 3 nodes ready" "$out/cluster.log"; do
  if ! kill -0 "$cluster" 2> /dev/null || [ $SECONDS -ge $deadline ]; then
    echo "the cluster did not start"
    cat "$out/cluster.log"
    exit 1
  fi
  sleep 1
done
for i in 1 2 3; do ln -sf "cluster/node-$i.log" "$out/node-$i.log"; done

set +e
(cd webphone-web/src/test/js \
  && WEBPHONE_HTTP=http://localhost:8080 WEBPHONE_HTTPS=https://localhost:8463 \
     WEBPHONE_CLUSTER_NODES=3 WEBPHONE_SIP_PORT=5070 timeout 300 node --test --test-concurrency=1 \
     --test-reporter=spec phonebook-push.test.mjs cluster-front.test.mjs cluster-calls.test.mjs \
     > "$out/node.log" 2>&1)
node=$?
# On its own and last: it leaves a node dead.
(cd webphone-web/src/test/js \
  && WEBPHONE_HTTP=http://localhost:8080 WEBPHONE_CLUSTER_NODES=3 timeout 300 node --test \
     --test-reporter=spec cluster-failover.test.mjs >> "$out/node.log" 2>&1)
node=$((node | $?))

# A node with secrets of its own: it must refuse, name both, and leave the others serving.
data4=$out/cluster/node-4
WEBPHONE_DATA_DIR=$data4 WEBPHONE_HTTP_PORT=8120 WEBPHONE_HTTPS_PORT=8483 \
  WEBPHONE_SIP_UDP_PORT=5100 WEBPHONE_SIP_TCP_PORT=5100 WEBPHONE_SIP_TLS_PORT=5101 \
  WEBPHONE_MEDIA_PORT=20040 WEBPHONE_MEDIA_TCP_PORT=20040 \
  WEBPHONE_MEDIA_RTP_PORT_MIN=33000 WEBPHONE_MEDIA_RTP_PORT_MAX=33999 \
  WEBPHONE_CLUSTER_MEMBERS=127.0.0.1:6900,127.0.0.1:6901,127.0.0.1:6902 WEBPHONE_CLUSTER_PORT=6903 \
  WEBPHONE_REGISTRAR_DIGEST_SECRET=$(head -c 32 /dev/urandom | base64 -w0) \
  WEBPHONE_TLS_VAULT_KEY=$(head -c 32 /dev/urandom | base64 -w0) WEBPHONE_HEAP=512m \
  timeout 300 ./bin/webphone --name node-4 > "$out/node-4.log" 2>&1
code=$?
refusal=$(grep -a "refuses to join the cluster" "$out/node-4.log" || true)
if [ $code -ne 78 ]; then
  refused="exit-$code"
elif [[ $refusal != *"digest secret differs"* || $refusal != *"vault key differs"* ]]; then
  refused="not-named"
elif ! curl -fs -o /dev/null http://127.0.0.1:8080/health/ready; then
  refused="front-down"
else
  refused=ok
fi
echo "node=$node,refused=$refused" > "$out/result"
