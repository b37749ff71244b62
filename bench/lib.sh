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
