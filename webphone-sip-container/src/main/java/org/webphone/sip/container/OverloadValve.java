package org.webphone.sip.container;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.header.RetryAfter;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.QueuedMessageDispatchBase;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Queue;
import java.util.UUID;
import javax.sip.InvalidArgumentException;
import javax.sip.SipStack;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.log4j.Logger;

/**
 * Sheds load with {@code 503 Service Unavailable} and {@code Retry-After} (RFC 3261 §21.5.4)
 * instead of silence when UDP requests wait too long for a worker. A request that waits longer than
 * T1 (500 ms) is retransmitted by its sender, which adds work exactly when there is none to spare;
 * a 503 costs a fraction of a registration and tells the phone when to come back.
 *
 * <p>The signal is the age of the oldest datagram still queued behind the request at hand. Only new
 * out-of-dialog requests are refused: ACK, CANCEL, BYE, PRACK and in-dialog requests free
 * resources, and a retransmission of a request already being served is answered by its transaction.
 * TCP and TLS connections need no valve: their reader blocks, and TCP's flow control pushes back.
 *
 * <p>Installed by JAIN-SIP from the stack property {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE};
 * called on the stack's worker threads, many at once.
 */
public final class OverloadValve implements SIPMessageValve {
  static final String MAX_QUEUE_DELAY_MS = "org.webphone.sip.MAX_QUEUE_DELAY_MS";
  static final String RETRY_AFTER_SECONDS = "org.webphone.sip.RETRY_AFTER_SECONDS";
  private static final Logger LOG = Logger.getLogger(OverloadValve.class);
  private static final Field MESSAGE_QUEUE = messageQueueField();

  private SipStackImpl stack;
  private long maxQueueDelayMillis;
  private int retryAfterSeconds;
  private final RateLimitedLog rejections = new RateLimitedLog(LOG, 10_000);

  @Override
  public void init(SipStack sipStack) {
    stack = (SipStackImpl) sipStack;
    maxQueueDelayMillis =
        Long.parseLong(stack.getConfigurationProperties().getProperty(MAX_QUEUE_DELAY_MS, "400"));
    retryAfterSeconds =
        Integer.parseInt(stack.getConfigurationProperties().getProperty(RETRY_AFTER_SECONDS, "5"));
  }

  @Override
  public boolean processRequest(SIPRequest request, MessageChannel channel) {
    String method = request.getMethod();
    if (request.getToTag() != null
        || method.equals(Request.ACK)
        || method.equals(Request.CANCEL)
        || method.equals(Request.BYE)
        || method.equals(Request.PRACK)
        // An answer to our own challenge completes work already done for its first attempt.
        || request.getHeader(AuthorizationHeader.NAME) != null
        || request.getHeader(ProxyAuthorizationHeader.NAME) != null
        || queueDelayMillis(channel) <= maxQueueDelayMillis
        || stack.findTransaction(request, true) != null) {
      return true;
    }
    refuse(request, channel);
    return false;
  }

  private void refuse(SIPRequest request, MessageChannel channel) {
    SIPResponse busy = request.createResponse(Response.SERVICE_UNAVAILABLE, "Service Unavailable");
    try {
      busy.getTo().setTag(UUID.randomUUID().toString().substring(0, 8));
      busy.setHeader(retryAfter());
      channel.sendMessage(busy);
    } catch (IOException | java.text.ParseException | InvalidArgumentException e) {
      LOG.warn("could not send 503 to " + channel.getPeerAddress(), e);
    }
    rejections.warn(
        "SIP overload: requests wait over " + maxQueueDelayMillis + " ms; answered 503");
  }

  private RetryAfter retryAfter() throws InvalidArgumentException {
    RetryAfter h = new RetryAfter();
    h.setRetryAfter(retryAfterSeconds);
    return h;
  }

  /** Rejected requests since start. */
  public long rejected() {
    return rejections.count();
  }

  /** Age of the oldest datagram queued on {@code channel}'s processor, or 0 for streams. */
  private static long queueDelayMillis(MessageChannel channel) {
    if (MESSAGE_QUEUE == null
        || !(channel.getMessageProcessor() instanceof UDPMessageProcessor p)) {
      return 0;
    }
    try {
      Queue<?> queue = (Queue<?>) MESSAGE_QUEUE.get(p);
      Object head = queue.peek();
      return head instanceof QueuedMessageDispatchBase d
          ? System.currentTimeMillis() - d.getReceptionTime()
          : 0;
    } catch (IllegalAccessException e) {
      return 0;
    }
  }

  /**
   * JAIN-SIP keeps the UDP queue in a protected field with no accessor; reading its head is the
   * cheapest honest measure of how far behind the workers are.
   */
  private static Field messageQueueField() {
    try {
      Field f = UDPMessageProcessor.class.getDeclaredField("messageQueue");
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      LOG.error("JAIN-SIP without UDPMessageProcessor.messageQueue: no overload control", e);
      return null;
    }
  }

  @Override
  public boolean processResponse(Response response, MessageChannel channel) {
    return true;
  }

  @Override
  public void destroy() {}
}
