package org.webphone.sip.call;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.servlet.ServletException;
import javax.servlet.sip.AuthInfo;
import javax.servlet.sip.ServletParseException;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipURI;
import javax.servlet.sip.URI;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.media.Sdp;
import org.webphone.sip.container.PeerCertificates;
import org.webphone.sip.container.tls.TlsPeerNames;
import org.webphone.sip.registrar.Binding;
import org.webphone.sip.registrar.Registrar;
import org.webphone.sip.registrar.SipDomain;
import org.webphone.sip.trunk.TrunkAddress;
import org.webphone.sip.trunk.TrunkRouter;
import org.webphone.trunk.DidRoute;
import org.webphone.trunk.Transport;
import org.webphone.trunk.TrunkRoute;

/**
 * Calls to and from the phone network through trunks. Out: the caller's INVITE goes to the trunk
 * with the number written as the trunk wants it and the caller's own number (its DID) as From,
 * answering the trunk's digest challenge once (RFC 3261 §22.2), for the trunk's own realm from the
 * trunk's own host (or where it registered from) only; a trunk recognised by digest may register,
 * and its calls then go to its registered contact. To a trunk in our trust domain (RFC 3325) the
 * caller's identity goes in P-Asserted-Identity as well, so that it can be withheld (Privacy: id)
 * from the called party but not from the carrier. In: an INVITE from a trunk to one of our numbers
 * rings every phone of the accounts the number is assigned to. A trunk is recognised as the
 * operator chose: by its address alone, as carriers' interconnects are (not challenged), by its TLS
 * client certificate, or by the digest credentials we gave it.
 *
 * <p>Threading: JAIN-SIP threads; per-call state is in {@link Call}.
 */
final class TrunkCalls {
  private static final Logger LOG = Logger.getLogger(TrunkCalls.class.getName());

  /** Rings {@code targets} for {@code call}; see {@link B2bua}. */
  interface Ringer {
    boolean ring(
        Call call,
        SipServletRequest invite,
        List<RingTarget> targets,
        Map<String, List<String>> headers,
        SipFactory factory)
        throws IOException;
  }

  private final SipDomain domain;
  private final TrunkRouter router;
  private final Registrar registrar;
  private final CallLimits limits;
  private final CallRecorder recorder;
  private final Ringer ringer;

  private final CrossingHeaders crossing;
  private final DigestTrunks digestTrunks;

  TrunkCalls(
      SipDomain domain,
      TrunkRouter router,
      Registrar registrar,
      CallLimits limits,
      CallRecorder recorder,
      Ringer ringer,
      CrossingHeaders crossing,
      DigestTrunks digestTrunks) {
    this.crossing = crossing;
    this.digestTrunks = digestTrunks;
    this.domain = domain;
    this.router = router;
    this.registrar = registrar;
    this.limits = limits;
    this.recorder = recorder;
    this.ringer = ringer;
  }

  /**
   * The trunk that sent {@code request}, recognised by its address or by its TLS client
   * certificate, if one did.
   */
  Optional<TrunkRoute> from(SipServletRequest request) {
    return router.inboundTrunk(
        request.getRemoteAddr(), request.getRemotePort(), PeerCertificates.names(request));
  }

  /**
   * A call from a trunk recognised by digest: it rings like any call from the network once the
   * credentials are right and come from where the trunk may send from; otherwise it is refused (or
   * challenged, or throttled) as a user's call with wrong credentials would be, and keeps nothing.
   */
  boolean authenticatedInbound(SipServletRequest request, Instant started, SipFactory factory)
      throws IOException, ServletException {
    Optional<TrunkRoute> trunk = digestTrunks.authenticated(request);
    if (trunk.isEmpty()) {
      return false;
    }
    return inbound(request, trunk.get(), started, factory);
  }

  /**
   * A user's call to none of its customer's users: a phone number out through a trunk, or a refusal
   * that says why (a number no trunk serves, a customer that may not call out), or plain "not
   * found" for a name or extension nobody has.
   */
  boolean outside(
      SipServletRequest request,
      Sdp offer,
      String caller,
      long customer,
      Instant started,
      SipFactory factory)
      throws IOException {
    SipURI uri = request.getRequestURI() instanceof SipURI u ? u : null;
    String dialled = uri != null && uri.getUser() != null ? uri.getUser() : "?";
    TrunkRouter.Outbound out =
        uri != null && domain.is(uri.getHost()) && uri.getUser() != null
            ? router.outbound(customer, caller, dialled)
            : new TrunkRouter.NotANumber();
    if (out instanceof TrunkRouter.Route route) {
      return outbound(request, offer, caller, customer, started, route, factory);
    }
    if (out instanceof TrunkRouter.Refused refused) {
      recorder.refused(
          customer,
          request,
          caller,
          dialled,
          started,
          refused.status() == 404 ? Disposition.NOT_FOUND : Disposition.FAILED);
      request.createResponse(refused.status(), refused.reason()).send();
      return false;
    }
    recorder.refused(customer, request, caller, dialled, started, Disposition.NOT_FOUND);
    request.createResponse(SipServletResponse.SC_NOT_FOUND, "Not Found").send();
    return false;
  }

  /** Sends an authenticated user's call to a number out through {@code route}'s trunk. */
  private boolean outbound(
      SipServletRequest request,
      Sdp offer,
      String caller,
      long customer,
      Instant started,
      TrunkRouter.Route route,
      SipFactory factory)
      throws IOException {
    TrunkRoute trunk = route.trunk();
    CallLimits.Refusal over = limits.take(customer, caller, null);
    if (over != null) {
      recorder.refused(
          customer, request, caller, route.e164(), started, over.disposition(), trunk.name());
      over.refuse(request);
      return false;
    }
    Call call = new Call(request, offer, caller, route.e164(), customer, started, trunk, false);
    call.trunkPlan(route.fallbacks(), route.callingNumber());
    return ringer.ring(
        call,
        request,
        List.of(RingTarget.direct(target(trunk, route.e164(), factory))),
        headers(call),
        factory);
  }

  /**
   * The Request-URI of an INVITE to {@code e164} through {@code trunk}: its registered contact with
   * the number as its user while it is registered (the PBX reads the number there, as from a
   * carrier), else its host.
   */
  private SipURI target(TrunkRoute trunk, String e164, SipFactory factory) {
    Optional<Binding> registered = digestTrunks.registered(trunk);
    if (registered.isPresent()) {
      try {
        if (registrar.target(registered.get(), factory) instanceof SipURI contact) {
          contact.setUser(trunk.dial(e164));
          return contact;
        }
      } catch (ServletParseException e) {
        // The registrar parsed it when it was registered; only a defect gets here.
        LOG.warning(() -> trunk + ": registered contact unreadable, calling its host: " + e);
      }
    }
    if (trunk.transport() == Transport.TLS) {
      TlsPeerNames.shared().expect(trunk.host()); // the connection must prove it is this host
    }
    SipURI target = factory.createSipURI(trunk.dial(e164), trunk.host());
    target.setPort(trunk.port());
    if (trunk.transport() != Transport.UDP) {
      target.setTransportParam(trunk.transport().name().toLowerCase(Locale.ROOT));
    }
    target.setUserParam("phone");
    return target;
  }

  /**
   * From (the caller's own number as this trunk writes it, or anonymous when the caller asked for
   * privacy: RFC 3323 §4.2) and To, for the call's trunk; to a trunk in our trust domain also
   * P-Asserted-Identity (RFC 3325 §9.1), with {@code Privacy: id} when the caller asked for it, so
   * the carrier withholds it from the called party. Other trunks get no PAI: it would cross a trust
   * boundary.
   */
  private Map<String, List<String>> headers(Call call) {
    TrunkRoute trunk = call.trunk();
    String callingUser = call.callingNumber().map(trunk::callingNumber).orElse(call.caller);
    String identity = "<" + domain.aor(callingUser) + ">";
    boolean hidden = CrossingHeaders.wantsPrivacy(call.callerInvite);
    Map<String, List<String>> headers = new java.util.HashMap<>();
    headers.put("From", List.of(hidden ? CrossingHeaders.ANONYMOUS : identity));
    headers.put(
        "To", List.of("<sip:" + trunk.dial(call.callee) + "@" + trunk.host() + ";user=phone>"));
    if (trunk.assertsIdentity()) {
      headers.put("P-Asserted-Identity", List.of(identity));
      if (hidden) {
        headers.put("Privacy", List.of("id"));
      }
    }
    return headers;
  }

  /**
   * The trunk failed the call (RFC 3261 §21.5 and §21.6: a server error, or 408): the next trunk
   * that serves the number takes it, unless someone answered already.
   *
   * @return true when the call went on to another trunk
   */
  boolean failOver(Call call, SipServletResponse response, int status, SipFactory factory)
      throws IOException {
    if (call.trunk() == null
        || call.inbound
        || (status != 408 && status < 500)
        || (call.state() != Call.State.ROUTING && call.state() != Call.State.RINGING)) {
      return false;
    }
    TrunkRoute next = call.failOver();
    if (next == null) {
      return false;
    }
    SipServletRequest failed = response.getRequest();
    SipServletRequest fork;
    try {
      fork =
          call.callerInvite.getB2buaHelper().createRequest(call.callerInvite, false, headers(call));
    } catch (javax.servlet.sip.TooManyHopsException e) {
      return false;
    }
    fork.setRequestURI(target(next, call.callee, factory));
    crossing.scrub(fork, headers(call));
    byte[] offer = Messages.body(failed);
    if (offer != null) {
      fork.setContent(offer, failed.getContentType());
    }
    call.replaceFork(failed, fork);
    LOG.info(() -> "call " + call.callId + " failed over to " + next + " after " + status);
    fork.send();
    return true;
  }

  /** A call from {@code trunk} to one of our numbers. */
  boolean inbound(SipServletRequest request, TrunkRoute trunk, Instant started, SipFactory factory)
      throws IOException, ServletException {
    String dialled = request.getRequestURI() instanceof SipURI u ? u.getUser() : null;
    Optional<DidRoute> did = router.inbound(trunk, dialled);
    if (did.isEmpty()) {
      // Not a number of ours: nobody to record it for.
      request.createResponse(SipServletResponse.SC_NOT_FOUND, "Not Found").send();
      return false;
    }
    String fromUser = callingUser(request, trunk);
    String caller = trunk.read(fromUser).orElse(fromUser == null ? "anonymous" : fromUser);
    long customer = did.get().customerId();
    List<RingTarget> phones = new ArrayList<>();
    String callee = null;
    for (String user : did.get().usernames()) {
      for (Binding b : registrar.targets(domain.aor(user))) {
        phones.add(new RingTarget(registrar.target(b, factory), registrar.homeOf(b).orElse(null)));
        callee = callee == null ? user : callee;
      }
    }
    if (phones.isEmpty()) {
      String nobody =
          did.get().usernames().isEmpty() ? did.get().number() : did.get().usernames().get(0);
      recorder.refused(
          customer, request, caller, nobody, started, Disposition.UNAVAILABLE, trunk.name());
      request
          .createResponse(SipServletResponse.SC_TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable")
          .send();
      return false;
    }
    CallLimits.Refusal over = limits.take(customer, null, callee);
    if (over != null) {
      recorder.refused(
          customer, request, caller, callee, started, over.disposition(), trunk.name());
      over.refuse(request);
      return false;
    }
    Call call =
        new Call(
            request,
            Sdp.of(Messages.body(request)),
            caller,
            callee,
            customer,
            started,
            trunk,
            true);
    return ringer.ring(call, request, phones, null, factory);
  }

  /**
   * Who calls through {@code trunk}: its P-Asserted-Identity when it is in our trust domain (RFC
   * 3325 §9.1: From may be anonymous or made up), else the From it wrote.
   */
  private static String callingUser(SipServletRequest request, TrunkRoute trunk) {
    if (trunk.assertsIdentity()) {
      try {
        var asserted = request.getAddressHeader("P-Asserted-Identity");
        if (asserted != null) {
          URI uri = asserted.getURI();
          if (uri instanceof SipURI sip && sip.getUser() != null) {
            return sip.getUser();
          }
          if (uri instanceof javax.servlet.sip.TelURL tel) {
            return (tel.isGlobal() ? "+" : "") + tel.getPhoneNumber();
          }
        }
      } catch (ServletParseException e) {
        LOG.fine(() -> trunk + " sent an unreadable P-Asserted-Identity: " + e.getMessage());
      }
    }
    return request.getFrom().getURI() instanceof SipURI f ? f.getUser() : null;
  }

  /**
   * The trunk asked for credentials (401/407): the INVITE goes again with them, once.
   *
   * @return false when the call has no credentials to give, or the trunk refused them already
   */
  boolean challenged(Call call, SipServletResponse response, SipFactory factory)
      throws IOException {
    TrunkRoute trunk = call.trunk();
    if (trunk == null || call.inbound || trunk.username() == null || trunk.password() == null) {
      return false;
    }
    if (!TrunkAddress.isOf(trunk, response.getRemoteAddr())
        && !digestTrunks
            .registered(trunk)
            .map(b -> b.remoteAddress().equals(response.getRemoteAddr()))
            .orElse(false)) {
      LOG.warning(
          () ->
              trunk
                  + ": a challenge from "
                  + response.getRemoteAddr()
                  + ", not from the trunk's host, got no credentials");
      return false;
    }
    AuthInfo credentials = factory.createAuthInfo();
    boolean answered = false;
    for (Iterator<String> realms = response.getChallengeRealms(); realms.hasNext(); ) {
      String realm = realms.next();
      if (trunk.answersRealm(realm)) {
        credentials.addAuthInfo(response.getStatus(), realm, trunk.username(), trunk.password());
        answered = true;
      } else {
        // Our credentials are for the trunk's realm only (RFC 3261 §22.2): a digest for another
        // realm the same host serves would let it bill our calls to another account's.
        LOG.warning(() -> trunk + ": a challenge for realm \"" + realm + "\" got no credentials");
      }
    }
    if (!answered) {
      return false;
    }
    SipServletRequest fork = response.getRequest();
    // The session clones its INVITE with the next CSeq (same Call-ID and From tag, RFC 3261
    // §22.2), without the body.
    SipServletRequest retry = response.getSession().createRequest("INVITE");
    retry.addAuthHeader(response, credentials);
    byte[] offer = Messages.body(fork);
    if (offer != null) {
      retry.setContent(offer, fork.getContentType());
    }
    if (!call.retryAfterChallenge(fork, retry)) {
      LOG.warning(() -> trunk + " refused our credentials for call " + call.callId);
      return false;
    }
    retry.send();
    return true;
  }
}
