#!/usr/bin/env bash
# Runs inside a fresh network namespace (unshare --net) whose only interface is loopback:
# starts the README's run command under strace, waits until it is ready, registers alice with
# SIPp, checks TLS, runs the Node tests (ws, and JsSIP in headless Chromium) against it, kills it
# with SIGKILL right after a call and starts it again, backs it up while it runs, restores the
# backup into a fresh data folder and starts there, and stops it. Every connect/sendto of every process is written to $out/strace.txt for
# the test to check. Usage: run-command-offline.sh REPO_ROOT OUT_DIR
set -euo pipefail
root=$1
out=$2
mkdir -p "$out"
ip link set lo up

export WEBPHONE_DATA_DIR=$out/data WEBPHONE_HEAP=512m
# A mail server inside the namespace (GreenMail: SMTP on 3025, its REST API on 8025) for the
# sign-up test's verification mail; the server is pointed at it like an operator would.
java -Xmx128m -Dgreenmail.setup.test.smtp -Dgreenmail.hostname=127.0.0.1 -Dgreenmail.auth.disabled \
  -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port=8025 \
  -jar "$root/webphone-web/target/greenmail/greenmail.jar" > "$out/greenmail.log" 2>&1 &
greenmail=$!
export WEBPHONE_MAIL_SMTP_HOST=127.0.0.1 WEBPHONE_MAIL_SMTP_PORT=3025 WEBPHONE_MAIL_STARTTLS=false
export GREENMAIL_API=http://127.0.0.1:8025
# An ACME certificate authority inside the namespace (Debian's pebble, certificates valid 7 days),
# the server pointed at it like an operator would at theirs; a certificate with less than 8 days
# left is due, so "Refresh Certificates" renews every ordered one (admin-certificates.test.mjs).
"$root/webphone-web/src/test/resources/acme/start-pebble.sh" "$out/pebble" 8080 604800
export WEBPHONE_ACME_DIRECTORY=https://127.0.0.1:14000/dir WEBPHONE_ACME_TRUST=$out/pebble/ca.pem
export WEBPHONE_ACME_POLL_INTERVAL=100 WEBPHONE_ACME_RENEW_BEFORE=691200
export PEBBLE_CA=$out/pebble/ca.pem
# Probe WebSocket phones every 2 s instead of 30, so that the browser test sees probes soon.
export WEBPHONE_REGISTRAR_PROBE_INTERVAL=2
# Ring for 6 s instead of 60 before the caller hears 480, so that the browser test sees a call
# ring out (call.test.mjs reads the same variable).
export WEBPHONE_CALL_NO_ANSWER_TIMEOUT=6
# A browser leg whose ICE cannot complete fails after this many seconds (call.test.mjs).
export WEBPHONE_MEDIA_HANDSHAKE_TIMEOUT=4
# A talking call whose leg sends nothing for this many seconds is ended (desk-phone.test.mjs);
# more than the 9 s outage app-network.test.mjs lives through.
export WEBPHONE_MEDIA_SILENCE_TIMEOUT=12
# Watches for the first SIP answer and checks /api and /sip at that moment (first-sip-answer.mjs).
node "$root/webphone-web/src/test/resources/netns/first-sip-answer.mjs" > "$out/first-sip" 2>&1 &
first_sip=$!
# 127.0.0.5 stands for a load balancer in front of the node: its X-Forwarded-For names the client
# (signalling.test.mjs).
export WEBPHONE_WEB_TRUSTED_PROXIES=127.0.0.5
# setsid: the server gets a process group of its own, so that it can be stopped as a whole.
setsid strace -f --seccomp-bpf -qq -e trace=connect,sendto,sendmsg -o "$out/strace.txt" \
  "$root/bin/webphone" > "$out/server.log" 2>&1 &
server=$!

ready=false
deadline=$((SECONDS + 240))
while [ $SECONDS -lt $deadline ]; do
  if curl -fs -o /dev/null http://127.0.0.1:8080/health/ready; then ready=true; break; fi
  kill -0 "$server" 2>/dev/null || break
  sleep 1
done
echo "ready=$ready" > "$out/result"
if $ready; then
  wait "$first_sip" || true
  cat "$out/first-sip" >> "$out/result"
  pw=$(sed -n 's/^alice=//p' "$out/data/demo-users.properties")
  set +e
  sipp -sf "$root/webphone-web/src/test/resources/sipp/register.xml" -s alice -au alice -ap "$pw" \
    -key domain localhost -t u1 -i 127.0.0.1 -p 0 -m 1 -timeout 30s -timeout_error -nostdin \
    127.0.0.1:5060 > "$out/sipp.log" 2>&1
  echo "sipp=$?" >> "$out/result"
  bobpw=$(sed -n 's/^bob=//p' "$out/data/demo-users.properties")
  # bob's phone registers from port 5090 and answers CALLS calls there, in the background (sets
  # bob, its pid). Usage: bob_answers CALLS LOG_SUFFIX [SIPP_OPTION...]
  bob_answers() {
    local calls=$1 suffix=$2
    shift 2
    sipp -sf "$root/webphone-web/src/test/resources/sipp/register-as.xml" -s bob -au bob \
      -ap "$bobpw" -key domain localhost -key contact_port 5090 -key expires 300 -i 127.0.0.1 \
      -p 5090 -m 1 -timeout 30s -timeout_error -nostdin 127.0.0.1:5060 \
      > "$out/sipp-register-bob$suffix.log" 2>&1
    sipp -sf "$root/webphone-sip-servlet/src/test/resources/sipp/callee.xml" -i 127.0.0.1 \
      -p 5090 -m "$calls" -nostdin "$@" > "$out/sipp-bob$suffix.log" 2>&1 &
    bob=$!
  }
  # A call between two UDP phones through the B2BUA: bob's phone (SIPp, port 5090) registers from
  # that port (the server sends to where a REGISTER came from), alice calls his extension 1002,
  # talks, hangs up. Sets alice_rc (her SIPp's exit status, 0 once her BYE was answered) and bob
  # (his SIPp's pid, to wait for). Usage: alice_calls_bob LOG_SUFFIX
  alice_calls_bob() {
    bob_answers 1 "$1" -timeout 30s -timeout_error
    sipp -sf "$root/webphone-sip-servlet/src/test/resources/sipp/caller.xml" -s 1002 -au alice \
      -ap "$pw" -key caller alice -key domain localhost -i 127.0.0.1 -p 0 -m 1 -timeout 30s \
      -timeout_error -nostdin 127.0.0.1:5060 > "$out/sipp-alice$1.log" 2>&1
    alice_rc=$?
  }
  alice_calls_bob ""
  wait "$bob"
  echo "call-udp=$alice_rc/$?" >> "$out/result"
  # That phone is gone: its contact goes too, or the browsers' calls to bob would ring it as well.
  sipp -sf "$root/webphone-web/src/test/resources/sipp/register-as.xml" -s bob -au bob -ap "$bobpw" \
    -key domain localhost -key contact_port 5090 -key expires 0 -i 127.0.0.1 -p 0 -m 1 \
    -timeout 30s -timeout_error -nostdin 127.0.0.1:5060 > "$out/sipp-unregister-bob.log" 2>&1
  code=$(curl -sk -o /dev/null -w '%{http_code}' https://127.0.0.1:8443/)
  echo "https=$code" >> "$out/result"
  # What the server listens on for every address (TCP and UDP): the web ports only. SIP, media and
  # the data grid (Hazelcast binds every interface unless told not to) stay on the bind address.
  wildcard=$(ss -Hltunp | grep '"java"' | awk '{print $5}' \
    | grep -E '^(\*|0\.0\.0\.0|\[::\]|\[::ffff:0\.0\.0\.0\]):' | sed 's/.*://' | sort -nu \
    | grep -E '^(5060|5061|6900|8080|8443|20000)$' | paste -sd, -)
  echo "listening-everywhere=$wildcard" >> "$out/result"
  # The phone's signalling on the page's HTTPS port: a WSS handshake on /sip is upgraded (101).
  wss=$(curl -sk --http1.1 --max-time 5 -o /dev/null -w '%{http_code}' \
    -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' \
    -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' -H 'Sec-WebSocket-Protocol: sip' \
    -H 'Origin: https://localhost:8443' https://127.0.0.1:8443/sip || true)
  echo "wss-handshake=$wss" >> "$out/result"
  # SIP over TLS on 5061 with the same key store: an OPTIONS over TLS 1.2 is answered ...
  options=$'OPTIONS sip:127.0.0.1:5061 SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bKtls1\r\nMax-Forwards: 70\r\nFrom: <sip:probe@localhost>;tag=1\r\nTo: <sip:127.0.0.1:5061>\r\nCall-ID: tls-probe-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n'
  sip_tls=$(printf '%s' "$options" | timeout 8 openssl s_client -connect 127.0.0.1:5061 -tls1_2 -quiet -ign_eof 2>/dev/null | tr -d '\r' | grep -m1 '^SIP/2.0' || true)
  echo "sip-tls12=$sip_tls" >> "$out/result"
  # ... and over TLS 1.3 (another transaction: new branch and Call-ID).
  options13=${options//z9hG4bKtls1/z9hG4bKtls2}
  sip_tls13=$(printf '%s' "${options13//tls-probe-1/tls-probe-2}" | timeout 8 openssl s_client -connect 127.0.0.1:5061 -tls1_3 -quiet -ign_eof 2>/dev/null | tr -d '\r' | grep -m1 '^SIP/2.0' || true)
  echo "sip-tls13=$sip_tls13" >> "$out/result"
  # ... and TLS 1.1 is refused on SIP and HTTPS, even by a client willing to speak it.
  for port in 5061 8443; do
    if echo | timeout 8 openssl s_client -connect 127.0.0.1:$port -tls1_1 -cipher 'DEFAULT@SECLEVEL=0' 2>/dev/null | grep -q 'BEGIN CERTIFICATE'; then
      echo "tls11-$port=accepted" >> "$out/result"
    else
      echo "tls11-$port=refused" >> "$out/result"
    fi
  done
  # SIP over WebSocket from outside the JVM: Node's ws client, and JsSIP in Debian's Chromium.
  (cd "$root/webphone-web/src/test/js" \
    && timeout 900 node --test --test-concurrency=1 --test-reporter=spec > "$out/node.log" 2>&1)
  echo "node=$?" >> "$out/result"
  # kill -9 in the middle of a burst of calls, right after one more call's hang-up. Every call
  # that ended (its record is journaled before its final answer leaves) is in alice's history
  # after a restart, exactly once: the one call whose BYE was answered just before the kill, and
  # at least each burst call SIPp saw complete and at most those plus the ones it lost to the kill.
  history_of_alice() {
    local token
    token=$(curl -sk --digest -u "alice:$pw" -X POST https://127.0.0.1:8443/api/token \
      | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
    curl -sk -H "Authorization: Bearer $token" 'https://127.0.0.1:8443/api/history?limit=500' \
      | grep -o '"callId" *: *"[^"]*"'
  }
  calls_of_alice() { history_of_alice | wc -l; }
  before=$(calls_of_alice)
  bob_answers 1000 -2 -timeout 120s
  mkdir -p "$out/burst"
  # Ten calls a second for ten seconds; a call the kill cuts off fails soon (two retransmissions,
  # or 5 s without the answer it waits for). Its counts go to stats.csv every second.
  sipp -sf "$root/webphone-sip-servlet/src/test/resources/sipp/caller.xml" \
    -s 1002 -au alice -ap "$pw" -key caller alice -key domain localhost -i 127.0.0.1 -p 0 \
    -r 10 -m 100 -max_retrans 2 -recv_timeout 5000 -timeout 60s -trace_stat \
    -stf "$out/burst/stats.csv" -fd 1 -nostdin 127.0.0.1:5060 > "$out/sipp-burst.log" 2>&1 &
  burst=$!
  deadline=$((SECONDS + 60))
  until [ "$(calls_of_alice)" -ge $((before + 30)) ] || [ $SECONDS -ge $deadline ]; do
    sleep 0.2
  done
  sipp -sf "$root/webphone-sip-servlet/src/test/resources/sipp/caller.xml" -s 1002 -au alice \
    -ap "$pw" -key caller alice -key domain localhost -i 127.0.0.1 -p 0 -m 1 -timeout 30s \
    -timeout_error -nostdin -trace_msg -message_file "$out/sipp-alice-2-messages.log" \
    127.0.0.1:5060 > "$out/sipp-alice-2.log" 2>&1
  alice_rc=$?
  pkill -KILL -f -- "--systemproperties $out/data/tls" || true
  single=$(grep -m1 -i '^ *Call-ID:' "$out/sipp-alice-2-messages.log" | sed 's/^ *[Cc]all-I[Dd]: *//' | tr -d '\r')
  wait "$burst"
  kill "$bob" 2>/dev/null
  wait "$bob" 2>/dev/null
  wait "$server" 2>/dev/null || true
  # SIPp's last cumulative counts: the calls it completed and the ones that failed.
  stat() {
    awk -F';' -v col="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i }
      END { print $c + 0 }' "$out/burst/stats.csv"
  }
  completed=$(stat 'SuccessfulCall(C)') failed=$(stat 'FailedCall(C)')
  setsid "$root/bin/webphone" > "$out/server-after-kill.log" 2>&1 &
  server=$!
  deadline=$((SECONDS + 240))
  until curl -fs -o /dev/null http://127.0.0.1:8080/health/ready || [ $SECONDS -ge $deadline ]; do
    sleep 1
  done
  after=$(calls_of_alice)
  burst_records=$((after - before - 1))
  duplicates=$(history_of_alice | sort | uniq -d | wc -l)
  echo "burst: completed=$completed failed=$failed records=$burst_records" > "$out/burst/counts"
  if [ "$completed" -gt 0 ] && [ "$failed" -gt 0 ] && [ $burst_records -ge "$completed" ] \
     && [ $burst_records -le $((completed + failed)) ]; then
    burst_ok=ok
  else
    burst_ok="completed=$completed,failed=$failed,records=$burst_records"
  fi
  single_records=$(history_of_alice | grep -cF "\"$single\"")
  echo "kill-mid-burst=single:$alice_rc/$single_records,records:$burst_ok,duplicates:$duplicates" \
    >> "$out/result"
  # A backup taken while the server runs, restored into a fresh data folder, and a server started
  # on it: alice's calls and contacts are there, and HTTPS presents the same certificate, whose
  # key was sealed in the database (the vault key came with the backup).
  contacts_of_alice() {
    local token
    token=$(curl -sk --digest -u "alice:$pw" -X POST https://127.0.0.1:8443/api/token \
      | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
    curl -sk -H "Authorization: Bearer $token" https://127.0.0.1:8443/api/phonebook \
      | grep -o '"id"' | wc -l
  }
  served_certificate() {
    openssl s_client -connect 127.0.0.1:8443 < /dev/null 2> /dev/null \
      | openssl x509 -noout -fingerprint -sha256
  }
  # Taken while calls go on: a burst of alice's calls to bob (five a second) runs through it, so
  # the restored history holds at least the calls recorded before it began and at most those
  # recorded by the end of the burst (a consistent copy: none torn, none twice).
  contacts=$(contacts_of_alice) certificate=$(served_certificate)
  bob_answers 40 -3 -timeout 60s
  calls_before=$(calls_of_alice)
  sipp -sf "$root/webphone-sip-servlet/src/test/resources/sipp/caller.xml" \
    -s 1002 -au alice -ap "$pw" -key caller alice -key domain localhost -i 127.0.0.1 -p 0 \
    -r 5 -m 40 -timeout 60s -nostdin 127.0.0.1:5060 > "$out/sipp-burst-backup.log" 2>&1 &
  burst=$!
  deadline=$((SECONDS + 30))
  until [ "$(calls_of_alice)" -ge $((calls_before + 5)) ] || [ $SECONDS -ge $deadline ]; do
    sleep 0.2
  done
  "$root/bin/webphone" backup "$out/backup" > "$out/backup.log" 2>&1
  backup_rc=$?
  wait "$burst"
  burst_rc=$?
  wait "$bob" 2>/dev/null
  deadline=$((SECONDS + 10))
  until [ "$(calls_of_alice)" -ge $((calls_before + 40)) ] || [ $SECONDS -ge $deadline ]; do
    sleep 0.2
  done
  calls_after=$(calls_of_alice)
  kill -TERM -- "-$server" 2>/dev/null
  wait "$server" 2>/dev/null
  WEBPHONE_DATA_DIR=$out/restored "$root/bin/webphone" restore "$out/backup" > "$out/restore.log" 2>&1
  restore_rc=$?
  WEBPHONE_DATA_DIR=$out/restored setsid "$root/bin/webphone" > "$out/server-restored.log" 2>&1 &
  server=$!
  deadline=$((SECONDS + 240))
  until curl -fs -o /dev/null http://127.0.0.1:8080/health/ready || [ $SECONDS -ge $deadline ]; do
    sleep 1
  done
  same() { if [ "$1" = "$2" ] && [ -n "$1" ] && [ "$1" != 0 ]; then echo same; else echo "$1->$2"; fi; }
  restored_calls=$(calls_of_alice)
  echo "before=$calls_before restored=$restored_calls after=$calls_after" > "$out/backup-counts"
  if [ "$burst_rc" -eq 0 ] && [ "$restored_calls" -ge $((calls_before + 5)) ] \
     && [ "$restored_calls" -le "$calls_after" ] && [ "$calls_after" -eq $((calls_before + 40)) ]; then
    calls=within
  else
    calls="burst:$burst_rc,before:$calls_before,restored:$restored_calls,after:$calls_after"
  fi
  echo "restored=backup:$backup_rc,restore:$restore_rc,calls:$calls\
,contacts:$(same "$contacts" "$(contacts_of_alice)"),certificate:$(same "$certificate" "$(served_certificate)")" \
    >> "$out/result"
  set -e
fi
kill -TERM -- "-$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
kill "$first_sip" "$greenmail" 2>/dev/null || true
kill $(cat "$out/pebble/pids") 2>/dev/null || true
