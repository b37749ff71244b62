package org.webphone.sip.container;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.io.IOException;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.log4j.Logger;
import org.mobicents.servlet.sip.core.ApplicationRoutingHeaderComposer;
import org.mobicents.servlet.sip.core.SipApplicationDispatcher;
import org.mobicents.servlet.sip.core.SipContext;
import org.mobicents.servlet.sip.core.session.MobicentsSipApplicationSession;
import org.mobicents.servlet.sip.core.session.SessionManagerUtil;
import org.mobicents.servlet.sip.startup.StaticServiceHolder;

/**
 * Answers in-dialog requests for dialogs this node never made, or whose session just ended, before
 * the core sees them.
 *
 * <p>Why: the core proxies such a request statelessly to its Request-URI when that URI names a host
 * it does not recognise as its own (Mobicents issue 823, meant for proxy applications). WebPhone is
 * a B2BUA and never a proxy, so that is an open relay for anyone who puts a To tag on a request;
 * and a request for our own SIP domain (which the core does not know as a host name) is "relayed"
 * to ourselves, again and again: the ACK a caller sends for a stateless 503 from {@link
 * OverloadValve} looped like that and turned a short overload into a permanent one.
 *
 * <p>Every tag the core puts into a dialog carries this node's server id hash ({@code
 * random_serverHash_appHash_appSessionId}), so a To tag without it is not a dialog of ours. RFC
 * 3261 §12.2.2: such a request is answered 481; an ACK cannot be answered and is dropped, unless it
 * belongs to a server transaction (the ACK for a non-2xx final response, §17.2.1), which must see
 * it to stop retransmitting that response.
 *
 * <p>A dialog that another node of the cluster routed through this one ({@link HomeHops}) is not
 * this node's, but its requests carry a Route with the dialog's token: they pass.
 *
 * <p>Called on the stack's worker threads, many at once.
 */
public final class UnknownDialogValve implements SIPMessageValve {
  private static final Logger LOG = Logger.getLogger(UnknownDialogValve.class);
  private final RateLimitedLog refusals = new RateLimitedLog(LOG, 60_000);
  private SipStackImpl stack;
  // The dispatcher is built after the stack that created this valve: read once, on first use.
  private volatile String ownTagMark;

  @Override
  public void init(SipStack sipStack) {
    stack = (SipStackImpl) sipStack;
  }

  @Override
  public boolean processRequest(SIPRequest request, MessageChannel channel) {
    String toTag = request.getToTag();
    if (toTag == null || (isOurs(toTag) && !ended(toTag)) || isHop(request)) {
      return true;
    }
    if (request.getMethod().equals(Request.ACK)) {
      if (stack.findTransaction(request, true) != null) {
        return true;
      }
      refusals.warn("dropped ACKs for dialogs this node does not know");
      return false;
    }
    if (stack.findTransaction(request, true) != null) {
      return true; // a retransmission of a request already answered: its transaction replies
    }
    // Counted before the answer leaves, so that whoever reads the 481 also reads the count.
    refusals.warn("answered 481 to in-dialog requests for dialogs this node does not know");
    SIPResponse unknown =
        request.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Unknown Dialog");
    try {
      channel.sendMessage(unknown);
    } catch (IOException e) {
      LOG.warn("could not send 481 to " + channel.getPeerAddress(), e);
    }
    return false;
  }

  /**
   * True for a tag of ours whose application session has been invalidated (a call or subscription
   * that just ended) while the stack still holds its dialog. The core would refuse such a request
   * with a DispatcherException carrying 481 and then answer 500 regardless (its
   * DispatchTask.dispatchAndHandleExceptions ignores the code): RFC 6665 §4.1.2.1 and RFC 3261
   * §12.2.2 want 481. Anything unexpected leaves the request to the core as before.
   */
  private boolean ended(String toTag) {
    try {
      SipApplicationDispatcher dispatcher =
          StaticServiceHolder.sipStandardService.getSipApplicationDispatcher();
      String[] tuple = ApplicationRoutingHeaderComposer.getAppNameAndSessionId(dispatcher, toTag);
      if (tuple[1] == null || tuple[2] == null) {
        return false;
      }
      SipContext context = dispatcher.findSipApplication(tuple[1]);
      if (context == null) {
        return false;
      }
      MobicentsSipApplicationSession session =
          context
              .getSipManager()
              .getSipApplicationSession(
                  SessionManagerUtil.getSipApplicationSessionKey(tuple[1], tuple[2], null), false);
      return session != null && !session.isValidInternal();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * A request of a dialog another node of the cluster routed through this one to a phone homed here
   * ({@link HomeHops}): its top Route is this node's record-route, with the dialog's token.
   */
  private static boolean isHop(SIPRequest request) {
    HomeHops hops = HomeHops.installed;
    if (hops == null
        || request.getRouteHeaders() == null
        || request.getRouteHeaders().isEmpty()
        || !(request.getRouteHeaders().getFirst() instanceof javax.sip.header.RouteHeader route)
        || !(route.getAddress().getURI() instanceof javax.sip.address.SipURI top)) {
      return false;
    }
    return hops.valid(top.getParameter(HomeHops.TOKEN), request.getCallId().getCallId());
  }

  private boolean isOurs(String toTag) {
    String mark = ownTagMark;
    if (mark == null) {
      SipApplicationDispatcher dispatcher =
          StaticServiceHolder.sipStandardService == null
              ? null
              : StaticServiceHolder.sipStandardService.getSipApplicationDispatcher();
      if (dispatcher == null || dispatcher.getApplicationServerIdHash() == null) {
        return true; // still starting: nothing can be dispatched yet anyway
      }
      mark = "_" + dispatcher.getApplicationServerIdHash() + "_";
      ownTagMark = mark;
    }
    return toTag.contains(mark);
  }

  /** In-dialog requests answered 481, or dropped when ACKs, since start. */
  long refused() {
    return refusals.count();
  }

  @Override
  public boolean processResponse(Response response, MessageChannel channel) {
    return true;
  }

  @Override
  public void destroy() {}
}
