#!/usr/bin/env bash
# The run command on a PostgreSQL of its own (a throwaway cluster on loopback, bench/lib.sh's), then
# database-outage.test.mjs, which stops and starts that database under calls, and kills the server
# with SIGKILL and starts it again, through the four commands this script writes for it.
# Writes "node=<exit code>" to OUT/result. Usage: outage.sh REPO_ROOT OUT_DIR
set -euo pipefail
root=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
cd "$root"
work=$out
# shellcheck source=../../../../../bench/lib.sh
source bench/lib.sh # start_postgres, stop_postgres

server_stop() { # a clean stop, or SIGKILL after a minute
  local deadline=$((SECONDS + 60)) signal=TERM
  while pgrep -f -- "--systemproperties $WEBPHONE_DATA_DIR/tls" > /dev/null; do
    [ $SECONDS -lt $deadline ] || signal=KILL
    pkill -$signal -f -- "--systemproperties $WEBPHONE_DATA_DIR/tls" 2>/dev/null || true
    sleep 0.5
  done
}
trap stop_postgres EXIT
start_postgres # exports WEBPHONE_DB_*

export WEBPHONE_DATA_DIR=$out/data WEBPHONE_HEAP=512m
trap 'server_stop; stop_postgres' EXIT
# Credentials, the call directory and trunks are read again after 1 s instead of 60 and 5: the
# outage's look-ups reach the stopped database, and the last answers must stand in.
export WEBPHONE_REGISTRAR_CREDENTIALS_CACHE_TTL=1 WEBPHONE_TRUNK_CACHE_TTL=1

# The commands the test runs; each returns once done (the server: once ready, or gone).
pg_ctl=$(printf '%q ' "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data")
cat > "$out/db-stop" <<SH
#!/usr/bin/env bash
exec $pg_ctl -m fast stop > /dev/null
SH
cat > "$out/db-start" <<SH
#!/usr/bin/env bash
exec $pg_ctl -l $(printf %q "$pg_dir/server.log") -w \
  -o $(printf %q "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir") start > /dev/null
SH
# The server's data folder is read when they run: the H2 run below uses another.
cat > "$out/kill" <<'SH'
#!/usr/bin/env bash
pkill -KILL -f -- "--systemproperties $WEBPHONE_DATA_DIR/tls"
while pgrep -f -- "--systemproperties $WEBPHONE_DATA_DIR/tls" > /dev/null; do sleep 0.1; done
SH
cat > "$out/start" <<SH
#!/usr/bin/env bash
# setsid: a process group of its own, detached from the test's output.
n=\$(ls $(printf %q "$out")/server-*.log 2>/dev/null | wc -l)
setsid $(printf %q "$root/bin/webphone") > $(printf %q "$out")/server-\$n.log 2>&1 < /dev/null &
deadline=\$((SECONDS + 240))
until curl -fs -o /dev/null http://127.0.0.1:8080/health/ready; do
  if [ \$SECONDS -ge \$deadline ] || ! kill -0 \$! 2>/dev/null; then
    echo "the server did not start: \$(tail -5 $(printf %q "$out")/server-\$n.log)" >&2
    exit 1
  fi
  sleep 0.5
done
SH
chmod +x "$out/db-stop" "$out/db-start" "$out/kill" "$out/start"

ports_free 8080 8443 5060 5061 6900
"$out/start"
set +e
node_tests() { # node_tests LOG [NODE_TEST_OPTION...]
  local log=$1
  shift
  (cd webphone-web/src/test/js \
    && WEBPHONE_KILL=$out/kill WEBPHONE_START=$out/start timeout 600 node --test \
       --test-reporter=spec "$@" database-outage.test.mjs > "$out/$log" 2>&1)
}
WEBPHONE_DB_STOP=$out/db-stop WEBPHONE_DB_START=$out/db-start node_tests node.log
pg=$?
# The crashes again on the embedded default, H2 in the data folder (what an admin saved, on H2's
# own commit path): a fresh data folder, no outage (there is no database server to stop).
server_stop
unset WEBPHONE_DB_DATASOURCE_CLASS WEBPHONE_DB_URL WEBPHONE_DB_USER WEBPHONE_DB_PASSWORD
export WEBPHONE_DATA_DIR=$out/h2-data
"$out/start" && node_tests node-h2.log --test-name-pattern='kill -9'
h2=$?
server_stop
echo "node=$pg,h2=$h2" > "$out/result"
