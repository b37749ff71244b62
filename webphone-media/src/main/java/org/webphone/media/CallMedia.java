package org.webphone.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The anchored legs of one call and the relay between the two that talk. Offers and answers pass
 * through {@link #pass}; an answer bridges the leg that answered with the leg it answered, and once
 * both are secure the relay joins them. A later answer between other legs (a transfer) re-bridges.
 *
 * <p>Threading: synchronized; SIP threads pass SDP, the handshake pool reports secure legs.
 */
final class CallMedia {
  private final MediaService media;
  private final RelayStats stats;
  private final Anchor.Failures failures;
  private final Map<String, AnchoredLeg> legs = new HashMap<>();
  private final Map<String, String> sent = new HashMap<>();
  private AnchoredLeg a;
  private AnchoredLeg b;
  private MediaRelay relay;
  private SrtpSession relayedA;
  private SrtpSession relayedB;

  CallMedia(MediaService media, RelayStats stats, Anchor.Failures failures) {
    this.media = media;
    this.stats = stats;
    this.failures = failures;
  }

  /**
   * The SDP to send leg {@code to} for what leg {@code from} sent: an offer for an offer (ours, on
   * the codecs we relay), an answer for an answer.
   */
  synchronized String pass(String from, String to, String sdp) throws NotAcceptableException {
    AnchoredLeg f = legs.get(from);
    if (f != null && f.repeats(sdp) && sent.containsKey(to)) {
      return sent.get(to); // the answer of an early 18x, again in the 2xx
    }
    WebRtcSdp.Remote remote = read(sdp);
    String out;
    try {
      if (f != null && f.awaitingAnswer()) {
        f.answered(remote, sdp);
        AnchoredLeg t = legs.get(to);
        if (t == null) {
          throw new NotAcceptableException("An answer to an offer we did not make");
        }
        out = WebRtcSdp.anchor(sdp, t.answer());
        bridge(f, t);
      } else {
        String offer = AudioCodecs.only(sdp);
        if (f == null) {
          f = leg(from);
        }
        f.offered(remote, sdp);
        AnchoredLeg t = legs.get(to);
        if (t == null) {
          t = leg(to);
        }
        out = WebRtcSdp.anchor(offer, t.offer());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sent.put(to, out);
    return out;
  }

  /**
   * Our offer to a new leg {@code to} on behalf of {@code from}, whose browser says nothing: made
   * from the last SDP {@code from} sent (its codecs, SSRC, mid). Its answer, passed from {@code
   * to}, joins the two. Null when {@code from} is not here or never sent SDP.
   */
  synchronized String offerFor(String from, String to) throws NotAcceptableException {
    AnchoredLeg f = legs.get(from);
    if (f == null || f.lastSdp() == null || legs.containsKey(to)) {
      return null;
    }
    try {
      String out = WebRtcSdp.anchor(AudioCodecs.only(f.lastSdp()), leg(to).offer());
      sent.put(to, out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The answer to {@link #offerFor} came: the legs talk. */
  synchronized void joinAnswered(String to, String from, String answer)
      throws NotAcceptableException {
    AnchoredLeg t = legs.get(to);
    AnchoredLeg f = legs.get(from);
    if (t == null || f == null || !t.awaitingAnswer()) {
      throw new NotAcceptableException("An answer to an offer we did not make");
    }
    try {
      t.answered(read(answer), answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    bridge(f, t);
  }

  /** Joins two secure legs as they are (an attended transfer: both browsers already face us). */
  synchronized boolean join(String x, String y) {
    AnchoredLeg a1 = legs.get(x);
    AnchoredLeg b1 = legs.get(y);
    if (a1 == null || b1 == null || !a1.secure() || !b1.secure()) {
      return false;
    }
    bridge(a1, b1);
    return true;
  }

  private static WebRtcSdp.Remote read(String sdp) throws NotAcceptableException {
    try {
      return WebRtcSdp.read(sdp);
    } catch (IllegalArgumentException e) {
      throw new NotAcceptableException("Not a WebRTC session: " + e.getMessage());
    }
  }

  private AnchoredLeg leg(String id) throws IOException {
    AnchoredLeg leg = new AnchoredLeg(media, this::secured);
    leg.onFailed(reason -> failures.failed(id, reason));
    legs.put(id, leg);
    return leg;
  }

  private void bridge(AnchoredLeg x, AnchoredLeg y) {
    if (!((a == x && b == y) || (a == y && b == x))) {
      unbridge();
      a = x;
      b = y;
    }
    relayIfSecure();
  }

  private synchronized void secured(AnchoredLeg leg) {
    if (leg == a || leg == b) {
      relayIfSecure();
    }
  }

  /** Joins the bridged legs once both have keys, again whenever either has new ones. */
  private void relayIfSecure() {
    SrtpSession sa = a.srtp();
    SrtpSession sb = b.srtp();
    if (a.state() != AnchoredLeg.State.SECURE || b.state() != AnchoredLeg.State.SECURE) {
      return;
    }
    if (relay != null && relayedA == sa && relayedB == sb) {
      return;
    }
    if (relay != null) {
      relay.close();
    }
    relay =
        new MediaRelay(
            new MediaRelay.Leg(a.socket(), sa), new MediaRelay.Leg(b.socket(), sb), stats);
    relayedA = sa;
    relayedB = sb;
  }

  private void unbridge() {
    if (relay != null) {
      relay.close();
      relay = null;
    }
    a = null;
    b = null;
  }

  /** The relay between the talking legs, once there is one. */
  synchronized MediaRelay relay() {
    return relay;
  }

  synchronized boolean has(String leg) {
    return legs.containsKey(leg);
  }

  /** Hands a leg over to another call, as it is (its DTLS association goes on). */
  synchronized AnchoredLeg take(String id) {
    AnchoredLeg leg = legs.remove(id);
    sent.remove(id);
    if (leg != null && (leg == a || leg == b)) {
      unbridge();
    }
    return leg;
  }

  synchronized void adopt(String id, AnchoredLeg leg) {
    leg.onSecured(this::secured);
    legs.put(id, leg);
  }

  /** Lets go of one leg (a fork that did not answer, a leg hung up); true when none is left. */
  synchronized boolean drop(String id) {
    AnchoredLeg leg = legs.remove(id);
    sent.remove(id);
    if (leg != null) {
      if (leg == a || leg == b) {
        unbridge();
      }
      leg.close();
    }
    return legs.isEmpty();
  }

  synchronized int legs() {
    return legs.size();
  }
}
