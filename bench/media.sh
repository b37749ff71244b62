#!/usr/bin/env bash
# Relayed media, stepping the number of simultaneous calls up: each call is two legs, each leg
# sends 172-byte RTP packets (PCMU, 20 ms: 50 packets/s) to the relay, which passes them to the
# other leg. Two kinds of call, each on both relays in the same run on the same box:
#   browsers  two browser legs: WebPhone's anchor relays SRTP to SRTP (ICE, DTLS-SRTP: what a
#             browser call costs it); Debian's rtpengine (userspace, no kernel module) relays the
#             same load as plain RTP (what it costs between two SIP phones);
#   phone     a browser calls a SIP phone: both relays bridge DTLS-SRTP with ICE to plain RTP
#             (rtpengine told so by the ng flags a WebRTC gateway gives it): the same work.
# Our own load generator (bench/media/MediaLoad) plays the phones on loopback and stamps every
# packet with its send time.
#
# A step passes with zero loss and p99 latency under 10 ms (an overloaded relay hides loss in
# socket buffers while its latency climbs). Prints per relay and step the packets, the loss, the
# latency, the relay's CPU per packet (from /proc/PID/stat, while media flowed); then the highest
# passing step of each and the ratio of packets/s per core (WebPhone / rtpengine) at the highest
# step both passed.
#
# WebPhone's anchor runs here in a process of its own (bench/media/RelayServer: the MediaService
# and Anchor the call servlet uses, set up by a line protocol instead of SIP), so that its CPU is
# the relay's alone.
#
#   bench/media.sh
#   STREAMS="100 300 500" SECONDS_PER_STEP=15 bench/media.sh
#   RELAYS=webphone bench/media.sh           # one of them only (no ratio then)
#   KINDS=phone bench/media.sh                # one kind of call only
#
# Needs rtpengine, Java 17 and Maven; installs rtpengine from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
STREAMS=${STREAMS:-"50 100 200 300 400 500 600 800 1000"}
SECONDS_PER_STEP=${SECONDS_PER_STEP:-15}
RELAYS=${RELAYS:-"webphone rtpengine"}
KINDS=${KINDS:-"browsers phone"}
MEDIA_PORT=${MEDIA_PORT:-21000}
CONTROL_PORT=${CONTROL_PORT:-21001}
NG_PORT=${NG_PORT:-22223}

need=()
command -v rtpengine >/dev/null || need+=(rtpengine)
install_missing "${need[@]}"
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/webphone-media.XXXXXX)
relay=""
cleanup() {
  [ -n "$relay" ] && kill "$relay" 2>/dev/null || true
}
trap cleanup EXIT
echo "work folder: $work; steps $STREAMS calls, ${SECONDS_PER_STEP}s each; kinds $KINDS"

# The media module and its libraries, and the benchmark's own classes.
mvn -q -DskipTests -pl webphone-media -am install > "$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }
mvn -q -pl webphone-media dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" \
  > "$work/cp.log" 2>&1 || { cat "$work/cp.log"; exit 1; }
cp="webphone-media/target/classes:$(cat "$work/cp.txt")"
javac -nowarn -cp "$cp" -d "$work/classes" bench/media/*.java
cp="$work/classes:$cp"

# step NAME CONTROL PID: one line per number of calls, then the best passing one.
step() {
  local name=$1 control=$2 pid=$3 best=0 n line
  # Warm-up (not reported): the JVM compiles its hot paths.
  java -cp "$cp" MediaLoad "$name" "$control" 100 10 "$pid" > "$work/$name-warmup.log" 2>&1 || true
  for n in $STREAMS; do
    java -Xmx1g -cp "$cp" MediaLoad "$name" "$control" "$n" "$SECONDS_PER_STEP" "$pid" \
      > "$work/$name-$n.log" 2>&1 || true
    line=$(grep '^RESULT' "$work/$name-$n.log" || true)
    if [ -z "$line" ]; then
      printf '%-13s %5d calls: failed to run (%s)\n' "$name" "$n" "$(tail -1 "$work/$name-$n.log")"
      break
    fi
    val() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
    printf '%-13s %5d calls: %6.0f packets/s  lost %6d  p50 %6.2f ms  p99 %7.2f ms  relay CPU %6.2f us/packet\n' \
      "$name" "$n" "$(val rate)" "$(val lost)" "$(val p50)" "$(val p99)" "$(val us_per_packet)"
    echo "$n $(val us_per_packet)" >> "$work/$name.cpu"
    if [ "$(val lost)" -eq 0 ] && awk -v p="$(val p99)" 'BEGIN {exit !(p < 10)}'; then
      best=$n
    else
      break
    fi
  done
  printf '%-13s highest clean step %d calls (%d packets/s relayed)\n' "$name" "$best" $((best * 100))
  echo "$best" > "$work/$name.best"
}

# mode RELAY KIND: MediaLoad's mode for that relay and kind of call.
mode() {
  if [ "$2" = phone ]; then echo "$1-rtp"; else echo "$1"; fi
}

# await_ready LOG CHECK...: waits up to 60 s for CHECK to succeed; fails showing LOG.
await_ready() {
  local log=$1 deadline=$((SECONDS + 60))
  shift
  until "$@"; do
    [ $SECONDS -lt $deadline ] || { echo "the relay did not start: $(cat "$log")"; exit 1; }
    sleep 1
  done
}

if [[ " $RELAYS " == *" webphone "* ]]; then
  java -Xmx1g -cp "$cp" RelayServer "$MEDIA_PORT" "$CONTROL_PORT" > "$work/relay.log" 2>&1 &
  relay=$!
  await_ready "$work/relay.log" grep -q "relay ready" "$work/relay.log"
  for kind in $KINDS; do
    step "$(mode webphone "$kind")" "$CONTROL_PORT" "$relay"
  done
  kill "$relay"; wait "$relay" 2>/dev/null || true
  relay=""
fi

if [[ " $RELAYS " == *" rtpengine "* ]]; then
  rtpengine --config-file=none --foreground --log-stderr --table=-1 --interface=127.0.0.1 \
    --listen-ng="127.0.0.1:$NG_PORT" --port-min=30000 --port-max=65000 --delete-delay=0 --log-level=4 \
    > "$work/rtpengine.log" 2>&1 &
  relay=$!
  await_ready "$work/rtpengine.log" bash -c "ss -lun | grep -q '127.0.0.1:$NG_PORT '"
  for kind in $KINDS; do
    step "$(mode rtpengine "$kind")" "$NG_PORT" "$relay"
  done
  kill "$relay"; wait "$relay" 2>/dev/null || true
  relay=""
fi

[[ " $RELAYS " == *" webphone "* && " $RELAYS " == *" rtpengine "* ]] || exit 0
for kind in $KINDS; do
  a=$(mode webphone "$kind")
  b=$(mode rtpengine "$kind")
  ours=$(cat "$work/$a.best")
  ref=$(cat "$work/$b.best")
  common=$((ours < ref ? ours : ref))
  if [ "$common" -eq 0 ]; then
    echo "media $kind: no step passed on both relays: no ratio"
    continue
  fi
  us_ours=$(awk -v n="$common" '$1 == n {print $2}' "$work/$a.cpu")
  us_ref=$(awk -v n="$common" '$1 == n {print $2}' "$work/$b.cpu")
  ratio=$(awk -v x="$us_ours" -v y="$us_ref" 'BEGIN {printf "%.2f", (x > 0 ? y / x : 0)}')
  if [ "$kind" = phone ]; then
    what="media (browser DTLS-SRTP<->RTP phone) vs rtpengine (the same bridge, userspace)"
  else
    what="media (SRTP<->SRTP, browser legs) vs rtpengine (RTP<->RTP, userspace)"
  fi
  echo "$what, at $common calls:" \
    "WebPhone ${us_ours} us/packet, rtpengine ${us_ref} us/packet:" \
    "packets/s per core ratio ${ratio}; highest clean steps ${ours} vs ${ref} calls"
done
