#!/usr/bin/env bash
# The README's Payara Server commands against the real EAR on a real Payara Server 6 domain, one
# domain start for the whole story: start (creates, configures, starts, deploys), start again (an
# upgrade: deployed again), HTTPS with the application's certificate on TLS 1.2+ only, SIPp
# registering alice over UDP and TCP with digest, alice calling bob, browsers and the control
# panel (the Node tests' own stories, against this domain), three more deployments and a
# call after them with no SIP thread left behind, stop, stop again; in a network namespace with
# only loopback, the server watched by strace: it connects to nothing else. One line per step goes to
# OUT_DIR/result for PayaraServerIT to compare. Usage: payara-server-story.sh REPO_ROOT OUT_DIR
set -uo pipefail
root=$1
out=$2
# Run in a network namespace of its own (PayaraServerIT: unshare --net) with only loopback: the
# server can reach nothing else, and strace records whatever it tries.
ip link set lo up
# A new domain each run (this module's own server): what an earlier run left, such as the stale
# files of a deployment cut off by a kill, is not part of the story.
domain_dir=$PAYARA_HOME/glassfish/domains/webphone
if [ -d "$domain_dir" ]; then
  "$PAYARA_HOME/bin/asadmin" --user admin --passwordfile "$out/data/payara-admin.password" \
    stop-domain webphone > /dev/null 2>&1
  rm -rf "$domain_dir"
fi
rm -rf "$out"
mkdir -p "$out"
export WEBPHONE_DATA_DIR=$out/data WEBPHONE_HEAP=512m
admin=(--interactive=false --port 4848 --user admin --passwordfile "$out/data/payara-admin.password")
result() { echo "$1" >> "$out/result"; }
: > "$out/result"

# The first start under strace, which follows the server that asadmin launches for as long as it
# runs: every connect and datagram of the server goes to strace.txt (checked at the end).
strace -f --seccomp-bpf -qq -e trace=connect,sendto,sendmsg -o "$out/strace.txt" \
  bash -c '"$1/bin/payara-server" start > "$2/start.log" 2>&1; echo $? > "$2/start.rc"' _ "$root" "$out" &
tracer=$!
deadline=$((SECONDS + 600))
until [ -f "$out/start.rc" ] || [ $SECONDS -ge $deadline ]; do sleep 1; done
started=$(cat "$out/start.rc" 2> /dev/null || echo timeout)
result "start=$started"
if [ $started -ne 0 ]; then # nothing else can pass
  cp "$domain_dir/logs/server.log" "$out/server.log" 2> /dev/null
  exit 0
fi
"$root/bin/payara-server" start > "$out/start-again.log" 2>&1
result "start-again=$?"

pid=$(cat "$domain_dir/config/pid" 2> /dev/null)
cp "$domain_dir/logs/server.log" "$out/server-started.log" 2> /dev/null

result "https=$(curl -sk -o /dev/null -w '%{http_code}' https://127.0.0.1:8443/)"
served=$(openssl s_client -connect 127.0.0.1:8443 -servername localhost < /dev/null 2> /dev/null \
  | openssl x509 -noout -fingerprint -sha256 2> /dev/null)
ours=$(openssl x509 -noout -fingerprint -sha256 -in "$out/data/tls/certificate.pem" 2> /dev/null)
if [ -n "$served" ] && [ "$served" = "$ours" ]; then
  result "certificate=the application's"
else
  result "certificate=served '$served', the application's '$ours'"
fi
for version in tls1_1 tls1_2; do
  if echo | timeout 8 openssl s_client -connect 127.0.0.1:8443 "-$version" \
      -cipher 'DEFAULT@SECLEVEL=0' 2> /dev/null | grep -q 'BEGIN CERTIFICATE'; then
    result "$version-8443=accepted"
  else
    result "$version-8443=refused"
  fi
done

# The admin port answers nobody without the domain's password, not even on this machine.
if "$PAYARA_HOME/bin/asadmin" --interactive=false --port 4848 list-applications \
    > "$out/admin-without-password.log" 2>&1; then
  result "admin-without-password=accepted"
else
  result "admin-without-password=refused"
fi

pw() { sed -n "s/^$1=//p" "$out/data/demo-users.properties"; }
# alice registers with digest over UDP (t u1) and TCP (t t1).
register_alice() {
  sipp -sf "$root/webphone-web/src/test/resources/sipp/register.xml" -s alice -au alice \
    -ap "$(pw alice)" -key domain localhost -t "$1" -i 127.0.0.1 -p 0 -m 1 -timeout 30s \
    -timeout_error -nostdin 127.0.0.1:5060 > "$out/sipp-register-$1-$2.log" 2>&1
  echo $?
}
# bob's phone registers from port 5090 and answers one call; alice calls his extension 1002 and
# hangs up. Prints alice's SIPp status and bob's.
alice_calls_bob() {
  sipp -sf "$root/webphone-web/src/test/resources/sipp/register-as.xml" -s bob -au bob \
    -ap "$(pw bob)" -key domain localhost -key contact_port 5090 -key expires 300 -i 127.0.0.1 \
    -p 5090 -m 1 -timeout 30s -timeout_error -nostdin 127.0.0.1:5060 \
    > "$out/sipp-register-bob-$1.log" 2>&1
  sipp -sf "$root/webphone-sip-servlet/src/test/resources/sipp/callee.xml" -i 127.0.0.1 \
    -p 5090 -m 1 -timeout 30s -timeout_error -nostdin > "$out/sipp-bob-$1.log" 2>&1 &
  local bob=$!
  sipp -sf "$root/webphone-sip-servlet/src/test/resources/sipp/caller.xml" -s 1002 -au alice \
    -ap "$(pw alice)" -key caller alice -key domain localhost -i 127.0.0.1 -p 0 -m 1 \
    -timeout 30s -timeout_error -nostdin 127.0.0.1:5060 > "$out/sipp-alice-$1.log" 2>&1
  local alice=$?
  wait "$bob"
  echo "$alice/$?"
}
result "register-udp=$(register_alice u1 first)"
result "register-tcp=$(register_alice t1 first)"
result "call=$(alice_calls_bob first)"

# Browsers and the control panel, with the Node tests of the embedded default run against this
# domain: JsSIP in Chromium registers over WSS and WS; an admin signs in, adds a contact (and is
# refused a bad one and forged posts), the phone's API returns it, the admin deletes it; alice
# calls bob in Chromium through the media anchor and both hear each other; a certificate added in
# the control panel is presented on HTTPS at once, with no restart.
(cd "$root/webphone-web/src/test/js" \
  && timeout 600 node --test --test-concurrency=1 --test-reporter=spec \
    --test-name-pattern="JsSIP in Chromium registers|an admin signs in|adds a contact|a bad number|renders as text|forged form posts|the phone's contact API|the admin deletes|alice calls bob, bob answers|shows what the listeners serve|Add Certificate" \
    jssip-browser.test.mjs admin.test.mjs call.test.mjs admin-domains.test.mjs \
    > "$out/node.log" 2>&1)
result "browsers=$?/$(grep -c '^✔' "$out/node.log")"

# The application's own threads (SIP stack, media), counted after the first deployment and again
# after three more: an upgrade must leave none of the old one's behind.
own_threads() {
  jcmd "$pid" Thread.print 2> /dev/null \
    | grep -cE '^"(webphone|pool-webphone|pool-sip_servlets|org\.ice4j)'
}
before=$(own_threads)
redeployed=0
for i in 1 2 3; do
  "$PAYARA_HOME/bin/asadmin" "${admin[@]}" deploy --force=true --name webphone \
    "$WEBPHONE_EAR" >> "$out/redeploy.log" 2>&1 || redeployed=$?
done
deadline=$((SECONDS + 120))
until curl -fs -o /dev/null http://127.0.0.1:8080/health/ready || [ $SECONDS -ge $deadline ]; do
  sleep 1
done
result "redeployed=$redeployed"
result "register-after-redeploys=$(register_alice u1 after)"
result "call-after-redeploys=$(alice_calls_bob after)"
after=$(own_threads)
if [ "$before" -gt 0 ] && [ "$after" -le "$before" ]; then
  result "threads-after-redeploys=none left behind"
else
  result "threads-after-redeploys=$before after the first deployment, $after after three more"
fi
jcmd "$pid" Thread.print > "$out/threads.txt" 2>&1

"$root/bin/payara-server" stop > "$out/stop.log" 2>&1
result "stop=$?"
"$root/bin/payara-server" stop > "$out/stop-again.log" 2>&1
result "stop-again=$?"
cp "$domain_dir/logs/server.log" "$out/server.log" 2> /dev/null
wait "$tracer"
# Anything but loopback that the server (or asadmin) connected or sent to.
outbound=$(grep -oE 'inet_addr\("[0-9.]+"\)|inet_pton\(AF_INET6, "[0-9a-fA-F:.]+"' "$out/strace.txt" \
  | grep -vE '"(127\.[0-9.]+|0\.0\.0\.0|::1|::ffff:127\.[0-9.]+|::)"' | sort -u | paste -sd, -)
result "outbound=${outbound:-none}"
exit 0
