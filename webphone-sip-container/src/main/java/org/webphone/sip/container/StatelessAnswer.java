package org.webphone.sip.container;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import java.io.IOException;
import java.text.ParseException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.log4j.Logger;

/**
 * A response sent by a valve before the transaction layer sees the request: no transaction, no
 * application session, nothing kept (Kamailio's {@code sl_send_reply}). A retransmission of the
 * request is answered afresh by the same valve, which is as cheap as remembering the answer.
 *
 * <p>Stateless.
 */
final class StatelessAnswer {
  private static final Logger LOG = Logger.getLogger(StatelessAnswer.class);

  private StatelessAnswer() {}

  /** What a valve adds to its answer besides the status. */
  @FunctionalInterface
  interface Headers {
    void add(SIPResponse response) throws ParseException;
  }

  /**
   * Answers {@code request} with {@code status} on the channel it came in on. RFC 3261 §8.2.6.2: a
   * response outside a dialog carries a To tag of ours; any will do, since nothing follows it.
   */
  static void send(
      SIPRequest request, MessageChannel channel, int status, String reason, Headers headers) {
    SIPResponse response = request.createResponse(status, reason);
    try {
      if (response.getTo() != null && response.getTo().getTag() == null) {
        response.getTo().setTag(Long.toHexString(ThreadLocalRandom.current().nextLong()));
      }
      headers.add(response);
      channel.sendMessage(response);
    } catch (IOException | ParseException e) {
      LOG.warn("could not answer " + status + " to " + channel.getPeerAddress(), e);
    }
  }

  static void send(SIPRequest request, MessageChannel channel, int status, String reason) {
    send(request, channel, status, reason, r -> {});
  }
}
