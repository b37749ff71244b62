package org.webphone.sip.call;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.history.CallRecord.Side;
import org.webphone.media.NotAcceptableException;
import org.webphone.media.Sdp;

/**
 * Attended transfer (RFC 5589 §7): a user in two calls, one with the transferee and one with the
 * target (usually a consultation call), sends a REFER in the first whose Refer-To carries Replaces
 * (RFC 3891) naming the second. The transferee and the target are then connected, and both of the
 * transferor's legs are hung up.
 *
 * <p>As a B2BUA we do it ourselves instead of passing the REFER on, as for blind transfer: both
 * phones are already in calls with us, so no new call is set up, the two legs are re-joined by
 * re-INVITEs: the target's phone is asked for an offer (a re-INVITE without one, RFC 3264 §5), that
 * offer goes to the transferee's phone in a re-INVITE, and its answer goes back in the target's
 * ACK. The REFER's implicit subscription hears 100 and then the outcome.
 *
 * <p>Replaces names the dialog as the transferor sees it (its Call-ID, our tag and its own): the
 * call is found by the Call-ID on this node ({@link ActiveCalls}), and refused unless the
 * transferor's own tag matches and the transferor is the same user as in the REFER's call (our tag
 * is not checked: the JSR 289 session does not expose it). A call on another node of a cluster is
 * not found (481).
 *
 * <p>Threading: JAIN-SIP threads of the four legs; one transfer per call ({@link Call}).
 */
final class AttendedTransfers {
  private static final Logger LOG = Logger.getLogger(AttendedTransfers.class.getName());

  /** On our re-INVITEs: the attempt they belong to. */
  private static final String STEP = "webphone.attended-transfer";

  /** On a re-INVITE that takes a joined phone off the transferor's hold. */
  private static final String RESUME = "webphone.attended-transfer.resume";

  private final ActiveCalls active;
  private final CallLimits limits;
  private final CallRecorder recorder;
  private final Hangups hangups;
  private final MediaAnchor anchor;
  private final Clock clock;

  AttendedTransfers(
      ActiveCalls active,
      CallLimits limits,
      CallRecorder recorder,
      Hangups hangups,
      MediaAnchor anchor,
      Clock clock) {
    this.active = active;
    this.limits = limits;
    this.recorder = recorder;
    this.hangups = hangups;
    this.anchor = anchor;
    this.clock = clock;
  }

  /** One attended transfer: the REFER's call and the call its Replaces names. */
  static final class Attempt implements Transfer {
    final Call first;
    final Leg transferor;
    final Leg transferee;
    final Call second;
    final Leg replaced;
    final Leg target;
    private SipServletResponse targetOk;
    private boolean done;

    Attempt(Call first, Leg transferor, Leg transferee, Call second, Leg replaced, Leg target) {
      this.first = first;
      this.transferor = transferor;
      this.transferee = transferee;
      this.second = second;
      this.replaced = replaced;
      this.target = target;
    }

    synchronized void targetAnswered(SipServletResponse ok) {
      targetOk = ok;
    }

    @Override
    public synchronized SipServletResponse targetOk() {
      return targetOk;
    }

    @Override
    public synchronized boolean finish() {
      boolean first = !done;
      done = true;
      return first;
    }
  }

  /** A REFER in {@code call} whose Refer-To has {@code replaces} (the header's value). */
  void refer(Call call, SipServletRequest refer, String replaces) throws IOException {
    Replaces named = Replaces.parse(replaces);
    if (named == null) {
      refer.createResponse(400, "Bad Replaces").send();
      return;
    }
    Call second = active.byCallId(named.callId()).orElse(null);
    SipSession replaced = second == null ? null : ActiveCalls.leg(second, named.callId());
    Leg transferor = call.leg(refer.getSession());
    if (second == null
        || second == call
        || replaced == null
        || second.state() != Call.State.ANSWERED
        || second.customerId != call.customerId
        || !matches(named.fromTag(), second.phoneTag(replaced))
        || transferor == null
        || !sameUser(transferor.session(), replaced)) {
      // RFC 3891 §3: no match is "Call/Transaction Does Not Exist"; nor may anyone replace a
      // call they are not in.
      refer.createResponse(481, "Replaced Call Does Not Exist").send();
      return;
    }
    Leg transferee = call.across(transferor.session());
    Leg target = second.across(replaced);
    if (transferee == null
        || target == null
        || !transferee.session().isValid()
        || !target.session().isValid()) {
      refer.createResponse(481, "Call Does Not Exist").send();
      return;
    }
    Attempt attempt =
        new Attempt(call, transferor, transferee, second, second.leg(replaced), target);
    if (!call.startTransfer(attempt)) {
      refer.createResponse(491, "Request Pending").send();
      return;
    }
    if (!second.startTransfer(attempt)) {
      call.endTransfer();
      refer.createResponse(491, "Request Pending").send();
      return;
    }
    refer.createResponse(202, "Accepted").send();
    notify(attempt, "100 Trying", false);
    if (anchor.join(transferee, target)) {
      // Both phones face the media anchor already: it joins their legs, and neither phone needs
      // a re-INVITE (browsers do not answer an offerless one).
      joined(attempt);
      return;
    }
    SipServletRequest askOffer = target.session().createRequest("INVITE");
    askOffer.setAttribute(STEP, attempt);
    askOffer.send();
  }

  /** True for an answer to one of our re-INVITEs. */
  static boolean handles(SipServletResponse response) {
    SipServletRequest request = response.getRequest();
    return request.getAttribute(STEP) != null || request.getAttribute(RESUME) != null;
  }

  void response(SipServletResponse response) throws IOException {
    if (response.getRequest().getAttribute(RESUME) != null) {
      resumed(response);
      return;
    }
    Attempt attempt = (Attempt) response.getRequest().getAttribute(STEP);
    int status = response.getStatus();
    if (status < 200) {
      return;
    }
    boolean fromTarget = response.getSession().equals(attempt.target.session());
    if (status >= 300) {
      // The phone kept its call as it was (RFC 3261 §14.1); the transfer did not happen.
      fail(attempt, status + " " + response.getReasonPhrase());
      return;
    }
    if (fromTarget) {
      byte[] offer = Messages.body(response);
      if (offer == null) {
        response.createAck().send();
        fail(attempt, "488 Not Acceptable Here");
        return;
      }
      byte[] toTransferee;
      try {
        toTransferee =
            anchor.pass(response, attempt.target, attempt.transferee, Sdp.of(offer)).bytes();
      } catch (NotAcceptableException e) {
        response.createAck().send();
        fail(attempt, "488 " + e.getMessage());
        return;
      }
      attempt.targetAnswered(response);
      SipServletRequest reinvite = attempt.transferee.session().createRequest("INVITE");
      reinvite.setAttribute(STEP, attempt);
      reinvite.setContent(toTransferee, response.getContentType());
      reinvite.send();
      return;
    }
    SipServletResponse targetOk = attempt.targetOk();
    response.createAck().send();
    Messages.ackWithAnswer(
        targetOk,
        response,
        answer ->
            anchor.answer(response, attempt.transferee, attempt.target, Sdp.of(answer)).bytes());
    joined(attempt);
  }

  /** Transferee and target talk: both earlier calls end, and a new one begins. */
  private void joined(Attempt attempt) throws IOException {
    if (!attempt.finish() || !attempt.first.end() || !attempt.second.end()) {
      return;
    }
    Call first = attempt.first;
    Call second = attempt.second;
    active.ended(first);
    active.ended(second);
    recorder.ended(first, Disposition.TRANSFERRED, side(first, attempt.transferor));
    recorder.ended(second, Disposition.TRANSFERRED, side(second, attempt.replaced));
    String transfereeUser = first.userAcross(attempt.transferor.session());
    String targetUser = second.userAcross(attempt.replaced.session());
    Call next =
        Call.transferred(
            attempt.transferee,
            attempt.target,
            attempt.target.session().getCallId(),
            transfereeUser,
            targetUser,
            first.customerId,
            clock.instant());
    // Counted like any call from now on; a limit reached meanwhile does not undo a done transfer.
    limits.take(first.customerId, transfereeUser, targetUser);
    attempt.transferee.session().getApplicationSession().setAttribute(Call.ATTRIBUTE, next);
    attempt.target.session().getApplicationSession().setAttribute(Call.ATTRIBUTE, next);
    active.answered(next);
    notify(attempt, "200 OK", true);
    for (Leg leg : List.of(attempt.transferor, attempt.replaced)) {
      try {
        leg.session().createRequest("BYE").send();
      } catch (IllegalStateException e) {
        LOG.log(Level.FINE, e, () -> "transferor's leg already gone");
      }
    }
    anchor.release(List.of(attempt.transferor, attempt.replaced));
    // The transferor usually held the transferee while it consulted the target (RFC 5589 §7.1):
    // joined as they are, that phone would stay on hold with nobody left to resume it.
    for (Leg leg : List.of(attempt.transferee, attempt.target)) {
      Sdp offer = anchor.resume(leg);
      if (offer != null) {
        SipServletRequest reinvite = leg.session().createRequest("INVITE");
        reinvite.setAttribute(RESUME, leg);
        reinvite.setContent(offer.bytes(), "application/sdp");
        reinvite.send();
      }
    }
  }

  /** A joined phone's answer to being taken off hold. */
  private void resumed(SipServletResponse response) throws IOException {
    int status = response.getStatus();
    if (status < 200) {
      return;
    }
    if (status >= 300) {
      // Its call goes on as it was, on hold; the phone can still resume it itself.
      LOG.fine(() -> "resume after transfer refused: " + status);
      return;
    }
    response.createAck().send();
    Leg leg = (Leg) response.getRequest().getAttribute(RESUME);
    Sdp answer = Sdp.of(Messages.body(response));
    try {
      anchor.resumed(response, leg, answer == null ? Sdp.of("") : answer);
    } catch (NotAcceptableException e) {
      LOG.log(Level.INFO, "resume after transfer not carried: {0}", e.getMessage());
    }
  }

  private void fail(Attempt attempt, String statusLine) {
    if (attempt.finish()) {
      attempt.first.endTransfer();
      attempt.second.endTransfer();
      notify(attempt, statusLine, true);
    }
  }

  private static Side side(Call call, Leg leg) {
    return leg.equals(call.callerLeg) ? Side.CALLER : Side.CALLEE;
  }

  /** The transferor's own tag in Replaces matches the dialog's, when we know the dialog's. */
  private static boolean matches(String given, String known) {
    return known == null || known.equals(given);
  }

  private static boolean sameUser(SipSession a, SipSession b) {
    return a.getRemoteParty().getURI().equals(b.getRemoteParty().getURI());
  }

  private static void notify(Attempt attempt, String statusLine, boolean last) {
    Transfers.notify(attempt.transferor.session(), statusLine, last);
  }

  /** RFC 3891 §6.1: {@code callid;to-tag=...;from-tag=...}, as the transferor sees the dialog. */
  record Replaces(String callId, String toTag, String fromTag) {
    static Replaces parse(String value) {
      if (value == null) {
        return null;
      }
      String[] parts = unescape(value).split(";");
      String callId = parts[0].trim();
      String to = null;
      String from = null;
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("to-tag")) {
          to = kv[1].trim();
        } else if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("from-tag")) {
          from = kv[1].trim();
        }
      }
      return callId.isEmpty() || from == null ? null : new Replaces(callId, to, from);
    }

    /** A URI header's %XX escapes (RFC 3261 §25.1), which the parser may leave in place. */
    private static String unescape(String s) {
      StringBuilder b = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '%' && i + 2 < s.length()) {
          int hi = Character.digit(s.charAt(i + 1), 16);
          int lo = Character.digit(s.charAt(i + 2), 16);
          if (hi >= 0 && lo >= 0) {
            b.append((char) (hi * 16 + lo));
            i += 2;
            continue;
          }
        }
        b.append(c);
      }
      return b.toString();
    }
  }
}
