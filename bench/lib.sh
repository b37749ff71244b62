# shellcheck shell=bash disable=SC2034 # (sets variables for its callers)
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

# ports_free PORT...: waits (60 s at most) until nothing listens on these ports (TCP or UDP, any
# address), else exits: a server still running there would answer in ours' place.
ports_free() {
  local port busy deadline=$((SECONDS + 60))
  for port in "$@"; do
    while busy=$(ss -Hlntup "( sport = :$port )" | head -1) && [ -n "$busy" ]; do
      if [ $SECONDS -ge $deadline ]; then echo "port $port is in use: $busy"; exit 1; fi
      sleep 1
    done
  done
}

# start_webphone WORK: starts the run command with its data in WORK/webphone (log in
# WORK/webphone.log) and waits until it is ready; sets $launcher. The caller's EXIT trap stops it
# with: pkill -f -- "--systemproperties $WORK/webphone/tls".
start_webphone() {
  local work=$1 deadline
  ports_free 8080 8443 5060 5061 6900
  export WEBPHONE_DATA_DIR=$work/webphone
  ./bin/webphone > "$work/webphone.log" 2>&1 &
  launcher=$!
  deadline=$((SECONDS + 600))
  until curl -fs -o /dev/null http://127.0.0.1:8080/health/ready; do
    if [ $SECONDS -ge $deadline ] || grep -q "Exception while loading the app" "$work/webphone.log" \
       || ! kill -0 "$launcher" 2>/dev/null; then
      echo "WebPhone did not start: $(grep -m3 'Caused by' "$work/webphone.log")"
      exit 1
    fi
    sleep 1
  done
}

# --- SIP load with many accounts from many sources (register.sh, calls.sh) ---
# Callers set: work (the work folder), SOURCES, DOMAIN, and for ceiling START, FACTOR, MAX_RATE,
# REFINE and DURATION; calls.sh sets uas_pids (its callee phones, part of the load generator).
hz=$(getconf CLK_TCK)
uas_pids=()
# SIPp's socket buffers (its default, 64 KB, overflowed in bursts near 1,600 calls/s, and the
# load generator then lost the server's answers); the kernel caps it at net.core.rmem_max.
SIPP_BUFFER=4194304

# make_users FILE N: accounts bench1..benchN, each with its own random password, one line each:
# user;password;HA1 with HA1 = MD5(user:DOMAIN:password), the realm being the domain as for every
# account WebPhone creates (AccountService.createAccount, DigestCredentials.ha1).
make_users() {
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const crypto = require("crypto");
    const [file, n, realm] = [process.argv[1], Number(process.argv[2]), process.argv[3]];
    const lines = [];
    for (let i = 1; i <= n; i++) {
      // Letters first: SIPp reads a password that starts with "0x" as hex (AKA keys).
      const user = "bench" + i, password = "pw" + crypto.randomBytes(12).toString("base64url");
      const ha1 = crypto.createHash("md5").update(`${user}:${realm}:${password}`).digest("hex");
      lines.push(`${user};${password};${ha1}\n`);
    }
    require("fs").writeFileSync(file, lines.join(""));
  ' "$1" "$2" "$DOMAIN"
}

# source_ip K: the address SIPp process K (0-based) sends from: 127.1.0.1, 127.1.0.2... Every
# 127/8 address is loopback on Linux without configuring it, and WebPhone limits authentication
# failures (and binds nonces) per source address: many sources keep those limits out of the load.
source_ip() { echo "127.1.$(($1 / 250)).$(($1 % 250 + 1))"; }

# split_users FILE PREFIX AWK-PROGRAM: SOURCES injection files PREFIX-K.csv for SIPp process K
# (accounts K+1, K+1+SOURCES... of FILE: a phone registers from one place, so an account's contact
# stays the same from step to step). The AWK program prints one line of fields from $1 (user), $2
# (password), $3 (HA1) and the variables k (process) and ip (its address) and n (accounts).
split_users() {
  local file=$1 prefix=$2 program=$3 k
  for ((k = 0; k < SOURCES; k++)); do
    { echo SEQUENTIAL
      awk -F';' -v s="$SOURCES" -v k="$k" -v ip="$(source_ip "$k")" -v n="$(wc -l < "$file")" \
        "(NR - 1) % s == k { $program }" "$file"; } > "$prefix-$k.csv"
  done
}

# start_postgres: a throw-away PostgreSQL cluster in $work/pg on a free loopback port, with a
# random password; exports WEBPHONE_DB_* so that the run command uses it (its schema migrates at
# start). PostgreSQL refuses to run as root: it then runs as the "postgres" user the package made.
# The caller's EXIT trap calls stop_postgres.
start_postgres() {
  pg_bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_dir=$work/pg
  pg_port=55440
  while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
  pg_password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  mkdir -p "$pg_dir"
  as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    chmod 711 "$work"
    chown postgres "$pg_dir"
    as_pg=(runuser -u postgres --)
  fi
  printf '%s\n' "$pg_password" > "$pg_dir/pw"
  chmod 644 "$pg_dir/pw"
  "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U webphone --pwfile="$pg_dir/pw" \
    --auth=scram-sha-256 -E UTF8 > "$pg_dir/initdb.log" 2>&1
  rm "$pg_dir/pw"
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir" start > /dev/null \
    || { echo "PostgreSQL did not start: $(tail -5 "$pg_dir/server.log")"; exit 1; }
  psql_webphone -d postgres -qc 'CREATE DATABASE webphone' > /dev/null
  export WEBPHONE_DB_DATASOURCE_CLASS=org.postgresql.ds.PGSimpleDataSource
  export WEBPHONE_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/webphone"
  export WEBPHONE_DB_USER=webphone WEBPHONE_DB_PASSWORD=$pg_password
}

stop_postgres() {
  if [ -z "${pg_dir:-}" ] || [ ! -d "$pg_dir/data" ]; then return 0; fi
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop > /dev/null 2>&1 || true
  rm -rf "$pg_dir/data"
}

# psql_webphone ARGS...: psql on the bench cluster as its owner (database webphone unless -d).
psql_webphone() {
  PGPASSWORD=$pg_password "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U webphone -v ON_ERROR_STOP=1 \
    -d webphone "$@"
}

# postgres_pids: the cluster's processes (postmaster and its children, the connections of the
# server's pool among them): the database work is part of WebPhone's cost.
postgres_pids() {
  local main
  main=$(head -1 "$pg_dir/data/postmaster.pid" 2>/dev/null) || return 0
  echo "$main" $(pgrep -P "$main")
}

# provision_webphone FILE: the accounts of FILE (user;password;HA1) in WebPhone's database, once
# the run command has migrated its schema, in the rows AccountService.createAccount writes: a
# customer "Bench" and its accounts with HA1 only, realm = domain = $DOMAIN, enabled. Ids come
# from the sequences EclipseLink allocates from, so later accounts made by the server cannot clash.
provision_webphone() {
  awk -F';' '{print $1 ";" $3}' "$1" > "$work/accounts.csv"
  psql_webphone -q <<SQL
CREATE TEMP TABLE bench_account (username VARCHAR(64), ha1 VARCHAR(32));
\\copy bench_account FROM '$work/accounts.csv' WITH (FORMAT csv, DELIMITER ';')
INSERT INTO customer (id, name, status, created_at, default_region)
  VALUES (nextval('customer_seq'), 'Bench', 'ACTIVE', now(), 'US');
INSERT INTO sip_account (id, customer_id, username, domain, realm, extension, display_name, ha1,
                         enabled, created_at)
  SELECT nextval('sip_account_seq'), (SELECT id FROM customer WHERE name = 'Bench'), username,
         '$DOMAIN', '$DOMAIN', NULL, NULL, ha1, TRUE, now()
  FROM bench_account;
SQL
  psql_webphone -tAc "SELECT count(*) FROM sip_account a JOIN customer c ON c.id = a.customer_id WHERE c.name = 'Bench'"
}

# kamailio_users FILE FOLDER: the same accounts as a db_text table FOLDER/users in the layout
# htable loads (key_name = user, key_value = HA1, string values that never expire).
kamailio_users() {
  mkdir -p "$2"
  awk -F';' 'BEGIN {print "key_name(string) key_type(int) value_type(int) key_value(string) expires(int)"}
    {print $1 ":0:0:" $3 ":0"}' "$1" > "$2/users"
}

# start_kamailio CFG PORT ARGS...: Kamailio with CFG listening on 127.0.0.1:PORT (ARGS: more -A
# definitions); sets kam_pids (its main process and children). -m: shared memory in MB (the 64 MB
# default runs out of transactions near 400 calls/s long before the CPU does: that would measure
# the default, not Kamailio).
start_kamailio() {
  local cfg=$1 port=$2 deadline
  shift 2
  ports_free "$port"
  kamailio -f "$cfg" -P "$work/kamailio.pid" -Y "$work" -m 1024 -M 16 -A "PORT=$port" "$@" -E \
    > "$work/kamailio.log" 2>&1
  deadline=$((SECONDS + 30))
  until ss -lun | grep -q "127.0.0.1:$port "; do
    [ $SECONDS -lt $deadline ] || { echo "Kamailio did not start: $(tail -5 "$work/kamailio.log")"; exit 1; }
    sleep 1
  done
  sleep 2 # its children have forked
  kam_pids=("$(cat "$work/kamailio.pid")")
  mapfile -t -O 1 kam_pids < <(pgrep -P "${kam_pids[0]}")
}

stop_kamailio() {
  if [ -f "$work/kamailio.pid" ]; then kill "$(cat "$work/kamailio.pid")" 2>/dev/null || true; fi
}

# box_busy: CPU ticks of the whole machine so far, busy and total ("busy total", /proc/stat).
box_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }

# udp_drops PORT...: datagrams the UDP sockets bound to these local ports dropped so far, their
# receive buffer full (/proc/net/udp and udp6, last column: Java's sockets are IPv6 ones, even on
# 127.0.0.1). udp_rcvbuf_errors: the same for every socket of the machine (/proc/net/snmp and
# snmp6), those of SIPp processes that have ended included.
udp_drops() {
  awk -v ports="$*" 'BEGIN {n = split(ports, p, " "); for (i = 1; i <= n; i++) want[sprintf("%04X", p[i])] = 1}
    FNR > 1 {split($2, a, ":"); if (a[2] in want) d += $NF} END {print d + 0}' /proc/net/udp /proc/net/udp6
}
udp_rcvbuf_errors() {
  awk '/^Udp:/ {if (!c) {for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i} else v += $c}
    /^Udp6RcvbufErrors/ {v += $2} END {print v + 0}' /proc/net/snmp /proc/net/snmp6
}

# settle PIDS...: waits until the server is idle again (under 10% of a core for a second; 2 s at
# least, 60 s at most), so that the leftovers of one step (retransmissions, transactions ending,
# garbage collection) are not charged to the next.
settle() {
  local i t0 t1
  sleep 2
  for ((i = 0; i < 60; i++)); do
    t0=$(ticks "$@")
    sleep 1
    t1=$(ticks "$@")
    [ $((t1 - t0)) -gt $((hz / 10)) ] || return 0
  done
}

# load DIR PER CALLS TARGET SCENARIO INF-PREFIX SIPP-ARGS...: SOURCES SIPp processes at once, each
# offering PER calls/s of SCENARIO to TARGET (host:port) until it has placed CALLS: process K
# sends from source_ip K (port 5080) with the injection file INF-PREFIX-K.csv. Writes DIR/result:
# "ok failed retransmissions wall_ms send_s sipp_ticks_max sipp_ticks_sum p99_ms", where send_s is
# the latest second (SIPp's 1 s statistics) at which a process had created all its calls, and
# p99_ms the 99th percentile of RTD 1 over every completed call (SIPp measures it in whole ms).
load() {
  local dir=$1 per=$2 calls=$3 target=$4 scenario inf k start end runners=()
  scenario=$(realpath "$5")
  inf=$(realpath -m "$6")
  shift 6
  rm -rf "$dir"
  mkdir -p "$dir"
  start=$(date +%s%N)
  for ((k = 0; k < SOURCES; k++)); do
    mkdir -p "$dir/$k"
    # A subshell each, which reads its SIPp's CPU time from its own reaped children's (cutime +
    # cstime) once SIPp has ended. SIPp writes its RTD trace into the current folder.
    (
      cd "$dir/$k" || exit
      sipp -sf "$scenario" -inf "$inf-$k.csv" -key domain "$DOMAIN" -t u1 \
        -i "$(source_ip "$k")" -p 5080 -r "$per" -m "$calls" -l $((per * (${HOLD:-0} + 4) + 20)) \
        -recv_timeout 10000 -timeout $((calls * 3 / per + ${HOLD:-0} + 60))s -nostdin -buff_size "$SIPP_BUFFER" \
        -trace_stat -stf stat.csv -fd 1 -trace_rtt -rtt_freq 1 -trace_err "$@" \
        "$target" > sipp.log 2>&1 || true
      awk '{print $16 + $17}' "/proc/$BASHPID/stat" > ticks
    ) &
    runners+=($!)
  done
  wait "${runners[@]}"
  end=$(date +%s%N)
  # Stat files: column 5 ElapsedTime(C) (h:m:s), 13 TotalCallCreated, 16 SuccessfulCall(C),
  # 18 FailedCall(C), 58 Retransmissions(C); the last line is the final count.
  local ok=0 failed=0 retrans=0 send=0 tmax=0 tsum=0 v1 v2 v3 v4 v p99
  for ((k = 0; k < SOURCES; k++)); do
    if [ -s "$dir/$k/stat.csv" ]; then
      read -r v1 v2 v3 v4 < <(awk -F';' -v calls="$calls" '
        NR > 1 {s = $16; f = $18; r = $58
                if (sent == "" && $13 >= calls) {split($5, t, ":"); sent = t[1] * 3600 + t[2] * 60 + t[3]}}
        END {print s + 0, f + 0, r + 0, (sent == "" ? 9999 : sent)}' "$dir/$k/stat.csv")
      ok=$((ok + v1)) failed=$((failed + v2)) retrans=$((retrans + v3))
      [ "$v4" -le "$send" ] || send=$v4
    fi
    v=$(cat "$dir/$k/ticks" 2>/dev/null || echo 0)
    tsum=$((tsum + v))
    [ "$v" -le "$tmax" ] || tmax=$v
  done
  p99=$(find "$dir" -name '*_rtt.csv' -exec cat {} + | awk -F';' '$3 == "1" {print $2}' | sort -n \
    | awk '{v[NR] = $1} END {if (NR == 0) print "n/a"; else {i = int(NR * 0.99); if (i < NR * 0.99) i++; print v[i]}}')
  echo "$ok $failed $retrans $(((end - start) / 1000000)) $send $tmax $tsum $p99" > "$dir/result"
}

# warm_up NAME TARGET SCENARIO INF-PREFIX SIPP-ARGS...: about WARMUP seconds of load, not reported,
# the same for both servers, rising from a tenth of WARMUP_RATE to all of it over the first half:
# the JVM keeps compiling hot paths for a minute and more after start (a first step after a short
# warm-up lost up to 15%), and a fresh WebPhone answered most of 300 REGISTER/s of accounts it had
# not seen yet with 503; Kamailio fills its caches.
warm_up() {
  local name=$1 target=$2 scenario=$3 inf=$4 per=$((WARMUP_RATE / SOURCES)) first increase
  shift 4
  if [ "$WARMUP" -le 0 ] || [ "$per" -le 0 ]; then return 0; fi
  first=$((per / 10 > 0 ? per / 10 : 1))
  increase=$(((per - first) / (WARMUP / 2 > 0 ? WARMUP / 2 : 1)))
  [ "$increase" -ge 1 ] || increase=1
  load "$work/$name-warmup" "$first" $((per * WARMUP)) "$target" "$scenario" "$inf" \
    -rate_increase "$increase" -rate_max "$per" -no_rate_quit "$@"
}

# ladder K: the K-th offered rate, START * FACTOR^K, rounded to a multiple of SOURCES (every SIPp
# process offers the same whole rate). Both servers climb the same ladder, so their CPU per
# operation can also be compared at the same rate.
ladder() {
  # shellcheck disable=SC2153 # START is the caller's setting
  awk -v s="$START" -v f="$FACTOR" -v k="$1" -v n="$SOURCES" \
    'BEGIN {r = s * f ^ k; r = int(r / n + 0.5) * n; print (r < n ? n : r)}'
}

# step NAME PIDS-FUNCTION RATE TARGET SCENARIO INF-PREFIX UNIT SIPP-ARGS...: one step of
# DURATION seconds at RATE; prints its lines and appends "rate ok failed cpu_us p99 clean generator
# box_full" to $work/NAME.steps. Sets step_clean (every call placed and completed, none failed),
# step_generator (why the load generator, not the server, set the pace; empty when it did not) and
# step_box (the box's cores were all busy). The server's CPU is that of the processes
# PIDS-FUNCTION prints, read before and after the step; the load generator's is SIPp's (and the
# callee phones', uas_pids, when set).
step() {
  local name=$1 pids_fn=$2 rate=$3 target=$4 scenario=$5 inf=$6 unit=$7
  shift 7
  local per=$((rate / SOURCES)) calls s0 s1 b0 b1 u0="" u1="" ok failed retrans wall send tmax tsum p99 pid
  calls=$((per * DURATION))
  # shellcheck disable=SC2046 # the functions print pid lists
  settle $($pids_fn)
  local port=${target##*:} d0 d1 a0 a1
  # shellcheck disable=SC2046
  s0=$(ticks $($pids_fn))
  for pid in "${uas_pids[@]}"; do u0+=" $(ticks "$pid")"; done
  b0=$(box_busy)
  d0=$(udp_drops "$port") a0=$(udp_rcvbuf_errors)
  load "$work/$name-$rate" "$per" "$calls" "$target" "$scenario" "$inf" "$@"
  # shellcheck disable=SC2046
  s1=$(ticks $($pids_fn))
  for pid in "${uas_pids[@]}"; do u1+=" $(ticks "$pid")"; done
  b1=$(box_busy)
  d1=$(udp_drops "$port") a1=$(udp_rcvbuf_errors)
  # Datagrams lost to full receive buffers: the server's socket, and the rest (SIPp's callers and
  # callee phones, or anything else on the box).
  local server_drops=$((d1 - d0)) sipp_drops=$((a1 - a0 - (d1 - d0)))
  read -r ok failed retrans wall send tmax tsum p99 < "$work/$name-$rate/result"
  local total=$((calls * SOURCES)) cpu_us="n/a"
  [ "$ok" -gt 0 ] && cpu_us=$(((s1 - s0) * 1000000 / hz / ok))
  step_clean=0
  [ "$failed" -eq 0 ] && [ "$ok" -eq "$total" ] && step_clean=1
  # Who used the box's cores during the step (the rest is other work on the machine), and the
  # busiest load generator process (a SIPp caller or callee phone) in % of a core.
  local usage srv gen other box busiest
  usage=$(awk -v b0="$b0" -v b1="$b1" -v s="$((s1 - s0))" -v t="$tsum" -v m="$tmax" -v u0="$u0" \
    -v u1="$u1" -v w="$wall" -v hz="$hz" 'BEGIN {
      split(b0, x, " "); split(b1, y, " "); secs = w / 1000; n = split(u0, p, " "); split(u1, q, " ")
      for (i = 1; i <= n; i++) {t += q[i] - p[i]; if (q[i] - p[i] > m) m = q[i] - p[i]}
      box = (y[1] - x[1]) / hz / secs; srv = s / hz / secs; gen = t / hz / secs
      other = box - srv - gen; if (other < 0) other = 0
      printf "%.2f %.2f %.2f %.0f %.0f", srv, gen, other, 100 * (y[1] - x[1]) / (y[2] - x[2]), 100 * m / hz / secs}')
  read -r srv gen other box busiest <<< "$usage"
  # The load generator set the pace when SIPp could not create its calls at the offered rate (the
  # last one later than 10% + 1 s past the step's end), or when one of its processes used a whole
  # core. On a box this small SIPp also takes cores the server could have used: said when the box
  # was saturated.
  step_generator=""
  if [ "$sipp_drops" -gt 0 ]; then
    step_generator="$sipp_drops datagrams to SIPp (or other programs) were dropped, their receive buffers full"
  elif [ "$send" -gt $((DURATION + DURATION / 10 + 1)) ]; then
    step_generator="SIPp could not send at the offered rate (its last call left after ${send}s of a ${DURATION}s step)"
  elif [ "$busiest" -ge 90 ]; then
    step_generator="a SIPp process was CPU-bound (${busiest}% of a core)"
  fi
  step_box=0
  [ "$box" -lt 95 ] || step_box=1
  local verdict=clean
  [ "$step_clean" -eq 1 ] || verdict=FAILED
  printf '%-9s %6d/s  %s: %d of %d done, %d failed, %d retransmissions; p99 %s ms; server %s us/%s\n' \
    "$name" "$rate" "$verdict" "$ok" "$total" "$failed" "$retrans" "$p99" "$cpu_us" "$unit"
  printf '%-9s %8s  cores: server %s, SIPp %s (busiest process %s%%), others %s; box %s%% busy\n' \
    "" "" "$srv" "$gen" "$busiest" "$other" "$box"
  [ "$server_drops" -eq 0 ] || printf '%-9s %8s  the server'"'"'s socket dropped %d datagrams, its receive buffer full\n' "" "" "$server_drops"
  [ -z "$step_generator" ] || printf '%-9s %8s  LOAD GENERATOR LIMIT: %s\n' "" "" "$step_generator"
  [ "$step_box" -eq 0 ] || printf '%-9s %8s  BOX SATURATED: SIPp took %s of its cores, the server had the rest\n' "" "" "$gen"
  local generator=0
  [ -z "$step_generator" ] || generator=1
  echo "$rate $ok $failed $cpu_us $p99 $step_clean $generator $step_box" >> "$work/$name.steps"
}

# ceiling NAME PIDS-FUNCTION TARGET SCENARIO INF-PREFIX UNIT SIPP-ARGS...: climbs the ladder until
# a step fails, the load generator sets the pace, or MAX_RATE; then halves the gap between the
# last clean rate and the failed one REFINE times; then checks that a light load passes again.
# Writes "best p99 cpu_us outcome" to $work/NAME.best.
ceiling() {
  local name=$1 pids_fn=$2 target=$3 scenario=$4 inf=$5 unit=$6
  shift 6
  local k=0 rate best=0 failed_at=0 outcome="" lo hi mid i
  : > "$work/$name.steps"
  # note_failure RATE: what the failed step at RATE says about the ceiling.
  note_failure() {
    outcome="failed at $1/s"
    [ "$step_box" -eq 0 ] || outcome="$outcome with the box saturated (SIPp shared its cores)"
  }
  while :; do
    rate=$(ladder $k)
    if [ "$rate" -gt "$MAX_RATE" ]; then outcome="not reached: MAX_RATE $MAX_RATE/s passed cleanly"; break; fi
    step "$name" "$pids_fn" "$rate" "$target" "$scenario" "$inf" "$unit" "$@"
    if [ "$step_clean" -eq 1 ]; then best=$rate; else failed_at=$rate; note_failure "$rate"; fi
    if [ -n "$step_generator" ]; then
      outcome="not measured: the load generator set the pace at $rate/s"
      break
    fi
    [ "$step_clean" -eq 1 ] || break
    k=$((k + 1))
  done
  if [ "$failed_at" -gt 0 ] && [ -z "$step_generator" ]; then
    lo=$best hi=$failed_at
    for ((i = 0; i < REFINE; i++)); do
      mid=$(( (lo + hi) / 2 / SOURCES * SOURCES ))
      # Not worth a step when the gap is already under 10% of the clean rate.
      if [ "$mid" -le "$lo" ] || [ $(((hi - lo) * 10)) -le "$lo" ]; then break; fi
      step "$name" "$pids_fn" "$mid" "$target" "$scenario" "$inf" "$unit" "$@"
      if [ "$step_clean" -eq 1 ]; then lo=$mid best=$mid; else hi=$mid; note_failure "$mid"; fi
      if [ -n "$step_generator" ]; then
        outcome="$outcome; the load generator set the pace at $mid/s"
        break
      fi
    done
  fi
  # After an overload a light load (the first step, for half as long) must pass again.
  local recovered=""
  if [ "$failed_at" -gt 0 ]; then
    local per calls ok failed
    per=$(($(ladder 0) / SOURCES))
    calls=$((per * (DURATION + 1) / 2))
    # shellcheck disable=SC2046
    settle $($pids_fn)
    load "$work/$name-recovery" "$per" "$calls" "$target" "$scenario" "$inf" "$@"
    read -r ok failed _ < "$work/$name-recovery/result"
    if [ "$failed" -eq 0 ] && [ "$ok" -eq $((calls * SOURCES)) ]; then
      recovered="; afterwards $(ladder 0)/s passed again"
    else
      recovered="; afterwards $(ladder 0)/s did NOT pass ($failed failed, $ok done)"
    fi
  fi
  local line cpu_us p99
  line=$(awk -v r="$best" '$1 == r && $6 == 1 {l = $0} END {print l}' "$work/$name.steps")
  read -r _ _ _ cpu_us p99 _ <<< "${line:-0 0 0 n/a n/a}"
  printf '%-9s highest clean rate %d/s (%s us/%s, p99 %s ms); %s%s\n' \
    "$name" "$best" "$cpu_us" "$unit" "$p99" "$outcome" "$recovered"
  echo "$best $p99 $cpu_us $outcome" > "$work/$name.best"
}

# compare UNIT OURS REFERENCE: the summary of two ceilings (from $work/OURS.best and .steps, and
# the same of REFERENCE): rate, CPU per operation and p99 at each one's ceiling, CPU per operation
# at the highest rate both passed cleanly (the ladder is the same: cost per operation falls as the
# rate rises, so this is the like-for-like figure), and the ratios OURS / REFERENCE.
compare() {
  local unit=$1 a=$2 b=$3 ab ap ac bb bp bc common acommon bcommon
  read -r ab ap ac _ < "$work/$a.best"
  read -r bb bp bc _ < "$work/$b.best"
  common=$(awk 'FNR == NR {if ($6 == 1) c[$1] = 1; next} $6 == 1 && c[$1] && $1 > m {m = $1} END {print m + 0}' \
    "$work/$a.steps" "$work/$b.steps")
  acommon=$(awk -v r="$common" '$1 == r && $6 == 1 {v = $4} END {print v}' "$work/$a.steps")
  bcommon=$(awk -v r="$common" '$1 == r && $6 == 1 {v = $4} END {print v}' "$work/$b.steps")
  ratio() { awk -v x="$1" -v y="$2" 'BEGIN {if (x + 0 > 0 && y + 0 > 0) printf "%.2f", x / y; else print "n/a"}'; }
  printf '%-12s %18s %18s %10s   %s\n' server "highest clean rate" "CPU/$unit" "p99" "ceiling"
  printf '%-12s %16s/s %15s us %7s ms   %s\n' "$a" "$ab" "$ac" "$ap" "$(cut -d' ' -f4- "$work/$a.best")"
  printf '%-12s %16s/s %15s us %7s ms   %s\n' "$b" "$bb" "$bc" "$bp" "$(cut -d' ' -f4- "$work/$b.best")"
  if [ "$common" -gt 0 ]; then
    printf 'at %d/s, the highest rate both passed cleanly: %s %s us/%s, %s %s us/%s\n' \
      "$common" "$a" "$acommon" "$unit" "$b" "$bcommon" "$unit"
  fi
  printf 'ratio %s / %s: rate %s; CPU per %s %s (each at its own ceiling)' \
    "$a" "$b" "$(ratio "$ab" "$bb")" "$unit" "$(ratio "$ac" "$bc")"
  [ "$common" -eq 0 ] || printf ', %s (both at %d/s)' "$(ratio "$acommon" "$bcommon")" "$common"
  printf '\n'
}
