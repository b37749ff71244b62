# Shared by the bench/*.sh scripts (sourced, not run).

# install_missing PKG...: installs the named Debian packages (none: nothing to do).
install_missing() {
  [ $# -gt 0 ] || return 0
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# ticks PID...: CPU ticks (user + system) of the given processes, their threads included
# (/proc/PID/stat); divide by `getconf CLK_TCK` for seconds.
ticks() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo $total
}

# test_packages: the Node tests' npm packages (playwright-core, ws...), installed when missing.
test_packages() {
  [ -d webphone-web/src/test/js/node_modules ] \
    || (cd webphone-web/src/test/js && npm ci --no-audit --no-fund --loglevel=error)
}

# start_webphone WORK: starts the run command with its data in WORK/webphone (log in
# WORK/webphone.log) and waits until it is ready; sets $launcher. The caller's EXIT trap stops it
# with: pkill -f -- "--systemproperties $WORK/webphone/tls".
start_webphone() {
  local work=$1 deadline
  export WEBPHONE_DATA_DIR=$work/webphone
  ./bin/webphone > "$work/webphone.log" 2>&1 &
  launcher=$!
  deadline=$((SECONDS + 600))
  until curl -fs -o /dev/null http://127.0.0.1:8080/health/ready; do
    if [ $SECONDS -ge $deadline ] || grep -q "Exception while loading the app" "$work/webphone.log"; then
      echo "WebPhone did not start: $(grep -m3 'Caused by' "$work/webphone.log")"
      exit 1
    fi
    sleep 1
  done
}
