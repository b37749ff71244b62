package org.webphone.sip.call;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.sip.B2buaHelper;
import javax.servlet.sip.SipApplicationSession;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.history.CallRecord.Side;
import org.webphone.media.NotAcceptableException;
import org.webphone.media.Sdp;
import org.webphone.sip.container.AnsweredRequests;
import org.webphone.sip.container.CancelArrivals;
import org.webphone.sip.container.HomeHops;
import org.webphone.sip.registrar.Registrar;
import org.webphone.sip.registrar.SipAuthenticator;
import org.webphone.sip.trunk.TrunkDirectory;
import org.webphone.sip.trunk.TrunkRouter;

/**
 * Calls between our users, as a back-to-back user agent (JSR 289 {@link B2buaHelper}): the caller
 * authenticates (407, RFC 3261 §22.3), the callee is found by username or extension within the
 * caller's customer, and every phone it has registered rings at once (parallel forking); the first
 * to answer wins and the others are cancelled. Answers the caller 404 for an unknown callee, 480
 * for one with no phone or no answer in time, the callee's busy (486) when that is the best answer,
 * and 487 when the caller cancels.
 *
 * <p>A dialled number that is none of the customer's users goes to the phone network, and a call
 * from a trunk's address comes from it: see {@link TrunkCalls}.
 *
 * <p>With an offer in the INVITE the callee's 2xx is acknowledged at once; with a late offer (none
 * in the INVITE) it waits for the caller's ACK and its answer. In-dialog requests go through {@link
 * DialogRelay}, transfers through {@link Transfers}, every end of a call through {@link Hangups}.
 * Threading: JAIN-SIP threads for both legs and the call timer thread; per-call state is in {@link
 * Call}, which synchronizes.
 */
public final class B2bua {
  private static final Logger LOG = Logger.getLogger(B2bua.class.getName());

  private final CallConfig config;
  private final SipAuthenticator authenticator;
  private final Registrar registrar;
  private final CallDirectory directory;
  private final MediaAnchor anchor;
  private final DialogRelay relay;
  private final Transfers transfers;
  private final SessionTimers sessionTimers;
  private final ScheduledExecutorService timers;
  private final Clock clock;
  private final CallLimits limits;
  private final CallRecorder recorder;
  private final Hangups hangups;
  private final TrunkCalls trunks;
  private final DigestTrunks digestTrunks;
  private final ActiveCalls active = new ActiveCalls();
  private final AttendedTransfers attended;
  private final Ringing ringing;
  private volatile HomeHops hops;
  private volatile NodeCalls cluster = NodeCalls.NONE;
  private final CallRouting routing;
  private volatile SipFactory factory;

  /**
   * @param log hears each call's detail record when it ends
   * @param places where call limits are counted: this node ({@link Places#local}), or the cluster
   *     ({@link GridPlaces})
   */
  public B2bua(
      CallConfig config,
      SipAuthenticator authenticator,
      Registrar registrar,
      CallDirectory directory,
      MediaAnchor anchor,
      ScheduledExecutorService timers,
      CallLog log,
      Clock clock,
      TrunkDirectory trunkDirectory,
      Places places) {
    this.clock = clock;
    this.config = config;
    this.limits = new CallLimits(config.maxCallsPerAccount(), config.maxCallsPerCustomer(), places);
    this.recorder = new CallRecorder(log, limits, clock);
    this.hangups = new Hangups(anchor, recorder, timers, active);
    CrossingHeaders crossing = new CrossingHeaders(config.headerAllow());
    this.ringing = new Ringing(anchor, hangups, timers, config.noAnswerTimeout(), crossing);
    this.authenticator = authenticator;
    this.registrar = registrar;
    this.directory = directory;
    this.anchor = anchor;
    this.sessionTimers =
        new SessionTimers(
            config.minSessionExpires().toSeconds(),
            config.sessionExpires().toSeconds(),
            timers,
            hangups::sessionExpired);
    this.relay = new DialogRelay(anchor, sessionTimers, crossing);
    this.transfers =
        new Transfers(
            registrar.domain(),
            registrar,
            limits,
            recorder,
            hangups,
            anchor,
            clock,
            (dialled, customer) -> CallRouting.resolve(directory, dialled, customer),
            active);
    this.attended = new AttendedTransfers(active, limits, recorder, hangups, anchor, clock);
    this.timers = timers;
    anchor.onFailure(this::mediaFailed);
    TrunkRouter router = new TrunkRouter(trunkDirectory);
    this.digestTrunks = new DigestTrunks(router, registrar, authenticator);
    this.trunks =
        new TrunkCalls(
            registrar.domain(),
            router,
            registrar,
            limits,
            recorder,
            ringing,
            crossing,
            digestTrunks);
    this.routing =
        new CallRouting(
            authenticator,
            registrar,
            directory,
            anchor,
            sessionTimers,
            limits,
            recorder,
            ringing,
            trunks,
            digestTrunks,
            clock);
  }

  /** The servlet's SIP factory, once the servlet is initialized. */
  public void start(SipFactory factory) {
    this.factory = factory;
  }

  /**
   * The cluster's hops: calls to browsers connected to other nodes go through those nodes, and this
   * node relays the calls of other nodes to its own browsers ({@link #relays}). Set once, before
   * the first call; without it (a node alone) there are none.
   */
  /**
   * Tells the cluster of this node's answered calls ({@link GridNodeCalls}), so that a survivor can
   * record them if this node is lost before they end ({@link #nodeLeft}).
   */
  public void cluster(NodeCalls calls) {
    active.cluster(calls);
    recorder.cluster(calls);
    this.cluster = calls;
  }

  /**
   * Node {@code lost} (its name in the grid) has left the cluster: the answered calls it handled,
   * which it can no longer record, are recorded here, by whichever node takes each first. Returns
   * how many this node recorded.
   */
  public int nodeLeft(String lost) {
    return recorder.lost(cluster.takeCallsOf(lost));
  }

  public void homeHops(HomeHops hops) {
    this.hops = hops;
    ringing.homeHops(hops);
    transfers.homeHops(hops);
  }

  /**
   * Whether the message is another node's call to a browser connected here, a later request of one,
   * or an answer in one: then this node only relays it (the container proxies it), and nothing else
   * must touch it.
   */
  public boolean hopped(ServletRequest request, ServletResponse response) throws IOException {
    HomeHops h = hops;
    return h != null && h.takes(request, response);
  }

  public void invite(SipServletRequest request) throws IOException, ServletException {
    if (!request.isInitial()) {
      inDialog(request); // hold, resume, session refresh: to the other leg
      return;
    }
    // A challenge or a refusal before anything rang leaves only the caller's session: the
    // container frees it once the caller has acknowledged the answer (RefusedInvites).
    routing.route(request, factory);
  }

  /**
   * A REGISTER whose credentials name a trunk recognised by digest: the trunk's registration, which
   * then receives its calls.
   *
   * @return false when it is not a trunk's, for the registrar to answer as a user's
   */
  public boolean registersTrunk(SipServletRequest request) throws IOException {
    return digestTrunks.register(request);
  }

  /** An answer from one of the callee's phones to its fork of the INVITE. */
  public void inviteResponse(SipServletResponse response) throws IOException {
    Call call = callOf(response.getApplicationSession());
    int status = response.getStatus();
    if (call == null || status == 100) {
      return;
    }
    if (AttendedTransfers.handles(response)) {
      attended.response(response);
      return;
    }
    if (Transfers.handles(call, response)) {
      transfers.response(call, response);
      return;
    }
    if (!response.getRequest().isInitial()) {
      relay.response(call, response); // to a re-INVITE we relayed
      return;
    }
    if (status < 200) {
      if (call.state() == Call.State.ROUTING || call.state() == Call.State.RINGING) {
        call.to(Call.State.RINGING);
        SipServletResponse provisional =
            call.callerInvite.createResponse(status, response.getReasonPhrase());
        byte[] early = Messages.body(response);
        if (early != null) {
          try {
            provisional.setContent(
                anchor
                    .pass(response, call.leg(response.getSession()), call.callerLeg, Sdp.of(early))
                    .bytes(),
                response.getContentType());
          } catch (NotAcceptableException e) {
            LOG.fine(() -> "early media not carried: " + e.getMessage());
          }
        }
        provisional.send();
      }
      return;
    }
    if (status < 300) {
      answered(call, response);
      return;
    }
    if (trunks.failOver(call, response, status, factory)) {
      return;
    }
    String reason = response.getReasonPhrase();
    if (status == 401 || status == 407) {
      if (trunks.challenged(call, response, factory)) {
        return;
      }
      // Our caller must not take the trunk's challenge for ours.
      status = SipServletResponse.SC_SERVICE_UNAVAILABLE;
      reason = "Trunk refused our credentials";
    }
    forkFailed(call, response, status, reason);
  }

  /** A phone refused its fork; with the last refusal the caller hears the best of them. */
  private void forkFailed(Call call, SipServletResponse response, int status, String reason) {
    boolean last = call.failed(response.getRequest(), status);
    if (last && call.state() != Call.State.ANSWERED) {
      int best = call.bestFailure() == 487 ? 480 : call.bestFailure();
      hangups.end(
          call,
          best,
          best == 480 ? "Temporarily Unavailable" : reason,
          best == 486 || best == 600 ? Disposition.BUSY : Disposition.FAILED,
          Side.CALLEE);
    }
    if (last && call.state() == Call.State.ENDED && call.answeredAt() == null) {
      // Never answered, the caller has its final answer and every phone has stopped ringing.
      SipApplicationSession session = response.getApplicationSession(false);
      hangups.afterTheAck(() -> Hangups.invalidate(session));
    }
  }

  private void answered(Call call, SipServletResponse response) throws IOException {
    Call.State state = call.state();
    if (state == Call.State.ANSWERED || state == Call.State.ENDED) {
      hangups.hangUpLateAnswer(response); // another phone answered first, or the caller gave up
      return;
    }
    byte[] sdp = Messages.body(response);
    byte[] toCaller;
    try {
      toCaller =
          sdp == null
              ? null
              : anchor
                  .pass(response, call.leg(response.getSession()), call.callerLeg, Sdp.of(sdp))
                  .bytes();
    } catch (NotAcceptableException e) {
      // An answer we cannot carry counts as that phone's refusal (RFC 3261 §13.2.2.4: its 2xx is
      // still acknowledged, then hung up).
      hangups.hangUpLateAnswer(response);
      forkFailed(call, response, SipServletResponse.SC_NOT_ACCEPTABLE_HERE, e.getMessage());
      return;
    }
    if (!call.answer()) {
      hangups.hangUpLateAnswer(response); // the caller's CANCEL crossed this answer
      return;
    }
    byte[] callerOffer = Messages.body(call.callerInvite);
    if (callerOffer == null) {
      // Late offer (RFC 3264 §5): this 2xx carries the callee's offer, and the answer comes in the
      // caller's ACK; ours waits for it (ack()).
      call.awaitAck(response);
    } else {
      response.createAck().send();
    }
    call.answered(response, clock.instant());
    active.answered(call);
    hangups.cancelForks(call.pending(), call::leg);
    B2buaHelper helper = call.callerInvite.getB2buaHelper();
    helper.linkSipSessions(call.callerSession, response.getSession());
    SipServletResponse ok = call.callerInvite.createResponse(SipServletResponse.SC_OK);
    sessionTimers.answered(call, response, ok);
    if (toCaller != null) {
      ok.setContent(toCaller, response.getContentType());
    }
    ok.send();
  }

  /**
   * A phone's ACK for our 2xx. With an offer in the INVITE the callee's 2xx was acknowledged
   * already; with a late offer, or for a relayed re-INVITE, the other leg's 2xx waits for this ACK,
   * which carries the answer when the offer was in the 2xx.
   */
  public void ack(SipServletRequest request) throws IOException {
    Call call = callOf(request.getApplicationSession());
    if (call == null) {
      return;
    }
    long cseq = Messages.cseq(request);
    boolean first = call.isFirstAck(request.getSession(), cseq);
    SipServletResponse otherOk =
        first ? call.takeAwaitingAck() : call.takeReinviteOk(request.getSession(), cseq);
    if (otherOk != null) {
      Messages.ackWithAnswer(otherOk, request, answer -> relay.rewrite(call, request, answer));
    }
    if (first) {
      // The ACK ends the caller's INVITE transaction for us: RFC 6026 would keep it 32 s more
      // (Timer L) only to absorb INVITE retransmissions, which stop at our first provisional
      // answer; kept, it holds the call's dialog and messages that long (a third of the heap at a
      // few hundred calls per second).
      AnsweredRequests.releaseTransaction(call.callerInvite);
    }
  }

  /**
   * A REFER in a call: an attended transfer when its Refer-To carries Replaces (see {@link
   * AttendedTransfers}), a blind one otherwise (see {@link Transfers}).
   */
  public void refer(SipServletRequest request) throws IOException, ServletException {
    Call call = callOf(request.getApplicationSession());
    String replaces = Transfers.replaces(request);
    if (replaces != null && call != null && call.state() == Call.State.ANSWERED) {
      attended.refer(call, request, replaces);
    } else {
      transfers.refer(call, request, factory);
    }
  }

  /** An in-dialog request other than ACK, BYE and CANCEL (re-INVITE, UPDATE, INFO...). */
  public void inDialog(SipServletRequest request) throws IOException {
    relay.request(callOf(request.getApplicationSession()), request);
  }

  /** Either side hangs up: answer it and hang up the other leg. */
  public void bye(SipServletRequest request) throws IOException {
    hangups.bye(request);
  }

  /** The other leg answered a BYE we sent (or it timed out). */
  public void byeAnswered(SipServletResponse response) {
    hangups.byeAnswered(response);
  }

  /**
   * The caller's CANCEL has arrived; the container answers it, and the INVITE 487, once this
   * returns (JAIN-SIP thread, without the container's session lock: see {@link CancelArrivals}). A
   * call still ringing ends here and its record is durable before that 487 leaves, as a BYE's is
   * before its 200; {@link #callerCancelled} then stops the phones.
   */
  public void cancelArriving(SipServletRequest invite) {
    SipApplicationSession session = invite.getApplicationSession(false);
    Call call = callOf(session);
    if (call != null && invite.getSession().equals(call.callerSession)) {
      hangups.cancelArriving(call);
    }
  }

  /** The caller cancelled (the container has answered it): the phones still ringing stop. */
  public void callerCancelled(SipServletRequest cancelRequest) {
    hangups.callerCancelled(cancelRequest);
  }

  /** The other leg's answer to an in-dialog request we relayed (UPDATE, INFO...). */
  public void inDialogResponse(SipServletResponse response) throws IOException {
    Call call = callOf(response.getApplicationSession());
    if (!sessionTimers.refreshAnswered(call, response)) {
      relay.response(call, response);
    }
  }

  /**
   * A leg's media failed (ICE or DTLS did not complete): an answered call ends rather than stay
   * silent; a phone still ringing may yet answer with media that works, so ringing goes on.
   */
  void mediaFailed(Leg leg, String reason) {
    Call call = callOf(leg.session().getApplicationSession());
    if (call != null && call.state() == Call.State.ANSWERED) {
      hangups.mediaFailed(call, reason);
    } else if (call == null || call.state() == Call.State.ENDED) {
      // A leg that outlived its call (the anchor refuses SDP after a release, so this is a
      // safety net): nothing else would ever free it.
      anchor.release(List.of(leg));
    }
  }

  /**
   * The call of an application session, or null once the session is gone: an answer may cross the
   * call's end (a 200 to a refresh UPDATE after the BYE), and a media failure comes from another
   * thread.
   */
  private static Call callOf(SipApplicationSession session) {
    try {
      return session != null && session.isValid()
          ? (Call) session.getAttribute(Call.ATTRIBUTE)
          : null;
    } catch (IllegalStateException e) {
      return null; // invalidated between the two calls
    }
  }

  /** Calls ringing or in progress on this node. */
  public int activeCalls() {
    return limits.active();
  }
}
