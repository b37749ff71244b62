package org.webphone.sip.call;

import java.io.IOException;
import java.util.function.UnaryOperator;
import javax.servlet.sip.SipServletMessage;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;

/**
 * The two things every part of the B2BUA does with messages, written once: read a body that may be
 * absent or empty, and acknowledge one leg's 2xx with the answer the other leg gave.
 *
 * <p>Threading: stateless.
 */
final class Messages {
  private Messages() {}

  /** {@code m}'s body, or null when it has none (no body, or an empty one). */
  static byte[] body(SipServletMessage m) throws IOException {
    byte[] b = m.getRawContent();
    return b == null || b.length == 0 ? null : b;
  }

  /** The number of a message's CSeq (RFC 3261 §20.16). */
  static long cseq(SipServletMessage m) {
    String v = m.getHeader("CSeq");
    return Long.parseLong(v.substring(0, v.indexOf(' ')).trim());
  }

  /**
   * Acknowledges {@code otherOk}, one leg's 2xx, carrying the SDP answer {@code carrier} (the other
   * leg's ACK or 2xx) brought, as {@code forOther} makes it for that leg (RFC 3264 §5: an offer in
   * a 2xx is answered in the ACK); an ACK without a body when there is none.
   */
  static void ackWithAnswer(
      SipServletResponse otherOk, SipServletMessage carrier, UnaryOperator<byte[]> forOther)
      throws IOException {
    SipServletRequest ack = otherOk.createAck();
    byte[] answer = body(carrier);
    if (answer != null) {
      ack.setContent(forOther.apply(answer), carrier.getContentType());
    }
    ack.send();
  }
}
