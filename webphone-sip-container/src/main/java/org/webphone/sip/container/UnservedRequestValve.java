package org.webphone.sip.container;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.header.Allow;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.log4j.Logger;

/**
 * Refuses, statelessly and before any transaction or application session exists, what no
 * application here will serve:
 *
 * <ul>
 *   <li>a message larger than the configured maximum (RFC 3261 §18.1.1 leaves the size to us): 513
 *       over TCP, TLS and WebSocket (§21.5.11), and silently dropped over UDP, where a spoofed
 *       source would turn the answer against someone else;
 *   <li>a method no SIP specification defines: 501 (§21.5.2), in or out of a dialog;
 *   <li>a method that exists only inside a dialog, sent outside one: BYE (RFC 3261 §15), PRACK (RFC
 *       3262 §3), UPDATE (RFC 3311 §5.1) and INFO (RFC 6086 §4.2.1) without a To tag get 481, as a
 *       request for a dialog that does not exist (§12.2.2);
 *   <li>a CANCEL for no INVITE this node is answering: 481 (§9.2);
 *   <li>a defined method that starts nothing here (e.g. MESSAGE or PUBLISH when no application
 *       serves them): 405 with {@code Allow} (§8.2.1). In-dialog requests of those methods go on to
 *       the application of their dialog, which decides.
 * </ul>
 *
 * <p>Why here and not in a servlet: a servlet's answer leaves a server transaction behind (32 s
 * over UDP, §17.2.2 Timer J) and an application session until it is invalidated; a flood of
 * requests nobody serves must cost nothing that outlives its answer. The core would also answer 500
 * to a method the main servlet does not override.
 *
 * <p>Installed by JAIN-SIP from {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}; settings arrive as
 * stack properties. Called on the stack's worker threads, many at once.
 */
public final class UnservedRequestValve implements SIPMessageValve {
  static final String SERVED_METHODS = "org.webphone.sip.SERVED_METHODS";
  static final String MAX_MESSAGE_BYTES = "org.webphone.sip.MAX_MESSAGE_BYTES";

  /** The methods of RFC 3261, 3262, 3265/6665, 3311, 3428, 3515, 3903 and 6086. */
  static final Set<String> DEFINED =
      Set.of(
          Request.INVITE,
          Request.ACK,
          Request.BYE,
          Request.CANCEL,
          Request.OPTIONS,
          Request.REGISTER,
          Request.PRACK,
          Request.SUBSCRIBE,
          Request.NOTIFY,
          Request.PUBLISH,
          Request.INFO,
          Request.REFER,
          Request.MESSAGE,
          Request.UPDATE);

  /** Methods that RFCs allow only inside a dialog. */
  static final Set<String> IN_DIALOG_ONLY =
      Set.of(Request.BYE, Request.PRACK, Request.UPDATE, Request.INFO);

  private static final Logger LOG = Logger.getLogger(UnservedRequestValve.class);
  private final RateLimitedLog oversized = new RateLimitedLog(LOG, 60_000);
  private final RateLimitedLog unserved = new RateLimitedLog(LOG, 60_000);
  private Set<String> served = DEFINED;
  private String allow = String.join(", ", new TreeSet<>(DEFINED));
  private int maxMessageBytes = SipContainerConfig.DEFAULT_MAX_MESSAGE_BYTES;
  private SipStackImpl stack;

  @Override
  public void init(SipStack sipStack) {
    stack = (SipStackImpl) sipStack;
    var properties = stack.getConfigurationProperties();
    String methods = properties.getProperty(SERVED_METHODS, "");
    if (!methods.isBlank()) {
      served =
          Arrays.stream(methods.split(","))
              .map(m -> m.trim().toUpperCase(Locale.ROOT))
              .filter(m -> !m.isEmpty())
              .collect(Collectors.toUnmodifiableSet());
      allow = String.join(", ", new TreeSet<>(served));
    }
    maxMessageBytes =
        Integer.parseInt(
            properties.getProperty(
                MAX_MESSAGE_BYTES, Integer.toString(SipContainerConfig.DEFAULT_MAX_MESSAGE_BYTES)));
  }

  @Override
  public boolean processRequest(SIPRequest request, MessageChannel channel) {
    if (size(request) > maxMessageBytes) {
      oversized.warn(
          "refused SIP messages over " + maxMessageBytes + " bytes (513, or dropped over UDP)");
      if (channel.isReliable()) {
        StatelessAnswer.send(request, channel, Response.MESSAGE_TOO_LARGE, "Message Too Large");
      }
      return false;
    }
    String method = request.getMethod();
    boolean inDialog = request.getToTag() != null;
    if (!inDialog && IN_DIALOG_ONLY.contains(method)) {
      unserved.warn("answered 481 to requests that exist only in a dialog, sent outside one");
      StatelessAnswer.send(
          request, channel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "No Such Dialog");
      return false;
    }
    if (method.equals(Request.CANCEL)) {
      return cancelsSomething(request, channel);
    }
    if (served.contains(method) || method.equals(Request.ACK)) {
      return true;
    }
    if (!DEFINED.contains(method)) {
      unserved.warn("answered 501 to requests of methods no SIP specification defines");
      StatelessAnswer.send(
          request, channel, Response.NOT_IMPLEMENTED, "Not Implemented", this::addAllow);
      return false;
    }
    if (inDialog) {
      return true; // its dialog's application answers it
    }
    unserved.warn("answered 405 to requests of methods no application here serves");
    StatelessAnswer.send(
        request, channel, Response.METHOD_NOT_ALLOWED, "Method Not Allowed", this::addAllow);
    return false;
  }

  /**
   * RFC 3261 §9.2: a CANCEL that matches no INVITE this node is still answering gets 481. The core
   * would answer it 200 before looking (and keep its transaction until Timer J). Looked up by the
   * INVITE's branch, which is its transaction's key (RFC 3261 §17.2.3; the sanity valve refused
   * branches without the magic cookie), not by scanning every transaction as the stack's own CANCEL
   * matching does. A CANCEL that matches is told to the application first ({@link CancelArrivals}):
   * the container will answer 487 before the application hears of it otherwise.
   */
  private boolean cancelsSomething(SIPRequest cancel, MessageChannel channel) {
    if (stack.findTransaction(cancel, true) != null) {
      return true; // a retransmission: its transaction answers it again
    }
    String branch = cancel.getTopmostVia().getBranch();
    if (stack.findTransaction(branch.toLowerCase(Locale.ROOT), true)
            instanceof SIPServerTransaction invite
        && invite.doesCancelMatchTransaction(cancel)) {
      CancelArrivals.arrived(invite);
      return true;
    }
    unserved.warn("answered 481 to CANCELs that match no INVITE");
    StatelessAnswer.send(
        cancel,
        channel,
        Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
        "Call/Transaction Does Not Exist");
    return false;
  }

  /** One Allow header listing every method served (RFC 3261 §20.5). */
  private void addAllow(SIPResponse response) {
    response.setHeader(new Allow(allow));
  }

  /** The bytes of the start line and headers as read, plus the body. */
  private static int size(SIPRequest request) {
    byte[] body = request.getRawContent();
    return request.getSize() + (body == null ? 0 : body.length);
  }

  /** Messages refused for their size since start. */
  long oversized() {
    return oversized.count();
  }

  /** Requests refused for their method since start. */
  long unserved() {
    return unserved.count();
  }

  @Override
  public boolean processResponse(Response response, MessageChannel channel) {
    return true;
  }

  @Override
  public void destroy() {}
}
