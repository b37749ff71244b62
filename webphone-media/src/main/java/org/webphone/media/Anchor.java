package org.webphone.media;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's media anchor for browser calls: every browser leg of a call talks ICE, DTLS-SRTP and
 * RTP with us alone, and we relay between the two legs that talk (no transcoding). The SIP side
 * hands each offer and answer through {@link #pass} as it relays them, naming the legs by its own
 * ids (SIP session ids), and lets go of legs with {@link #release}.
 *
 * <p>Legs meet in a call the first time SDP passes between them; a transfer that joins legs of two
 * calls moves the newcomer into the call of the leg it talks to.
 *
 * <p>A SIP phone's or trunk's leg takes media only from the address its SDP names, or from the one
 * it learns in its stead when the phone is behind a NAT, and from nobody else until the phone's
 * next SDP (RTP bleed: {@link PeerLock}). It learns at the first packet a source on the phone's SIP
 * signalling IP sends: with every SDP a phone sends, the SIP side passes the source IP of the SIP
 * message that carried it ({@link #pass(String, String, boolean, String, InetAddress)}, {@link
 * #answered(String, String, String, InetAddress)}, {@link #resumed(String, String, InetAddress)}).
 * Without it, a phone behind a NAT is learnt only after a run of packets in sequence.
 *
 * <p>Threading: any thread; each call synchronizes itself.
 */
public final class Anchor {
  /** Hears of a leg whose ICE or DTLS did not complete: its call has no audio on that side. */
  @FunctionalInterface
  public interface Failures {
    /**
     * Called on the media service's threads, once per failed leg.
     *
     * @param leg the leg's id, as given to {@link #pass}
     * @param reason what failed, for the call's end and the log
     */
    void failed(String leg, String reason);
  }

  private final MediaService media;
  private final Failures failures;
  private final Map<String, CallMedia> calls = new ConcurrentHashMap<>();
  private final RelayStats stats = new RelayStats();

  public Anchor(MediaService media) {
    this(media, (leg, reason) -> {});
  }

  public Anchor(MediaService media, Failures failures) {
    this.media = media;
    this.failures = failures;
    Duration timeout = media.silenceTimeout();
    // Four looks per timeout: a dead call ends within a quarter of it after the timeout.
    media.every(timeout.dividedBy(4), () -> sweep(timeout.toNanos()));
  }

  /** Ends (through the failure listener) each talking call one of whose legs went silent. */
  private void sweep(long timeout) {
    long now = System.nanoTime();
    for (CallMedia call : new java.util.HashSet<>(calls.values())) {
      String leg = call.silent(now, timeout);
      if (leg != null) {
        Duration d = Duration.ofNanos(timeout);
        failures.failed(
            leg,
            "No media for "
                + (d.toMillisPart() == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms"));
      }
    }
  }

  /** {@link #pass(String, String, boolean, String)} between two browsers. */
  public String pass(String from, String to, String sdp) throws NotAcceptableException {
    return pass(from, to, true, sdp);
  }

  /**
   * {@link #pass(String, String, boolean, String, InetAddress)} with the signalling source of
   * {@code from} as last told (for a browser it does not matter).
   */
  public String pass(String from, String to, boolean toBrowser, String sdp)
      throws NotAcceptableException {
    return pass(from, to, toBrowser, sdp, null);
  }

  /**
   * The SDP to send leg {@code to} for the SDP leg {@code from} sent.
   *
   * @param toBrowser what {@code to} is, should it be new to the anchor: a browser (ICE, DTLS-SRTP)
   *     or a SIP phone or trunk (RTP from our port range)
   * @param fromSignalling the source IP of the SIP message (request or response) that carried
   *     {@code sdp} to us, i.e. the phone's or its NAT's public address: a phone's leg takes media
   *     from that IP at once, whatever port its NAT chose. Null: not known (the last one told for
   *     this leg stands). Ignored for a browser's leg (ICE checks its path).
   * @throws NotAcceptableException for an offer without a voice codec we relay, or a browser's
   *     answer that is not WebRTC (no ICE credentials or no sha-256 fingerprint)
   */
  public String pass(
      String from, String to, boolean toBrowser, String sdp, InetAddress fromSignalling)
      throws NotAcceptableException {
    CallMedia call;
    synchronized (calls) {
      CallMedia ofFrom = calls.get(from);
      CallMedia ofTo = calls.get(to);
      if (ofFrom != null && ofTo != null && ofFrom != ofTo) {
        // A transfer: the leg we now send to leaves its old call for this one, as it is.
        CallMedia.Slot moving = ofTo.take(to);
        if (moving != null) {
          ofFrom.adopt(to, moving);
        }
        ofTo = null;
      }
      call = ofFrom != null ? ofFrom : ofTo != null ? ofTo : new CallMedia(media, stats, failures);
      calls.put(from, call);
      calls.put(to, call);
    }
    try {
      return call.pass(from, to, toBrowser, sdp, fromSignalling);
    } catch (NotAcceptableException | RuntimeException e) {
      synchronized (calls) {
        // A refused offer holds nothing: no mapping to a call that has no leg of it.
        if (!call.has(from)) {
          calls.remove(from, call);
        }
        if (!call.has(to)) {
          calls.remove(to, call);
        }
      }
      throw e;
    }
  }

  /**
   * Checks a browser's offer as {@link #pass} would take it, holding nothing.
   *
   * @throws NotAcceptableException naming what is wrong
   */
  public static void check(String offer) throws NotAcceptableException {
    try {
      WebRtcSdp.read(offer);
    } catch (IllegalArgumentException e) {
      throw new NotAcceptableException("Not a WebRTC session: " + e.getMessage());
    }
    AudioCodecs.only(offer);
  }

  /**
   * Our offer to a new leg {@code to} on behalf of {@code from}, made from the last SDP {@code
   * from}'s browser sent (a blind transfer: the transferee says nothing, the target gets an offer
   * with its codecs and our transport); null when {@code from} is not anchored here. The target's
   * answer goes to {@link #answered}.
   */
  public String offerFor(String from, String to) throws NotAcceptableException {
    return offerFor(from, to, true);
  }

  /** {@link #offerFor(String, String)} to a browser, or else to a SIP phone or trunk. */
  public String offerFor(String from, String to, boolean toBrowser) throws NotAcceptableException {
    synchronized (calls) {
      CallMedia call = calls.get(from);
      String offer = call == null ? null : call.offerFor(from, to, toBrowser);
      if (offer != null) {
        calls.put(to, call); // only a leg that now exists is the call's
      }
      return offer;
    }
  }

  /** {@link #answered(String, String, String, InetAddress)}, its signalling source not known. */
  public void answered(String to, String from, String answer) throws NotAcceptableException {
    answered(to, from, answer, null);
  }

  /**
   * The answer of {@code to} to {@link #offerFor}: its leg and {@code from}'s talk from now on.
   *
   * @param toSignalling the source IP of the SIP response that carried {@code answer}; null: not
   *     known (see {@link #pass(String, String, boolean, String, InetAddress)})
   */
  public void answered(String to, String from, String answer, InetAddress toSignalling)
      throws NotAcceptableException {
    CallMedia call = calls.get(from);
    if (call == null) {
      throw new NotAcceptableException("The transferred leg is gone");
    }
    call.joinAnswered(to, from, answer, toSignalling);
  }

  /**
   * Joins two anchored legs that carry media, of different calls, as they are, with no SDP to
   * either browser (an attended transfer: both already face us, and the relay keeps their SSRCs);
   * false when either is not anchored here or not secure.
   */
  public boolean join(String x, String y) {
    CallMedia call;
    synchronized (calls) {
      CallMedia ofX = calls.get(x);
      CallMedia ofY = calls.get(y);
      if (ofX == null || ofY == null) {
        return false;
      }
      if (ofX != ofY) {
        CallMedia.Slot moving = ofY.take(y);
        if (moving == null) {
          return false;
        }
        ofX.adopt(y, moving);
        calls.put(y, ofX);
      }
      call = ofX;
    }
    return call.join(x, y);
  }

  /** {@link CallMedia#resume}: an offer taking leg {@code id} off our hold, or null. */
  public String resume(String id) {
    CallMedia call = calls.get(id);
    return call == null ? null : call.resume(id);
  }

  /** {@link #resumed(String, String, InetAddress)}, its signalling source not known. */
  public void resumed(String id, String answer) throws NotAcceptableException {
    resumed(id, answer, null);
  }

  /**
   * The answer to {@link #resume}.
   *
   * @param signalling the source IP of the SIP response that carried {@code answer}; null: not
   *     known (see {@link #pass(String, String, boolean, String, InetAddress)})
   */
  public void resumed(String id, String answer, InetAddress signalling)
      throws NotAcceptableException {
    CallMedia call = calls.get(id);
    if (call == null) {
      throw new NotAcceptableException("The resumed leg is gone");
    }
    call.resumed(id, answer, signalling);
  }

  /**
   * What the relay saw of leg {@code id} so far (packets each way, loss, jitter, round trip), or
   * null when the anchor does not hold it. Read it before {@link #release}.
   */
  public LegStats.Snapshot stats(String id) {
    CallMedia call = calls.get(id);
    return call == null ? null : call.stats(id);
  }

  /** Frees the legs (ICE agent, DTLS, SRTP contexts) and, with the last of a call, its relay. */
  public void release(Collection<String> legs) {
    synchronized (calls) {
      for (String leg : legs) {
        CallMedia call = calls.remove(leg);
        if (call != null) {
          call.drop(leg);
        }
      }
    }
  }

  /** Legs held now, on this node (a gauge, and what tests check is zero after a call). */
  public int legs() {
    return (int) calls.values().stream().distinct().mapToInt(CallMedia::legs).sum();
  }

  /** The node's relay counters since start. */
  public RelayStats stats() {
    return stats;
  }

  /** The relay of the call {@code leg} is in, or null; for tests and statistics. */
  public MediaRelay relayOf(String leg) {
    CallMedia call = calls.get(leg);
    return call == null ? null : call.relay();
  }
}
