package org.webphone.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.webphone.media.sdp.AudioSdp;
import org.webphone.media.sdp.PhoneSdp;
import org.webphone.media.sdp.WebRtcSdp;
import org.webphone.media.srtp.SrtpSession;

/**
 * The anchored legs of one call and the relay between the two that talk. Offers and answers pass
 * through {@link #pass}; an answer bridges the leg that answered with the leg it answered, and once
 * both can carry media the relay joins them. A later answer between other legs (a transfer)
 * re-bridges.
 *
 * <p>A leg is a browser's ({@link AnchoredLeg}) or a SIP phone's ({@link RtpLeg}): the offerer's
 * kind follows from its SDP, the kind of a leg we offer to from what the SIP side knows of it.
 * Between two browsers the SDP passes as the browser wrote it (codecs, SSRCs, mid) with our
 * transport; between kinds we write it ({@link PhoneSdp}).
 *
 * <p>Threading: synchronized; SIP threads pass SDP, the handshake pool reports secure legs.
 */
final class CallMedia<K> {
  /** One leg and what was said on it. */
  static final class Slot<K> {
    final K id;
    final MediaLeg leg;
    final PhoneSdp.Origin origin = new PhoneSdp.Origin();
    final LegStats stats;
    boolean awaitingAnswer; // we sent it an offer: what it sends next is its answer
    boolean sentOffer; // sentBody is an offer of ours (else our answer to its offer)
    String lastAnswer; // its last answer, to know it again in a 2xx after an 18x
    Sdp lastSdp; // its last offer or answer, for a new peer's offer (a blind transfer)
    String sentBody; // the last SDP we sent it, for a repeated answer
    AudioSdp sent; // ... as read: the numbers the peer sends with
    AudioSdp heard; // the last SDP it sent: the numbers it wants

    /** True for the body of the peer's last answer, sent again (a 2xx after an early 18x). */
    boolean repeats(Sdp sdp) {
      return !awaitingAnswer && sdp.text().equals(lastAnswer);
    }

    Slot(K id, MediaLeg leg, RelayStats node, LongSupplier ticker) {
      this.id = id;
      this.leg = leg;
      this.stats = new LegStats(node, ticker);
    }
  }

  private final MediaService media;
  private final RelayStats stats;
  private final Anchor.Failures<K> failures;
  private final Map<K, Slot<K>> legs = new HashMap<>();
  private Slot<K> a;
  private Slot<K> b;
  private MediaRelay relay;
  private SrtpSession relayedA;
  private SrtpSession relayedB;

  CallMedia(MediaService media, RelayStats stats, Anchor.Failures<K> failures) {
    this.media = media;
    this.stats = stats;
    this.failures = failures;
  }

  /**
   * The SDP to send leg {@code to} for what leg {@code from} sent: an offer for an offer (ours, on
   * the codecs we relay), an answer for an answer.
   *
   * @param toBrowser what {@code to} is, should it be new: a browser, or a SIP phone or trunk
   * @param fromSignalling the IP the SIP message with {@code sdp} came from; null: not known
   */
  synchronized String pass(K from, K to, boolean toBrowser, Sdp sdp, InetAddress fromSignalling)
      throws NotAcceptableException {
    Slot<K> f = legs.get(from);
    Slot<K> t = legs.get(to);
    if (f != null && f.repeats(sdp) && t != null && t.sentBody != null) {
      return t.sentBody; // the answer of an early 18x, again in the 2xx
    }
    try {
      if (f != null && f.awaitingAnswer) {
        if (t == null) {
          throw new NotAcceptableException("An answer to an offer we did not make");
        }
        AudioSdp answer = answered(f, sdp, fromSignalling);
        String out = answerTo(t, sdp, answer);
        bridge(f, t);
        return out;
      }
      Sdp offer = sdp.relayable();
      boolean newFrom = f == null;
      if (newFrom) {
        f = slot(from, sdp.isWebRtc());
      }
      try {
        offered(f, sdp, fromSignalling);
      } catch (NotAcceptableException | IOException | RuntimeException e) {
        if (newFrom) {
          drop(from); // a refused offer holds no port and no agent
        }
        throw e;
      }
      if (t == null) {
        t = slot(to, toBrowser);
      }
      return offerTo(t, offer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (a != null && b != null) {
        relayIfReady(); // a phone's new SDES keys make a new relay
      }
      remap();
    }
  }

  private void offered(Slot<K> f, Sdp sdp, InetAddress signalling)
      throws IOException, NotAcceptableException {
    // The codecs it wants are the ones it offered that we relay (what the answerer picks from).
    AudioSdp read = sdp.relayable().audio();
    if (f.leg instanceof AnchoredLeg browser) {
      browser.offered(sdp.webRtc());
    } else if (f.leg instanceof RtpLeg phone) {
      phone.offered(read, signalling);
    }
    f.heard = read;
    f.lastSdp = sdp;
  }

  private AudioSdp answered(Slot<K> f, Sdp sdp, InetAddress signalling)
      throws IOException, NotAcceptableException {
    AudioSdp read = sdp.audio();
    if (f.leg instanceof AnchoredLeg browser) {
      browser.answered(sdp.webRtc());
    } else if (f.leg instanceof RtpLeg phone) {
      phone.answered(read, signalling);
    }
    f.awaitingAnswer = false;
    f.heard = read;
    f.lastAnswer = sdp.text();
    f.lastSdp = sdp;
    return read;
  }

  /** Our offer to {@code t} for {@code offer} (its codecs cut down to the ones we relay). */
  private String offerTo(Slot<K> t, Sdp offer) throws NotAcceptableException {
    AudioSdp read = offer.audio();
    String out;
    if (t.leg instanceof AnchoredLeg browser) {
      out =
          offer.isWebRtc()
              ? WebRtcSdp.anchor(offer.text(), browser.offer())
              : PhoneSdp.browserOffer(read, t.origin, browser.offer());
    } else {
      RtpLeg phone = (RtpLeg) t.leg;
      String crypto = phone.offer();
      out = PhoneSdp.phoneOffer(read, t.origin, media.rtpAddress(), phone.port(), crypto, false);
    }
    t.awaitingAnswer = true;
    t.sentOffer = true;
    return sent(t, out);
  }

  /** Our answer to {@code t}'s offer, carrying what the other side answered. */
  private String answerTo(Slot<K> t, Sdp answerSdp, AudioSdp answer) {
    String out;
    if (t.leg instanceof AnchoredLeg browser) {
      out =
          answerSdp.isWebRtc()
              ? WebRtcSdp.anchor(answerSdp.text(), browser.answer())
              : PhoneSdp.browserAnswer(t.heard, answer, t.origin, browser.answer());
    } else {
      RtpLeg phone = (RtpLeg) t.leg;
      out =
          PhoneSdp.phoneAnswer(
              t.heard, answer, t.origin, media.rtpAddress(), phone.port(), phone.answerCrypto());
    }
    t.sentOffer = false;
    return sent(t, out);
  }

  private static String sent(Slot<?> t, String out) {
    t.sentBody = out;
    try {
      t.sent = AudioSdp.parse(out);
    } catch (NotAcceptableException e) {
      throw new IllegalStateException("we wrote SDP we cannot read: " + out, e);
    }
    return out;
  }

  /**
   * Our offer to a new leg {@code to} on behalf of {@code from}, whose phone says nothing: made
   * from the last SDP {@code from} sent (its codecs, SSRC, mid). Its answer, passed from {@code
   * to}, joins the two. Null when {@code from} is not here or never sent SDP.
   */
  synchronized String offerFor(K from, K to, boolean toBrowser) throws NotAcceptableException {
    Slot<K> f = legs.get(from);
    if (f == null || f.lastSdp == null || legs.containsKey(to)) {
      return null;
    }
    try {
      return offerTo(slot(to, toBrowser), f.lastSdp.relayable());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The answer to {@link #offerFor} came (from {@code signalling}, if known): the legs talk. */
  synchronized void joinAnswered(K to, K from, Sdp answer, InetAddress signalling)
      throws NotAcceptableException {
    Slot<K> t = legs.get(to);
    Slot<K> f = legs.get(from);
    if (t == null || f == null || !t.awaitingAnswer) {
      throw new NotAcceptableException("An answer to an offer we did not make");
    }
    try {
      answered(t, answer, signalling);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    bridge(f, t);
    remap();
  }

  /** Joins two legs that carry media as they are (an attended transfer: both face us already). */
  synchronized boolean join(K x, K y) {
    Slot<K> a1 = legs.get(x);
    Slot<K> b1 = legs.get(y);
    if (a1 == null || b1 == null || !a1.leg.ready() || !b1.leg.ready()) {
      return false;
    }
    bridge(a1, b1);
    remap();
    return true;
  }

  /**
   * An offer that takes leg {@code id} off the hold we put it on: our last offer to it, sendrecv
   * again (after an attended transfer, the transferee was held by the transferor, who is gone).
   * Null when we did not hold it (no offer of ours made it sendonly or inactive: a phone that held
   * its call itself resumes it itself).
   */
  synchronized String resume(K id) {
    Slot<K> t = legs.get(id);
    if (t == null || !t.sentOffer || t.awaitingAnswer || t.sent == null) {
      return null;
    }
    String direction = t.sent.direction();
    if (!"sendonly".equals(direction) && !"inactive".equals(direction)) {
      return null;
    }
    String body = t.sentBody.replaceAll("(?m)^a=(sendonly|inactive)\r?$", "a=sendrecv\r");
    t.awaitingAnswer = true;
    return sent(t, t.origin.restamp(body));
  }

  /** The phone's answer to {@link #resume}, from {@code signalling} if known. */
  synchronized void resumed(K id, Sdp answer, InetAddress signalling)
      throws NotAcceptableException {
    Slot<K> t = legs.get(id);
    if (t == null || !t.awaitingAnswer) {
      throw new NotAcceptableException("An answer to an offer we did not make");
    }
    try {
      answered(t, answer, signalling);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (a != null && b != null) {
      relayIfReady();
    }
    remap();
  }

  private Slot<K> slot(K id, boolean browser) throws IOException {
    MediaLeg leg;
    if (browser) {
      AnchoredLeg b1 = new AnchoredLeg(media, this::secured);
      b1.onFailed(reason -> failures.failed(id, reason));
      leg = b1;
    } else {
      leg = new RtpLeg(media.rtp(), stats, media.rtpLatchPackets());
    }
    Slot<K> s = new Slot<>(id, leg, stats, media::nanoTime);
    legs.put(id, s);
    return s;
  }

  private void bridge(Slot<K> x, Slot<K> y) {
    if (!((a == x && b == y) || (a == y && b == x))) {
      unbridge();
      a = x;
      b = y;
    }
    relayIfReady();
  }

  private synchronized void secured(AnchoredLeg leg) {
    if ((a != null && a.leg == leg) || (b != null && b.leg == leg)) {
      relayIfReady();
      remap();
    }
  }

  /** Joins the bridged legs once both carry media, again whenever a browser has new keys. */
  private void relayIfReady() {
    if (!a.leg.ready() || !b.leg.ready()) {
      return;
    }
    SrtpSession sa = a.leg.srtp();
    SrtpSession sb = b.leg.srtp();
    if (relay != null && relayedA == sa && relayedB == sb) {
      return;
    }
    if (relay != null) {
      relay.close();
    }
    relay =
        new MediaRelay(
            new MediaRelay.Leg(a.leg.wire(), sa, a.stats),
            new MediaRelay.Leg(b.leg.wire(), sb, b.stats),
            stats,
            media::nanoTime);
    relayedA = sa;
    relayedB = sb;
  }

  /**
   * The relay's payload type maps, from what each side was told and asked for; after any SDP the
   * silence clocks start again.
   */
  private void remap() {
    if (relay != null && a != null && b != null) {
      relay.remap(PayloadMap.between(a, b), PayloadMap.between(b, a));
      a.stats.clocks(PayloadMap.clocks(a));
      b.stats.clocks(PayloadMap.clocks(b));
      a.stats.touch();
      b.stats.touch();
      silenceReported = false;
    }
  }

  private boolean silenceReported;

  /**
   * The id of a talking leg that sent nothing for {@code timeout} nanoseconds, once (until the next
   * SDP); null while the call is on hold (a held party sends nothing, RFC 3264 §8.4) or has no
   * relay yet (the handshake timeout covers that).
   */
  synchronized K silent(long now, long timeout) {
    if (relay == null || a == null || b == null || silenceReported || onHold()) {
      return null;
    }
    Slot<K> quiet =
        now - a.stats.heard() > timeout ? a : now - b.stats.heard() > timeout ? b : null;
    if (quiet != null) {
      silenceReported = true;
      return quiet.id;
    }
    return null;
  }

  private boolean onHold() {
    for (Slot<K> s : List.of(a, b)) {
      if ((s.heard != null && !"sendrecv".equals(s.heard.direction()))
          || (s.sent != null && !"sendrecv".equals(s.sent.direction()))) {
        return true;
      }
    }
    return false;
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

  synchronized boolean has(K leg) {
    return legs.containsKey(leg);
  }

  /** Hands a leg over to another call, as it is (a browser's DTLS association goes on). */
  synchronized Slot<K> take(K id) {
    Slot<K> slot = legs.remove(id);
    if (slot != null) {
      slot.sentBody = null;
      if (slot == a || slot == b) {
        unbridge();
      }
    }
    return slot;
  }

  synchronized void adopt(K id, Slot<K> slot) {
    if (slot.leg instanceof AnchoredLeg browser) {
      browser.onSecured(this::secured);
    }
    legs.put(id, slot);
  }

  /** Lets go of one leg (a fork that did not answer, a leg hung up); true when none is left. */
  synchronized boolean drop(K id) {
    Slot<K> slot = legs.remove(id);
    if (slot != null) {
      if (slot == a || slot == b) {
        unbridge();
      }
      slot.leg.close();
    }
    return legs.isEmpty();
  }

  /** The figures of leg {@code id} so far, or null when it is not here. */
  synchronized LegStats.Snapshot stats(K id) {
    Slot<K> slot = legs.get(id);
    return slot == null ? null : slot.stats.snapshot();
  }

  synchronized int legs() {
    return legs.size();
  }
}
