package org.webphone.media;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Relays one call's media between two anchored legs, as they are (no transcoding: both legs were
 * offered only the codecs they share): each packet from one leg is unprotected with that leg's SRTP
 * keys and protected again with the other's, RTP and RTCP alike. A packet that fails authentication
 * is dropped and counted; it never reaches the other side.
 *
 * <p>Threading: packets arrive on ice4j's receive threads; each leg's SRTP contexts synchronize per
 * SSRC.
 */
public final class MediaRelay implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MediaRelay.class.getName());

  /** One anchored leg: its datagrams and its SRTP keys. */
  public record Leg(LegSocket socket, SrtpSession srtp) {}

  private final Leg a;
  private final Leg b;
  private final RelayStats stats;

  /** A relay counting into {@code stats} (the node's, shared by every relay). */
  public MediaRelay(Leg a, Leg b, RelayStats stats) {
    this.a = a;
    this.b = b;
    this.stats = stats;
    a.socket().onMedia(packet -> relay(packet, a, b));
    b.socket().onMedia(packet -> relay(packet, b, a));
  }

  private void relay(SrtpSession.Packet p, Leg from, Leg to) {
    try {
      if (!from.srtp().unprotect(p) || !to.srtp().protect(p)) {
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
      to.socket().send(p.getBuffer(), p.getOffset(), p.getLength());
    } catch (IOException e) {
      stats.relayed.decrement();
      stats.unsent.increment();
      LOG.log(Level.FINE, "packet not relayed", e);
    }
  }

  @Override
  public void close() {
    a.socket().onMedia(packet -> {});
    b.socket().onMedia(packet -> {});
  }
}
