#!/usr/bin/env bash
# The phonebook at scale: a 10,000-contact phonebook (two numbers each) synced to a phone and
# searched in the control panel.
#
# Prints, for GET /api/phonebook with the phone's bearer token: the JSON size, and the request time
# (median and 95th percentile over ROUNDS requests on one keep-alive connection) for a full answer
# (200) and for a revalidation (If-None-Match → 304); and, as the reference on the same box with
# the same client, nginx serving the very same bytes as a static file. Then, in the control panel
# (Chromium): the time to open the phonebook page, and the time of a search (key up → table
# updated) for a few queries.
#
#   bench/phonebook.sh            # N=10000 ROUNDS=30
#   N=2000 bench/phonebook.sh
#
# Needs node with the test packages (./bin/test installs them), chromium, nginx and curl; installs
# the Debian packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${N:-10000}
ROUNDS=${ROUNDS:-30}
NGINX_PORT=9081

need=()
command -v nginx >/dev/null || need+=(nginx)
command -v curl >/dev/null || need+=(curl)
[ -x /usr/bin/chromium ] || need+=(chromium)
install_missing "${need[@]}"
test_packages

work=$(mktemp -d /tmp/webphone-phonebook.XXXXXX)
cleanup() {
  if [ -n "${launcher:-}" ]; then pkill -f -- "--systemproperties $work/webphone/tls" 2>/dev/null || true; fi
  if [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
}
trap cleanup EXIT
echo "work folder: $work; N=$N contacts, $ROUNDS requests per figure"

export WEBPHONE_DEMO_LOAD_USERS=1 WEBPHONE_DEMO_LOAD_CONTACTS=$N
start=$SECONDS
start_webphone "$work"
echo "WebPhone ready (first start, seeding $N contacts included) in $((SECONDS - start)) s"

# The reference: nginx with the same bytes as a static file (written by the script below).
mkdir -p "$work/static" "$work/nginx"
# nginx workers run as an unprivileged user: let them read the static file.
chmod 755 "$work" "$work/static"
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  types { application/json json; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/static;
    etag on;
  }
}
NGINX

WEBPHONE_DATA_DIR=$work/webphone node bench/phonebook.mjs "$ROUNDS" "$work/static" \
  "http://127.0.0.1:$NGINX_PORT" "nginx -c $work/nginx.conf -p $work/nginx"
