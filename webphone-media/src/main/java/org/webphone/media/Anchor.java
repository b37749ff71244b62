package org.webphone.media;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.webphone.media.transport.PeerLock;

/**
 * The node's media anchor for browser calls: every browser leg of a call talks ICE, DTLS-SRTP and
 * RTP with us alone, and we relay between the two legs that talk (no transcoding). The SIP side
 * hands each offer and answer through {@link #pass} as it relays them, naming the legs by its own
 * keys ({@code K}: the SIP side's call legs; equal keys are the same leg), and lets go of legs with
 * {@link #release}. This is the node's one map from a leg to its call's media.
 *
 * <p>Legs meet in a call the first time SDP passes between them; a transfer that joins legs of two
 * calls moves the newcomer into the call of the leg it talks to.
 *
 * <p>A SIP phone's or trunk's leg takes media only from the address its SDP names, or from the one
 * it learns in its stead when the phone is behind a NAT, and from nobody else until the phone's
 * next SDP (RTP bleed: {@link PeerLock}). It learns at the first packet a source on the phone's SIP
 * signalling IP sends: with every SDP a phone sends, the SIP side passes the source IP of the SIP
 * message that carried it ({@link #pass(Object, Object, boolean, Sdp, InetAddress)}, {@link
 * #answered(Object, Object, Sdp, InetAddress)}, {@link #resumed(Object, Sdp, InetAddress)}).
 * Without it, a phone behind a NAT is learnt only after a run of packets in sequence.
 *
 * <p>A released leg stays released: SDP that crosses its call's end (the 2xx of a re-INVITE that
 * arrives after the other phone's BYE, a re-offer on one thread while the BYE frees the legs on
 * another) anchors nothing and is refused, for {@link #RELEASED_KEPT} after the release; without
 * that it would open a leg that no call owns and nothing ever frees (rtpengine keeps a deleted call
 * for its {@code delete-delay} for the same reason).
 *
 * <p>Threading: any thread; each call synchronizes itself. Lock order: {@code calls}, then {@code
 * released}.
 */
public final class Anchor<K> {
  /** Hears of a leg whose ICE or DTLS did not complete: its call has no audio on that side. */
  @FunctionalInterface
  public interface Failures<K> {
    /**
     * Called on the media service's threads, once per failed leg.
     *
     * @param leg the leg's id, as given to {@link #pass}
     * @param reason what failed, for the call's end and the log
     */
    void failed(K leg, String reason);
  }

  private final MediaService media;
  private final Failures<K> failures;
  private final Map<K, CallMedia<K>> calls = new ConcurrentHashMap<>();
  private final RelayStats stats = new RelayStats();

  /**
   * How long a released leg is refused: twice a transaction's lifetime (64×T1 = 32 s, RFC 3261
   * §17.1.1.2), so that no answer or retransmission of the call's last transactions is still on its
   * way.
   */
  static final Duration RELEASED_KEPT = Duration.ofSeconds(64);

  /** Legs released within {@link #RELEASED_KEPT}, oldest first, with when (media's clock). */
  private final LinkedHashMap<K, Long> released = new LinkedHashMap<>();

  public Anchor(MediaService media) {
    this(media, (leg, reason) -> {});
  }

  public Anchor(MediaService media, Failures<K> failures) {
    this.media = media;
    this.failures = failures;
    Duration timeout = media.silenceTimeout();
    // Four looks per timeout: a dead call ends within a quarter of it after the timeout.
    media.every(timeout.dividedBy(4), () -> sweep(timeout.toNanos()));
  }

  /**
   * Ends (through the failure listener) each talking call one of whose legs went silent for the
   * media service's silence timeout. Runs on the service's watch thread; a test calls it itself.
   */
  void sweep() {
    sweep(media.silenceTimeout().toNanos());
  }

  private void sweep(long timeout) {
    long now = media.nanoTime();
    for (CallMedia<K> call : new java.util.HashSet<>(calls.values())) {
      K leg = call.silent(now, timeout);
      if (leg != null) {
        Duration d = Duration.ofNanos(timeout);
        failures.failed(
            leg,
            "No media for "
                + (d.toMillisPart() == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms"));
      }
    }
  }

  /** {@link #pass(Object, Object, boolean, String)} between two browsers. */
  public String pass(K from, K to, String sdp) throws NotAcceptableException {
    return pass(from, to, true, sdp);
  }

  /**
   * {@link #pass(Object, Object, boolean, Sdp, InetAddress)} with the signalling source of {@code
   * from} as last told (for a browser it does not matter).
   */
  public String pass(K from, K to, boolean toBrowser, String sdp) throws NotAcceptableException {
    return pass(from, to, toBrowser, Sdp.of(sdp), null);
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
  public String pass(K from, K to, boolean toBrowser, Sdp sdp, InetAddress fromSignalling)
      throws NotAcceptableException {
    CallMedia<K> call;
    synchronized (calls) {
      refuseReleased(from, to);
      CallMedia<K> ofFrom = calls.get(from);
      CallMedia<K> ofTo = calls.get(to);
      if (ofFrom != null && ofTo != null && ofFrom != ofTo) {
        // A transfer: the leg we now send to leaves its old call for this one, as it is.
        CallMedia.Slot<K> moving = ofTo.take(to);
        if (moving != null) {
          ofFrom.adopt(to, moving);
        }
        ofTo = null;
      }
      call =
          ofFrom != null ? ofFrom : ofTo != null ? ofTo : new CallMedia<K>(media, stats, failures);
      calls.put(from, call);
      calls.put(to, call);
    }
    try {
      String out = call.pass(from, to, toBrowser, sdp, fromSignalling);
      // The legs may have been released while this SDP was passing (outside the lock).
      dropIfReleased(call, from, to);
      return out;
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

  /** Whether leg {@code leg} is anchored here (cheap: no lock). */
  public boolean holds(K leg) {
    return calls.containsKey(leg);
  }

  /**
   * Our offer to a new leg {@code to} on behalf of {@code from}, made from the last SDP {@code
   * from}'s browser sent (a blind transfer: the transferee says nothing, the target gets an offer
   * with its codecs and our transport); null when {@code from} is not anchored here. The target's
   * answer goes to {@link #answered}.
   */
  public String offerFor(K from, K to) throws NotAcceptableException {
    return offerFor(from, to, true);
  }

  /** {@link #offerFor(Object, Object)} to a browser, or else to a SIP phone or trunk. */
  public String offerFor(K from, K to, boolean toBrowser) throws NotAcceptableException {
    synchronized (calls) {
      refuseReleased(from, to);
      CallMedia<K> call = calls.get(from);
      String offer = call == null ? null : call.offerFor(from, to, toBrowser);
      if (offer != null) {
        calls.put(to, call); // only a leg that now exists is the call's
      }
      return offer;
    }
  }

  /** {@link #answered(Object, Object, Sdp, InetAddress)}, its signalling source not known. */
  public void answered(K to, K from, String answer) throws NotAcceptableException {
    answered(to, from, Sdp.of(answer), null);
  }

  /**
   * The answer of {@code to} to {@link #offerFor}: its leg and {@code from}'s talk from now on.
   *
   * @param toSignalling the source IP of the SIP response that carried {@code answer}; null: not
   *     known (see {@link #pass(Object, Object, boolean, Sdp, InetAddress)})
   */
  public void answered(K to, K from, Sdp answer, InetAddress toSignalling)
      throws NotAcceptableException {
    CallMedia<K> call = calls.get(from);
    if (call == null) {
      throw new NotAcceptableException("The transferred leg is gone");
    }
    call.joinAnswered(to, from, answer, toSignalling);
    dropIfReleased(call, to, from);
  }

  /**
   * Joins two anchored legs that carry media, of different calls, as they are, with no SDP to
   * either browser (an attended transfer: both already face us, and the relay keeps their SSRCs);
   * false when either is not anchored here or not secure.
   */
  public boolean join(K x, K y) {
    CallMedia<K> call;
    synchronized (calls) {
      CallMedia<K> ofX = calls.get(x);
      CallMedia<K> ofY = calls.get(y);
      if (ofX == null || ofY == null) {
        return false;
      }
      if (ofX != ofY) {
        CallMedia.Slot<K> moving = ofY.take(y);
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
  public String resume(K id) {
    CallMedia<K> call = calls.get(id);
    return call == null ? null : call.resume(id);
  }

  /** {@link #resumed(Object, Sdp, InetAddress)}, its signalling source not known. */
  public void resumed(K id, String answer) throws NotAcceptableException {
    resumed(id, Sdp.of(answer), null);
  }

  /**
   * The answer to {@link #resume}.
   *
   * @param signalling the source IP of the SIP response that carried {@code answer}; null: not
   *     known (see {@link #pass(Object, Object, boolean, Sdp, InetAddress)})
   */
  public void resumed(K id, Sdp answer, InetAddress signalling) throws NotAcceptableException {
    CallMedia<K> call = calls.get(id);
    if (call == null) {
      throw new NotAcceptableException("The resumed leg is gone");
    }
    call.resumed(id, answer, signalling);
  }

  /**
   * What the relay saw of leg {@code id} so far (packets each way, loss, jitter, round trip), or
   * null when the anchor does not hold it. Read it before {@link #release}.
   */
  public LegStats.Snapshot stats(K id) {
    CallMedia<K> call = calls.get(id);
    return call == null ? null : call.stats(id);
  }

  /**
   * Frees the legs (ICE agent, DTLS, SRTP contexts) and, with the last of a call, its relay. They
   * are refused from now on (see the class comment).
   */
  public void release(Collection<K> legs) {
    long now = media.nanoTime();
    synchronized (released) {
      for (K leg : legs) {
        released.remove(leg); // to the end: the order is by time
        released.put(leg, now);
      }
      long kept = RELEASED_KEPT.toNanos();
      for (Iterator<Long> at = released.values().iterator(); at.hasNext(); ) {
        if (now - at.next() < kept) {
          break;
        }
        at.remove();
      }
    }
    // Read after the marks above, as pass() marks calls before it reads them: one of the two sees
    // the other's write, so a leg is either freed here or refused there.
    if (legs.stream().noneMatch(calls::containsKey)) {
      // Most calls end here: between SIP phones, nothing of theirs held. They still took the
      // short lock above once per call end (never per message or packet): a SIP phone's leg that
      // is paired with a browser later (a transfer) must be refused too once its call has ended.
      return;
    }
    synchronized (calls) {
      for (K leg : legs) {
        CallMedia<K> call = calls.remove(leg);
        if (call != null) {
          call.drop(leg);
        }
      }
    }
  }

  /** Refuses SDP for a released leg. Called with {@code calls} held. */
  private void refuseReleased(K from, K to) throws NotAcceptableException {
    synchronized (released) {
      if (released.containsKey(from) || released.containsKey(to)) {
        throw new NotAcceptableException("The call has ended");
      }
    }
  }

  /**
   * Frees what {@code call} holds of {@code from} and {@code to} if either was released while SDP
   * passed, and refuses that SDP.
   */
  private void dropIfReleased(CallMedia<K> call, K from, K to) throws NotAcceptableException {
    synchronized (calls) {
      List<K> gone;
      synchronized (released) {
        gone = Stream.of(from, to).filter(released::containsKey).toList();
      }
      if (gone.isEmpty()) {
        return;
      }
      for (K leg : gone) {
        calls.remove(leg, call);
        call.drop(leg);
      }
    }
    throw new NotAcceptableException("The call has ended");
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
  public MediaRelay relayOf(K leg) {
    CallMedia<K> call = calls.get(leg);
    return call == null ? null : call.relay();
  }
}
