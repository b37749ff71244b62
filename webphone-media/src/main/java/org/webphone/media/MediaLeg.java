package org.webphone.media;

/**
 * One leg of an anchored call, as its {@link CallMedia} handles it: a browser's ({@link
 * AnchoredLeg}: ICE, DTLS-SRTP) or a SIP phone's or trunk's ({@link RtpLeg}: RTP from our port
 * range).
 *
 * <p>Threading: offer/answer state is used under the owning call's lock.
 */
sealed interface MediaLeg extends AutoCloseable permits AnchoredLeg, RtpLeg {
  /** We sent this leg an offer: what it sends next is the answer. */
  boolean awaitingAnswer();

  /** True for the body of the peer's last answer, sent again (a 2xx after an early 18x). */
  boolean repeats(String sdp);

  /** The last offer or answer the peer sent, for a new peer's offer (a blind transfer). */
  String lastSdp();

  /** The leg can carry media now: keys agreed (a browser), or the peer's address known. */
  boolean ready();

  Wire wire();

  /** The leg's SRTP keys; null for plain RTP. */
  SrtpSession srtp();

  @Override
  void close();
}
