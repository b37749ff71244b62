package org.webphone.media;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.webphone.media.srtp.SrtpSession;
import org.webphone.media.transport.Wire;

/**
 * Relays one call's media between two legs, as they are (no transcoding: both legs were offered
 * only the codecs they share): each packet from one leg is unprotected with that leg's SRTP keys (a
 * browser's) and protected again with the other's, RTP and RTCP alike; a plain RTP leg (a SIP
 * phone's) has no keys. Where the two sides numbered a codec differently (RFC 3264 §6.1 lets each
 * answerer choose), the RTP payload type is rewritten between the two steps; a payload type the
 * receiving side never agreed to is dropped. A packet that fails authentication is dropped and
 * counted; it never reaches the other side.
 *
 * <p>Threading: packets arrive on each leg's receive thread; each leg's SRTP contexts synchronize
 * per SSRC; the payload maps are replaced whole (volatile) when a re-negotiation changes them.
 */
public final class MediaRelay implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MediaRelay.class.getName());

  /** One leg: its datagrams, its SRTP keys (null: plain RTP) and its figures. */
  public record Leg(Wire wire, SrtpSession srtp, LegStats stats) {
    /** A leg whose figures only the node's counters keep. */
    public Leg(Wire wire, SrtpSession srtp) {
      this(wire, srtp, null);
    }
  }

  private final LongSupplier ticker;
  private final Leg a;
  private final Leg b;
  private final RelayStats stats;
  private volatile byte[] toA; // payload type as a sends it -> as b wants it; null: the same
  private volatile byte[] toB;

  /** A relay counting into {@code stats} (the node's, shared by every relay). */
  public MediaRelay(Leg a, Leg b, RelayStats stats) {
    this(a, b, stats, System::nanoTime);
  }

  /**
   * @param ticker monotonic nanoseconds a packet arrives at (the media service's clock)
   */
  MediaRelay(Leg a, Leg b, RelayStats stats, LongSupplier ticker) {
    this.ticker = ticker;
    this.a = a;
    this.b = b;
    this.stats = stats;
    a.wire().onMedia(packet -> relay(packet, a, b, toB));
    b.wire().onMedia(packet -> relay(packet, b, a, toA));
  }

  /**
   * The payload type maps, indexed by the number the sender used: the number the receiver wants, or
   * -1 for none. Null: each side uses the other's numbers.
   */
  void remap(byte[] aToB, byte[] bToA) {
    this.toB = aToB;
    this.toA = bToA;
  }

  /** Relays one packet, noting it in both legs' figures on the way. */
  private void relay(SrtpSession.Packet p, Leg from, Leg to, byte[] map) {
    boolean rtcp;
    int clear;
    long now;
    try {
      if (from.srtp() != null && !from.srtp().unprotect(p)) {
        stats.refused.increment();
        return;
      }
      now = ticker.getAsLong();
      rtcp = p.isRtcp();
      if (from.stats() != null) {
        from.stats().heard(p, rtcp, now); // authentic: the leg is alive, whatever happens next
      }
      if (map != null && !rtcp && !renumber(p, map)) {
        stats.refused.increment();
        return; // a payload type the other side never agreed to
      }
      if (rtcp && to.stats() != null) {
        to.stats().sending(p, now);
      }
      clear = p.getLength();
      if (to.srtp() != null && !to.srtp().protect(p)) {
        stats.refused.increment();
        return;
      }
    } catch (GeneralSecurityException e) {
      stats.refused.increment();
      LOG.log(Level.FINE, "packet not relayed", e);
      return;
    }
    // Counted before it leaves: whoever sees it arrive sees it counted.
    stats.relayed.increment();
    try {
      to.wire().send(p.getBuffer(), p.getOffset(), p.getLength());
      if (!rtcp && to.stats() != null) {
        to.stats().sent(clear, now);
      }
    } catch (IOException e) {
      stats.relayed.decrement();
      stats.unsent.increment();
      LOG.log(Level.FINE, "packet not relayed", e);
    }
  }

  /** Rewrites the payload type (RFC 3550 §5.1: the low 7 bits of byte 1), keeping the marker. */
  private static boolean renumber(SrtpSession.Packet p, byte[] map) {
    if (p.getLength() < 12) {
      return false;
    }
    byte[] buf = p.getBuffer();
    int at = p.getOffset() + 1;
    int pt = map[buf[at] & 0x7F];
    if (pt < 0) {
      return false;
    }
    buf[at] = (byte) ((buf[at] & 0x80) | pt);
    return true;
  }

  @Override
  public void close() {
    a.wire().onMedia(packet -> {});
    b.wire().onMedia(packet -> {});
  }
}
