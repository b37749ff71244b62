package org.webphone.sip.container;

import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.log4j.Logger;

/**
 * Refuses what JAIN-SIP's parser lets through but RFC 3261 does not allow, before it reaches a
 * transaction or a servlet: a SIP version other than 2.0 gets 505 (§21.5.7), a Max-Forwards outside
 * 0-255 gets 400 (§20.22), a Via branch without the magic cookie gets 400 (§8.1.1.7), a header its
 * method requires missing gets 400 (a malformed ACK is dropped: it is never answered). Parse errors
 * proper (a CSeq that is no number, two different Content-Lengths, a CSeq method unlike the
 * request's) are answered 400 by JAIN-SIP itself, and a request without Via or Call-ID cannot be
 * answered and is dropped there.
 *
 * <p>Called on the stack's worker threads, many at once.
 */
public final class RequestSanityValve implements SIPMessageValve {
  private static final Logger LOG = Logger.getLogger(RequestSanityValve.class);
  private final RateLimitedLog refusals = new RateLimitedLog(LOG, 10_000);

  @Override
  public void init(SipStack stack) {}

  @Override
  public boolean processRequest(SIPRequest request, MessageChannel channel) {
    String version = request.getRequestLine().getSipVersion();
    if (!"SIP/2.0".equals(version)) {
      refuse(request, channel, Response.VERSION_NOT_SUPPORTED, "Version Not Supported");
      return false;
    }
    // RFC 3261 §8.1.1.7: the branch starts with the magic cookie. Without it JAIN-SIP matches the
    // request against every server transaction it holds, one by one (RFC 2543 matching): a cheap
    // way for a peer to make each of its requests cost as much as the node's whole load.
    String branch = request.getTopmostVia() == null ? null : request.getTopmostVia().getBranch();
    if (branch == null || !branch.regionMatches(true, 0, "z9hG4bK", 0, 7)) {
      refuse(request, channel, Response.BAD_REQUEST, "Via Branch Lacks z9hG4bK");
      return false;
    }
    // The parser drops a Max-Forwards it cannot read (e.g. 300, outside 0-255) into the
    // unrecognised headers and carries on; a request must not be served without its hop limit.
    for (var it = request.getUnrecognizedHeaders(); it.hasNext(); ) {
      String raw = it.next();
      if (raw.regionMatches(true, 0, MaxForwards.NAME, 0, MaxForwards.NAME.length())) {
        refuse(request, channel, Response.BAD_REQUEST, "Bad Max-Forwards");
        return false;
      }
    }
    // What JAIN-SIP checks only when the container asks it for a server transaction (RFC 3261
    // §8.1.1: Max-Forwards in every request, §8.1.1.8: a Contact in a request that can create a
    // dialog; RFC 6665 §8.2.3: Subscription-State in NOTIFY; RFC 3903 §4: Event in PUBLISH). There
    // it fails as an internal error, and the peer would get 500 for its own defect.
    try {
      request.checkHeaders();
    } catch (java.text.ParseException e) {
      if (Request.ACK.equals(request.getMethod())) {
        refusals.warn("dropped a malformed ACK from " + channel.getPeerAddress()); // §17.1.1.3
      } else {
        refuse(request, channel, Response.BAD_REQUEST, missing(e.getMessage()));
      }
      return false;
    }
    return true;
  }

  /** A reason phrase from JAIN-SIP's message: "Missing Contact", not its text, in the answer. */
  private static String missing(String message) {
    int colon = message == null ? -1 : message.lastIndexOf(':');
    return colon < 0
        ? "Bad Request"
        : "Missing " + message.substring(colon + 1).trim().replaceAll("[^A-Za-z-]", "");
  }

  private void refuse(SIPRequest request, MessageChannel channel, int status, String reason) {
    refusals.warn(
        "refused malformed SIP request from "
            + channel.getPeerAddress()
            + ": "
            + status
            + " "
            + reason);
    // The version we answer with is ours (§21.5.7 asks for a response the client can read).
    StatelessAnswer.send(
        request, channel, status, reason, r -> r.getStatusLine().setSipVersion("SIP/2.0"));
  }

  /** Malformed requests refused since start. */
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
