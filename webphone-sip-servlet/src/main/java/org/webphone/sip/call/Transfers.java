package org.webphone.sip.call;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.sip.Address;
import javax.servlet.sip.ServletParseException;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;
import javax.servlet.sip.SipURI;
import javax.servlet.sip.URI;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.history.CallRecord.Side;
import org.webphone.media.NotAcceptableException;
import org.webphone.media.Sdp;
import org.webphone.sip.container.HomeHops;
import org.webphone.sip.registrar.Binding;
import org.webphone.sip.registrar.Registrar;
import org.webphone.sip.registrar.SipDomain;

/**
 * Blind transfer (RFC 3515 REFER, RFC 5589 §6): one side of an answered call (the transferor) asks
 * us to connect the other (the transferee) to a third user (the target), who must belong to the
 * same customer.
 *
 * <p>As a B2BUA we carry it out ourselves rather than passing the REFER on: the REFER is accepted
 * (202) and its implicit subscription reports progress in {@code message/sipfrag} NOTIFYs (100,
 * 180, then the final answer). The target's phones are called without an offer (late offer, RFC
 * 3264 §5), the first to answer wins; its offer goes to the transferee in a re-INVITE, the
 * transferee's answer goes back in the target's ACK, the transferee's and target's legs are linked,
 * and the transferor's leg is hung up. The first call's record says {@code transferred}; the call
 * that follows gets a record of its own. If the target does not answer, the transferor hears why in
 * the final NOTIFY and keeps its call.
 *
 * <p>Threading: JAIN-SIP threads; each transfer's state is in its {@link Attempt}, guarded by its
 * own lock, and the call allows one transfer at a time.
 */
final class Transfers {
  private static final Logger LOG = Logger.getLogger(Transfers.class.getName());
  private static final String ATTEMPT = "webphone.transfer";

  private final Registrar registrar;
  private final CallLimits limits;
  private final CallRecorder recorder;
  private final Hangups hangups;
  private final MediaAnchor anchor;
  private final Clock clock;
  private final SipDomain domain;

  /** The cluster's hops, or null on a node alone (set once, before the first call). */
  private volatile HomeHops hops;

  private final BiFunction<String, Long, Optional<String>> users;
  private final ActiveCalls active;

  /**
   * @param users resolves a dialled user name or extension within a customer to a user name
   */
  Transfers(
      SipDomain domain,
      Registrar registrar,
      CallLimits limits,
      CallRecorder recorder,
      Hangups hangups,
      MediaAnchor anchor,
      Clock clock,
      BiFunction<String, Long, Optional<String>> users,
      ActiveCalls active) {
    this.active = active;
    this.domain = domain;
    this.registrar = registrar;
    this.limits = limits;
    this.recorder = recorder;
    this.hangups = hangups;
    this.anchor = anchor;
    this.clock = clock;
    this.users = users;
  }

  void homeHops(HomeHops hops) {
    this.hops = hops;
  }

  /** One blind transfer in progress. */
  static final class Attempt implements Transfer {
    final Leg transferor;
    final Leg transferee;
    final String transfereeUser;
    final String target;
    private final Forks forks = new Forks();
    private SipServletResponse targetOk;
    private boolean done;

    Attempt(Leg transferor, Leg transferee, String transfereeUser, String target) {
      this.transferor = transferor;
      this.transferee = transferee;
      this.transfereeUser = transfereeUser;
      this.target = target;
    }

    /** The first 2xx wins; returns false for a later one. */
    synchronized boolean answeredBy(SipServletResponse ok) {
      if (done || targetOk != null) {
        return false;
      }
      targetOk = ok;
      forks.finish(ok.getRequest());
      return true;
    }

    @Override
    public synchronized SipServletResponse targetOk() {
      return targetOk;
    }

    synchronized void fork(SipServletRequest invite, Leg leg) {
      forks.add(invite, leg);
    }

    /** The target's leg on {@code session}, one of the forks'. */
    synchronized Leg leg(SipSession session) {
      return forks.leg(session);
    }

    /** A fork failed; true when it was the last and nobody answered. */
    synchronized boolean failed(SipServletRequest fork) {
      return forks.finish(fork) && targetOk == null;
    }

    synchronized List<SipServletRequest> pending() {
      return forks.pending();
    }

    @Override
    public synchronized boolean finish() {
      boolean first = !done;
      done = true;
      return first;
    }
  }

  /** A REFER on one leg of {@code call}. */
  void refer(Call call, SipServletRequest refer, SipFactory factory)
      throws IOException, ServletParseException {
    if (call == null || call.state() == Call.State.ENDED) {
      refer.createResponse(481, "Call Does Not Exist").send();
      return;
    }
    if (call.state() != Call.State.ANSWERED) {
      refer.createResponse(403, "Call Not Answered").send();
      return;
    }
    Address referTo;
    try {
      referTo = refer.getAddressHeader("Refer-To");
    } catch (ServletParseException e) {
      referTo = null;
    }
    if (referTo == null
        || !(referTo.getURI() instanceof SipURI uri)
        || uri.getUser() == null
        || !domain.is(uri.getHost())) {
      refer.createResponse(400, "Refer-To Must Name One Of Our Users").send();
      return;
    }
    Optional<String> target = users.apply(uri.getUser(), call.customerId);
    if (target.isEmpty()) {
      refer.createResponse(404, "Not Found").send();
      return;
    }
    List<Binding> phones = registrar.targets(domain.aor(target.get()));
    if (phones.isEmpty()) {
      refer.createResponse(480, "Temporarily Unavailable").send();
      return;
    }
    Leg transferor = call.leg(refer.getSession());
    Leg transferee = call.across(refer.getSession());
    if (transferor == null || transferee == null || !transferee.session().isValid()) {
      refer.createResponse(481, "Call Does Not Exist").send();
      return;
    }
    String transfereeUser = transferor.equals(call.callerLeg) ? call.callee : call.caller;
    Attempt attempt = new Attempt(transferor, transferee, transfereeUser, target.get());
    if (!call.startTransfer(attempt)) {
      refer.createResponse(491, "Request Pending").send();
      return;
    }
    // The call to come takes its places now; a transfer that fails gives them back.
    CallLimits.Refusal over = limits.take(call.customerId, transfereeUser, target.get());
    if (over != null) {
      call.endTransfer();
      refer
          .createResponse(
              over == CallLimits.Refusal.CALLEE ? 486 : 403,
              over == CallLimits.Refusal.CALLEE ? "Busy Here" : "Too Many Calls")
          .send();
      return;
    }
    refer.createResponse(202, "Accepted").send();
    notify(attempt, "100 Trying", false);
    Address from = factory.createAddress(factory.createSipURI(transfereeUser, domain.current()));
    Address to = factory.createAddress(factory.createSipURI(target.get(), domain.current()));
    for (Binding phone : phones) {
      SipServletRequest fork =
          factory.createRequest(refer.getApplicationSession(), "INVITE", from, to);
      URI contact = registrar.target(phone, factory);
      fork.setRequestURI(contact);
      HomeHops h = hops;
      Optional<String> home = registrar.homeOf(phone);
      if (h != null && home.isPresent()) {
        h.routeThrough(fork, home.get(), factory); // a browser connected to another node
      }
      Leg leg = new Leg(fork.getSession(), Leg.Kind.of(contact));
      fork.setHeader("Referred-By", "<" + refer.getSession().getRemoteParty().getURI() + ">");
      fork.getSession().setAttribute(ATTEMPT, Boolean.TRUE);
      offer(transferee, leg, fork);
      attempt.fork(fork, leg);
    }
    Forks.sendAll(
        attempt.pending(),
        fork -> {
          if (attempt.failed(fork)) {
            fail(call, attempt, "480 Temporarily Unavailable");
          }
        });
  }

  /** The Replaces in a REFER's Refer-To (RFC 3891 §3), or null for a blind transfer. */
  static String replaces(SipServletRequest refer) {
    try {
      Address referTo = refer.getAddressHeader("Refer-To");
      return referTo != null && referTo.getURI() instanceof SipURI uri
          ? uri.getHeader("Replaces")
          : null;
    } catch (ServletParseException e) {
      return null;
    }
  }

  /** True for an answer this class must handle: from the target's phones or the transferee. */
  static boolean handles(Call call, SipServletResponse response) {
    Attempt attempt = call.transfer();
    return attempt != null
        && (response.getSession().getAttribute(ATTEMPT) != null
            || response.getRequest().getAttribute(ATTEMPT) != null);
  }

  void response(Call call, SipServletResponse response) throws IOException {
    Attempt attempt = call.transfer();
    int status = response.getStatus();
    if (attempt == null || status == 100) {
      return;
    }
    if (response.getRequest().getAttribute(ATTEMPT) != null) {
      transfereeAnswered(call, attempt, response);
      return;
    }
    if (status < 200) {
      if (status == 180 || status == 183) {
        notify(attempt, status + " " + response.getReasonPhrase(), false);
      }
      return;
    }
    if (status >= 300) {
      Leg failed = attempt.leg(response.getSession());
      if (failed != null) {
        anchor.release(List.of(failed));
      }
      if (attempt.failed(response.getRequest())) {
        fail(call, attempt, status + " " + response.getReasonPhrase());
      }
      return;
    }
    if (!attempt.answeredBy(response)) {
      hangups.hangUpLateAnswer(response); // another phone of the target answered first
      return;
    }
    hangups.cancelForks(attempt.pending(), attempt::leg);
    byte[] sent = Messages.body(response.getRequest());
    if (sent != null) {
      // We offered for the transferee: the answer joins the target to its anchored leg, and the
      // transferee's phone, facing the anchor all along, needs no re-INVITE.
      try {
        anchor.answered(
            response,
            attempt.leg(response.getSession()),
            attempt.transferee,
            Sdp.of(response.getRawContent()));
      } catch (NotAcceptableException e) {
        hangups.hangUpLateAnswer(response);
        fail(call, attempt, "488 " + e.getMessage());
        return;
      }
      response.createAck().send();
      completed(call, attempt, response);
      return;
    }
    byte[] offer = Messages.body(response);
    if (offer == null) {
      hangups.hangUpLateAnswer(response);
      fail(call, attempt, "488 Not Acceptable Here");
      return;
    }
    // The target's offer to the transferee, in a re-INVITE on the transferee's dialog.
    byte[] toTransferee;
    try {
      toTransferee =
          anchor
              .pass(response, attempt.leg(response.getSession()), attempt.transferee, Sdp.of(offer))
              .bytes();
    } catch (NotAcceptableException e) {
      hangups.hangUpLateAnswer(response);
      fail(call, attempt, "488 " + e.getMessage());
      return;
    }
    SipServletRequest reinvite = attempt.transferee.session().createRequest("INVITE");
    reinvite.setAttribute(ATTEMPT, Boolean.TRUE);
    reinvite.setContent(toTransferee, response.getContentType());
    reinvite.send();
  }

  private void transfereeAnswered(Call call, Attempt attempt, SipServletResponse response)
      throws IOException {
    int status = response.getStatus();
    SipServletResponse targetOk = attempt.targetOk();
    if (status < 200 || targetOk == null) {
      return;
    }
    if (status >= 300) {
      hangups.hangUpLateAnswer(targetOk);
      fail(call, attempt, "500 Transferee Refused The Media");
      return;
    }
    response.createAck().send();
    Leg target = attempt.leg(targetOk.getSession());
    Messages.ackWithAnswer(
        targetOk,
        response,
        answer -> anchor.answer(response, attempt.transferee, target, Sdp.of(answer)).bytes());
    completed(call, attempt, targetOk);
  }

  /** The target and the transferee talk: the first call ends and the next one begins. */
  private void completed(Call call, Attempt attempt, SipServletResponse targetOk)
      throws IOException {
    if (!attempt.finish() || !call.end()) {
      return;
    }
    // The first call ends here, handed on by the transferor's side; the next one begins.
    active.ended(call);
    recorder.ended(
        call,
        Disposition.TRANSFERRED,
        attempt.transferor.equals(call.callerLeg) ? Side.CALLER : Side.CALLEE);
    Call next =
        Call.transferred(
            attempt.transferee,
            attempt.leg(targetOk.getSession()),
            targetOk.getCallId(),
            attempt.transfereeUser,
            attempt.target,
            call.customerId,
            clock.instant());
    attempt.transferee.session().getApplicationSession().setAttribute(Call.ATTRIBUTE, next);
    active.answered(next);
    notify(attempt, "200 OK", true);
    attempt.transferor.session().createRequest("BYE").send();
    anchor.release(List.of(attempt.transferor));
  }

  /** The anchor's offer for the transferee, when it has one: browsers take no offerless INVITE. */
  private void offer(Leg transferee, Leg target, SipServletRequest fork) throws IOException {
    try {
      Sdp offer = anchor.offerFor(transferee, target);
      if (offer != null) {
        fork.setContent(offer.bytes(), "application/sdp");
      }
    } catch (NotAcceptableException e) {
      LOG.log(Level.FINE, "no offer for the transfer target: {0}", e.getMessage());
    }
  }

  private void fail(Call call, Attempt attempt, String statusLine) {
    if (attempt.finish()) {
      call.endTransfer();
      limits.give(call.customerId, attempt.transfereeUser, attempt.target);
      notify(attempt, statusLine, true);
    }
  }

  /** RFC 3515 §2.4.4–2.4.5: the REFER's implicit subscription reports the INVITE's progress. */
  private static void notify(Attempt attempt, String statusLine, boolean last) {
    notify(attempt.transferor.session(), statusLine, last);
  }

  /**
   * A NOTIFY of the REFER's implicit subscription on the transferor's leg, with {@code statusLine}
   * as {@code message/sipfrag}; {@code last} ends the subscription. Blind and attended transfers
   * both report this way.
   */
  static void notify(SipSession transferor, String statusLine, boolean last) {
    try {
      SipServletRequest n = transferor.createRequest("NOTIFY");
      n.setHeader("Event", "refer");
      n.setHeader(
          "Subscription-State", last ? "terminated;reason=noresource" : "active;expires=60");
      n.setContent("SIP/2.0 " + statusLine + "\r\n", "message/sipfrag;version=2.0");
      n.send();
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.FINE, e, () -> "transfer NOTIFY not sent");
    }
  }
}
