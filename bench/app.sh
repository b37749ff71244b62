#!/usr/bin/env bash
# The app's first load: the time until its sign-in form takes input, and the bytes a browser
# downloads for it (Chromium, a fresh profile per load: nothing cached). The issue's budget:
# <= 1 s and <= 250 KB compressed.
#
# Against WebPhone (the README's run command, http://localhost:8080/) and, in the same run on the
# same box with the same browser, nginx serving the very same built files (target/app, with the
# precompressed .gz files: gzip_static) and the same /api/config answer as a static file: the
# reference for what the files cost with a server that does nothing else.
#
#   bench/app.sh              # ROUNDS=20
#   ROUNDS=50 bench/app.sh
#
# Needs node with the test packages (./bin/test installs them), chromium, nginx and curl; installs
# the Debian packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROUNDS=${ROUNDS:-20}
NGINX_PORT=9082

need=()
command -v nginx >/dev/null || need+=(nginx)
command -v curl >/dev/null || need+=(curl)
[ -x /usr/bin/chromium ] || need+=(chromium)
install_missing "${need[@]}"
test_packages

work=$(mktemp -d /tmp/webphone-app.XXXXXX)
cleanup() {
  if [ -n "${launcher:-}" ]; then pkill -f -- "--systemproperties $work/webphone/tls" 2>/dev/null || true; fi
  if [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
}
trap cleanup EXIT
echo "work folder: $work; $ROUNDS loads per figure"

start_webphone "$work"

mkdir -p "$work/static/api" "$work/nginx"
cp -r webphone-web/target/app/. "$work/static/"
curl -fs http://127.0.0.1:8080/api/config > "$work/static/api/config"
chmod -R a+rX "$work"
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  gzip_static on;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  types {
    text/html html; text/css css; text/javascript js; application/manifest+json webmanifest;
    image/svg+xml svg; application/json config;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/static;
    location = /api/config { default_type application/json; }
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work/nginx"

node bench/app.mjs "$ROUNDS" http://localhost:8080 "WebPhone (Payara Micro)"
node bench/app.mjs "$ROUNDS" "http://localhost:$NGINX_PORT" "nginx, same files     "
