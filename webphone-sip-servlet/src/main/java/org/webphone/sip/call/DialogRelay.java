package org.webphone.sip.call;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.sip.SipServletMessage;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;
import org.webphone.media.NotAcceptableException;
import org.webphone.media.Sdp;

/**
 * Relays an answered call's in-dialog requests from one leg to the other, and their answers back:
 * re-INVITE and UPDATE (hold and resume by SDP direction, RFC 3264 §8.4; RFC 3311), INFO (DTMF as
 * {@code application/dtmf-relay} or {@code application/dtmf}) and any other in-dialog request the
 * phones exchange. Bodies pass through the {@link MediaAnchor}'s SDP rewriting when they are SDP.
 *
 * <p>A re-INVITE's 2xx is not acknowledged here: the ACK of the phone that sent the re-INVITE is
 * relayed (with its answer, when the re-INVITE had no offer). One re-INVITE at a time per call: a
 * second one, from either side, gets 491 (RFC 3261 §14.2) and its sender retries later.
 *
 * <p>Threading: JAIN-SIP threads of both legs; per-call state is in {@link Call}, which
 * synchronizes.
 */
final class DialogRelay {
  private static final Logger LOG = Logger.getLogger(DialogRelay.class.getName());
  private static final String SDP = "application/sdp";

  /** On a relayed request: the request it relays, to answer when the answer comes. */
  private static final String ASKED = "webphone.relayed-from";

  private final MediaAnchor anchor;
  private final SessionTimers sessionTimers;
  private final CrossingHeaders crossing;

  DialogRelay(MediaAnchor anchor, SessionTimers sessionTimers, CrossingHeaders crossing) {
    this.crossing = crossing;
    this.anchor = anchor;
    this.sessionTimers = sessionTimers;
  }

  /** A request from one leg of {@code call}'s dialog, to pass to the other. */
  void request(Call call, SipServletRequest request) throws IOException {
    if (call == null || call.state() == Call.State.ENDED) {
      request.createResponse(481, "Call Does Not Exist").send();
      return;
    }
    if (call.state() != Call.State.ANSWERED) {
      // An early dialog's requests (UPDATE with preconditions, PRACK) are not relayed yet.
      request.createResponse(491, "Request Pending").send();
      return;
    }
    boolean invite = "INVITE".equals(request.getMethod());
    if (invite) {
      Reinvite.Start start = call.startReinvite(request.getSession(), Messages.cseq(request));
      if (!start.accepted()) {
        request.createResponse(491, "Request Pending").send();
        return;
      }
      if (start.unacknowledged() != null) {
        start.unacknowledged().createAck().send();
      }
    }
    Leg across = call.across(request.getSession());
    SipSession other = across == null ? null : across.session();
    if (other == null || !other.isValid()) {
      if (invite) {
        call.reinviteFailed();
      }
      request.createResponse(481, "Call Does Not Exist").send();
      return;
    }
    // Copies the request's headers and body (JSR 289 §12.2.2); the answer finds its way back by
    // the attribute (the helper's own link cannot span two application sessions, see Call.other).
    byte[] body = Messages.body(request);
    byte[] sdp = null;
    if (body != null && isSdp(request.getContentType())) {
      try {
        sdp = anchor.pass(request, call.leg(request.getSession()), across, Sdp.of(body)).bytes();
      } catch (NotAcceptableException e) {
        // RFC 3261 §14.2: a refused re-offer leaves the session as it was.
        if (invite) {
          call.reinviteFailed();
        }
        request.createResponse(488, e.getMessage()).send();
        return;
      }
    }
    SipServletRequest out = request.getB2buaHelper().createRequest(other, request, null);
    crossing.scrub(out);
    out.setAttribute(ASKED, request);
    if (sdp != null) {
      out.setContent(sdp, request.getContentType());
    }
    try {
      out.send();
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.FINE, e, () -> request.getMethod() + " relay failed");
      if (invite) {
        call.reinviteFailed();
      }
      request.createResponse(500, "Could Not Relay").send();
    }
  }

  /** The other leg's answer to a relayed request: passed back to the leg that asked. */
  void response(Call call, SipServletResponse response) throws IOException {
    int status = response.getStatus();
    if (status == 100) {
      return;
    }
    SipServletRequest asked = (SipServletRequest) response.getRequest().getAttribute(ASKED);
    if (asked == null) {
      return;
    }
    boolean invite = "INVITE".equals(response.getMethod());
    if (invite && status >= 200 && status < 300) {
      call.reinviteAnswered(response); // acknowledged when the asking phone acknowledges ours
    } else if (invite && status >= 300) {
      call.reinviteFailed(); // the container acknowledges a failure itself (RFC 3261 §17.1.1.3)
    }
    SipServletResponse back = asked.createResponse(status, response.getReasonPhrase());
    if (status >= 200 && status < 300 && (invite || "UPDATE".equals(response.getMethod()))) {
      sessionTimers.refreshed(call, back, asked.getSession().equals(call.callerSession));
    }
    byte[] body = Messages.body(response);
    if (body != null) {
      back.setContent(
          isSdp(response.getContentType()) ? rewrite(call, response, body) : body,
          response.getContentType());
    }
    back.send();
  }

  /**
   * SDP from {@code from}'s phone, as the anchor wants it sent to the other leg. An answer it
   * cannot carry goes as it is: the offer was carried, and the phones' media will tell.
   */
  byte[] rewrite(Call call, SipServletMessage from, byte[] sdp) {
    SipSession leg = from.getSession();
    return anchor.answer(from, call.leg(leg), call.across(leg), Sdp.of(sdp)).bytes();
  }

  private static boolean isSdp(String contentType) {
    return contentType != null && contentType.regionMatches(true, 0, SDP, 0, SDP.length());
  }
}
