package org.webphone.sip.call;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.servlet.ServletException;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipURI;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.media.NotAcceptableException;
import org.webphone.media.Sdp;
import org.webphone.sip.container.AnsweredRequests;
import org.webphone.sip.registrar.Binding;
import org.webphone.sip.registrar.Registrar;
import org.webphone.sip.registrar.SipAuthenticator;
import org.webphone.trunk.TrunkRoute;

/**
 * Where a new call goes: the one place its routing is decided. In order: a call from a trunk's
 * address or with a digest trunk's credentials comes from the phone network ({@link TrunkCalls});
 * any other caller is a user who authenticates (digest, RFC 3261 §22), whose session-timer request
 * and offer the node can carry; its callee is a user of the same customer by name or extension,
 * whose registered phones ring ({@link Ringing}), or else a number that leaves through a trunk, or
 * nobody (404). Refusals are recorded before they are answered.
 *
 * <p>Threading: any JAIN-SIP thread; holds no state of its own.
 */
final class CallRouting {
  private final SipAuthenticator authenticator;
  private final Registrar registrar;
  private final CallDirectory directory;
  private final MediaAnchor anchor;
  private final SessionTimers sessionTimers;
  private final CallLimits limits;
  private final CallRecorder recorder;
  private final Ringing ringing;
  private final TrunkCalls trunks;
  private final DigestTrunks digestTrunks;
  private final Clock clock;

  CallRouting(
      SipAuthenticator authenticator,
      Registrar registrar,
      CallDirectory directory,
      MediaAnchor anchor,
      SessionTimers sessionTimers,
      CallLimits limits,
      CallRecorder recorder,
      Ringing ringing,
      TrunkCalls trunks,
      DigestTrunks digestTrunks,
      Clock clock) {
    this.authenticator = authenticator;
    this.registrar = registrar;
    this.directory = directory;
    this.anchor = anchor;
    this.sessionTimers = sessionTimers;
    this.limits = limits;
    this.recorder = recorder;
    this.ringing = ringing;
    this.trunks = trunks;
    this.digestTrunks = digestTrunks;
    this.clock = clock;
  }

  /** Routes a new call and rings the callee's phones; false when it was answered with an error. */
  boolean route(SipServletRequest request, SipFactory factory)
      throws IOException, ServletException {
    Optional<TrunkRoute> trunk = trunks.from(request);
    if (trunk.isPresent()) {
      return trunks.inbound(request, trunk.get(), clock.instant(), factory);
    }
    if (digestTrunks.claims(request)) {
      return trunks.authenticatedInbound(request, clock.instant(), factory);
    }
    if (!(request.getFrom().getURI() instanceof SipURI from) || from.getUser() == null) {
      request.createResponse(403, "Forbidden").send();
      return false;
    }
    Optional<String> caller = authenticator.authenticate(request, from.getUser(), true);
    if (caller.isEmpty()) {
      // Answered like Kamailio's sl_send_reply: no transaction stays to retransmit the challenge
      // to a source that may be spoofed (an 11-fold reflection over UDP until Timer H, RFC 3261
      // §17.2.1). The caller's ACK then meets nothing and is dropped; a retransmitted INVITE,
      // if the challenge was lost, is challenged afresh.
      AnsweredRequests.release(request);
      return false;
    }
    if (!sessionTimers.acceptable(request)) {
      return false;
    }
    Sdp offer = Sdp.of(Messages.body(request)); // read once: the check, then every fork
    try {
      anchor.check(Leg.Kind.of(request), offer);
    } catch (NotAcceptableException e) {
      request.createResponse(SipServletResponse.SC_NOT_ACCEPTABLE_HERE, e.getMessage()).send();
      return false;
    }
    Instant started = clock.instant();
    Optional<Long> customer = directory.customerOf(caller.get());
    if (customer.isEmpty()) {
      request.createResponse(403, "Forbidden").send();
      return false;
    }
    Optional<String> callee = callee(request, caller.get(), customer.get());
    if (callee.isEmpty()) {
      return trunks.outside(request, offer, caller.get(), customer.get(), started, factory);
    }
    List<Binding> phones = registrar.targets(registrar.domain().aor(callee.get()));
    if (phones.isEmpty()) {
      recorder.refused(
          customer.get(), request, caller.get(), callee.get(), started, Disposition.UNAVAILABLE);
      request
          .createResponse(SipServletResponse.SC_TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable")
          .send();
      return false;
    }
    CallLimits.Refusal over = limits.take(customer.get(), caller.get(), callee.get());
    if (over != null) {
      recorder.refused(
          customer.get(), request, caller.get(), callee.get(), started, over.disposition());
      over.refuse(request);
      return false;
    }
    List<RingTarget> targets = new ArrayList<>();
    for (Binding phone : phones) {
      targets.add(
          new RingTarget(registrar.target(phone, factory), registrar.homeOf(phone).orElse(null)));
    }
    Call call =
        new Call(request, offer, caller.get(), callee.get(), customer.get(), started, null, false);
    // The callee sees who authenticated, not what the caller wrote (CrossingHeaders).
    Map<String, List<String>> identity =
        CrossingHeaders.callerIdentity(
            request,
            registrar.domain().aor(caller.get()),
            directory.displayNameOf(caller.get()).orElse(null));
    return ringing.ring(call, request, targets, identity, factory);
  }

  /** The callee by username, or by extension within the caller's customer. */
  private Optional<String> callee(SipServletRequest request, String caller, long customer) {
    if (!(request.getRequestURI() instanceof SipURI uri)
        || uri.getUser() == null
        || !registrar.domain().is(uri.getHost())) {
      return Optional.empty();
    }
    return resolve(directory, uri.getUser(), customer);
  }

  /** A user name or extension dialled within {@code customer}: the user it names. */
  static Optional<String> resolve(CallDirectory directory, String dialled, long customer) {
    if (directory.customerOf(dialled).equals(Optional.of(customer))) {
      return Optional.of(dialled);
    }
    return directory.userByExtension(customer, dialled);
  }
}
