package org.webphone.media;

import org.webphone.media.srtp.SrtpSession;
import org.webphone.media.transport.Wire;

/**
 * One leg of an anchored call, as its {@link CallMedia} handles it: a browser's ({@link
 * AnchoredLeg}: ICE, DTLS-SRTP) or a SIP phone's or trunk's ({@link RtpLeg}: RTP from our port
 * range).
 *
 * <p>The offer/answer exchange on a leg (who awaits whose answer, the last SDP) is its call's
 * ({@link CallMedia.Slot}); a leg is the transport only.
 *
 * <p>Threading: set up under the owning call's lock.
 */
sealed interface MediaLeg extends AutoCloseable permits AnchoredLeg, RtpLeg {
  /** The leg can carry media now: keys agreed (a browser), or the peer's address known. */
  boolean ready();

  Wire wire();

  /** The leg's SRTP keys; null for plain RTP. */
  SrtpSession srtp();

  @Override
  void close();
}
