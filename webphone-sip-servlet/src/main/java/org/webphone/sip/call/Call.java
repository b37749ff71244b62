package org.webphone.sip.call;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;
import org.webphone.media.Sdp;
import org.webphone.trunk.TrunkRoute;

/**
 * One call through the B2BUA: the caller's INVITE, the INVITEs forked to the callee's phones, and
 * where it stands. Kept as an attribute of the call's application session.
 *
 * <p>Threading: every method is synchronized; the call is touched by the JAIN-SIP threads of both
 * legs and by the no-answer timer.
 */
final class Call {
  static final String ATTRIBUTE = "webphone.call";

  /** RFC 3261 §13 from the B2BUA's side: ringing is any provisional answer past 100. */
  enum State {
    ROUTING,
    RINGING,
    ANSWERED,
    ENDED
  }

  /** The caller's INVITE; null for a call made by a transfer (it never had one of ours). */
  final SipServletRequest callerInvite;

  /** The caller's offer, read once for the check before ringing and every fork; null: none. */
  final Sdp offer;

  /** The caller's leg: the side that called, or after a transfer the party transferred. */
  final Leg callerLeg;

  /** {@link #callerLeg}'s session. */
  final SipSession callerSession;

  final String callId;
  final String caller;
  final String callee;
  final long customerId;
  final Instant startedAt;

  /** The trunks of a call to or from the phone network; its current trunk null between users. */
  private final TrunkPlan trunks;

  /** A call from the phone network (the caller is a number on {@link #trunk()}). */
  final boolean inbound;

  /** We refresh the session on both legs (a caller without timers, RFC 4028 §7.4). */
  private boolean serverRefreshes;

  private Instant answeredAt;
  private final Forks forks = new Forks();
  private State state = State.ROUTING;

  /** The caller's CANCEL ended the call and its record is written; its legs are still to free. */
  private boolean cancelRecorded;

  /** The transfer in progress (blind or attended), or null: one at a time. */
  private Transfer transfer;

  private Leg answeredLeg;
  private String answeredTag;
  private ScheduledFuture<?> noAnswer;
  private ScheduledFuture<?> sessionExpiry;
  private int sessionInterval;
  private SipServletResponse awaitingAck;
  private boolean acknowledged;
  private final Reinvite reinvite = new Reinvite();

  /**
   * @param offer the SDP of the caller's INVITE, or null for none
   * @param trunk the trunk of a call to or from the phone network; null for a call between users
   * @param inbound whether it comes from the network (else it goes out to it)
   */
  Call(
      SipServletRequest callerInvite,
      Sdp offer,
      String caller,
      String callee,
      long customerId,
      Instant startedAt,
      TrunkRoute trunk,
      boolean inbound) {
    this.offer = offer;
    this.trunks = new TrunkPlan(trunk);
    this.inbound = inbound;
    this.callerInvite = callerInvite;
    this.callerLeg = new Leg(callerInvite.getSession(), Leg.Kind.of(callerInvite));
    this.callerSession = callerLeg.session();
    this.callId = callerInvite.getCallId();
    this.caller = caller;
    this.callee = callee;
    this.customerId = customerId;
    this.startedAt = startedAt;
  }

  private Call(
      Leg callerLeg,
      Leg calleeLeg,
      String callId,
      String caller,
      String callee,
      long customerId,
      Instant startedAt) {
    this.trunks = new TrunkPlan(null);
    this.inbound = false;
    this.offer = null;
    this.callerInvite = null;
    this.callerLeg = callerLeg;
    this.callerSession = callerLeg.session();
    this.callId = callId;
    this.caller = caller;
    this.callee = callee;
    this.customerId = customerId;
    this.startedAt = startedAt;
    this.answeredLeg = calleeLeg;
    this.answeredAt = startedAt;
    this.acknowledged = true; // no INVITE transaction of ours to end on the first ACK
    this.state = State.ANSWERED;
  }

  /**
   * The call a transfer leaves: the transferred party (now the caller's side) talking to the
   * transfer target, answered from the start.
   */
  static Call transferred(
      Leg transferee,
      Leg target,
      String callId,
      String transfereeUser,
      String targetUser,
      long customerId,
      Instant at) {
    return new Call(transferee, target, callId, transfereeUser, targetUser, customerId, at);
  }

  /** The caller's account, or null for a number on the phone network. */
  String callerAccount() {
    return trunk() != null && inbound ? null : caller;
  }

  /** The callee's account, or null for a number on the phone network. */
  String calleeAccount() {
    return trunk() != null && !inbound ? null : callee;
  }

  /** The trunk carrying a call to or from the phone network now; null for a call between users. */
  synchronized TrunkRoute trunk() {
    return trunks.current();
  }

  /**
   * How an outbound trunk call goes on: the trunks to try, in order, if the current one fails
   * before anyone answers, and the caller's own number (its From on each of them).
   */
  synchronized void trunkPlan(java.util.List<TrunkRoute> next, java.util.Optional<String> number) {
    trunks.plan(next, number);
  }

  synchronized java.util.Optional<String> callingNumber() {
    return trunks.callingNumber();
  }

  /**
   * The current trunk failed: the next one carries the call from now on (its own challenge may
   * come), or null when none is left.
   */
  synchronized TrunkRoute failOver() {
    return trunks.failOver();
  }

  /** {@code fresh} goes out in place of {@code old}: a retry, or the next trunk. */
  synchronized void replaceFork(SipServletRequest old, SipServletRequest fresh) {
    forks.replace(old, fresh);
  }

  /**
   * The trunk challenged {@code fork} (RFC 3261 §22.2); {@code retry} carries our credentials.
   *
   * @return false when it had challenged this call before: the credentials are wrong
   */
  synchronized boolean retryAfterChallenge(SipServletRequest fork, SipServletRequest retry) {
    if (!trunks.firstChallenge()) {
      return false;
    }
    forks.replace(fork, retry);
    return true;
  }

  synchronized Instant answeredAt() {
    return answeredAt;
  }

  synchronized State state() {
    return state;
  }

  /**
   * @throws IllegalStateException for a transition the call cannot make, naming both states
   */
  synchronized void to(State next) {
    boolean allowed =
        switch (state) {
          case ROUTING -> next != State.ROUTING;
          case RINGING -> next == State.ANSWERED || next == State.ENDED || next == State.RINGING;
          case ANSWERED -> next == State.ENDED;
          case ENDED -> false;
        };
    if (!allowed) {
      throw new IllegalStateException("call " + callId + ": " + state + " -> " + next);
    }
    state = next;
    if (next != State.ROUTING && next != State.RINGING && noAnswer != null) {
      noAnswer.cancel(false);
    }
    if (next == State.ENDED && sessionExpiry != null) {
      sessionExpiry.cancel(false);
    }
  }

  /**
   * Ends the call unless it has ended already.
   *
   * @return true for the one caller that ended it (who then answers, records and frees it)
   */
  synchronized boolean end() {
    if (state == State.ENDED) {
      return false;
    }
    to(State.ENDED);
    return true;
  }

  /**
   * Ends a call that has not been answered, for the caller's CANCEL (ahead of the container's 487):
   * true for the one caller that ended it, who then records it; {@link #takeCancelled} tells the
   * CANCEL's later handling that the legs are still to free.
   */
  synchronized boolean endByCancel() {
    if (state != State.ROUTING && state != State.RINGING) {
      return false;
    }
    to(State.ENDED);
    cancelRecorded = true;
    return true;
  }

  /** True once, if {@link #endByCancel} ended the call. */
  synchronized boolean takeCancelled() {
    boolean was = cancelRecorded;
    cancelRecorded = false;
    return was;
  }

  /**
   * A phone answered: true unless the call has ended or another phone answered first (the caller's
   * CANCEL ends it on another thread, without the container's lock on the session).
   */
  synchronized boolean answer() {
    if (state == State.ANSWERED || state == State.ENDED) {
      return false;
    }
    to(State.ANSWERED);
    return true;
  }

  /** A fork to the phone on {@code leg}. */
  synchronized void fork(SipServletRequest invite, Leg leg) {
    forks.add(invite, leg);
  }

  /** Every leg the call has had: the caller's and each fork's (the answered one among them). */
  synchronized List<Leg> legs() {
    List<Leg> legs = new java.util.ArrayList<>();
    legs.add(callerLeg);
    legs.addAll(forks.legs());
    if (answeredLeg != null && !legs.contains(answeredLeg)) {
      legs.add(answeredLeg); // a call made by a transfer has no forks
    }
    return legs;
  }

  /**
   * The call's leg on {@code session} (the caller's, the answered one, or any fork's), or null when
   * it has none there.
   */
  synchronized Leg leg(SipSession session) {
    if (session == null) {
      return null;
    }
    if (session.equals(callerSession)) {
      return callerLeg;
    }
    if (answeredLeg != null && session.equals(answeredLeg.session())) {
      return answeredLeg;
    }
    return forks.leg(session);
  }

  /** The forks still waiting for a final answer. */
  synchronized List<SipServletRequest> pending() {
    return forks.pending();
  }

  /**
   * Records a fork's failure (RFC 3261 §16.7 picks the best of them: 6xx first, then busy, then the
   * lowest class).
   *
   * @return true when it was the last fork to answer
   */
  synchronized boolean failed(SipServletRequest fork, int status) {
    return forks.failed(fork, status);
  }

  synchronized void answered(SipServletResponse ok, Instant at) {
    forks.finish(ok.getRequest());
    Leg fork = forks.leg(ok.getSession());
    answeredLeg = fork != null ? fork : new Leg(ok.getSession(), Leg.Kind.PHONE);
    answeredTag = ok.getTo().getParameter("tag");
    answeredAt = at;
  }

  /**
   * The tag the phone on {@code leg} gave its side of the dialog (RFC 3261 §19.3), or null when
   * unknown (a call a transfer made).
   */
  synchronized String phoneTag(SipSession leg) {
    if (leg.equals(callerSession)) {
      return callerInvite == null ? null : callerInvite.getFrom().getParameter("tag");
    }
    return answeredLeg != null && leg.equals(answeredLeg.session()) ? answeredTag : null;
  }

  /** A late offer: the callee's 2xx, acknowledged with the answer in the caller's first ACK. */
  synchronized void awaitAck(SipServletResponse calleeOk) {
    awaitingAck = calleeOk;
  }

  /**
   * True once: for the caller's ACK to our 2xx to its INVITE (same leg, same CSeq), which ends the
   * initial INVITE. An ACK to a re-INVITE may be handled before it (the core hands requests to its
   * threads in any order), so order alone cannot tell them apart.
   */
  synchronized boolean isFirstAck(SipSession from, long cseq) {
    if (acknowledged
        || callerInvite == null
        || !from.equals(callerSession)
        || cseq != initialCSeq()) {
      return false;
    }
    acknowledged = true;
    return true;
  }

  synchronized SipServletResponse takeAwaitingAck() {
    SipServletResponse r = awaitingAck;
    awaitingAck = null;
    return r;
  }

  private long initialCSeq() {
    return Messages.cseq(callerInvite);
  }

  /** See {@link Reinvite#start}: 491 when not accepted, else maybe an earlier 2xx to ACK now. */
  synchronized Reinvite.Start startReinvite(SipSession from, long cseq) {
    return reinvite.start(from, cseq);
  }

  /** The relayed re-INVITE was answered 2xx by the other leg: it now waits for the asker's ACK. */
  synchronized void reinviteAnswered(SipServletResponse otherOk) {
    reinvite.answered(otherOk);
  }

  /** The relayed re-INVITE failed (or could not be sent): the next may start. */
  synchronized void reinviteFailed() {
    reinvite.failed();
  }

  /** For the asker's ACK to a relayed re-INVITE: the other leg's 2xx to acknowledge, once. */
  synchronized SipServletResponse takeReinviteOk(SipSession from, long cseq) {
    return reinvite.acknowledged(from, cseq);
  }

  synchronized SipSession answeredLeg() {
    return answeredLeg == null ? null : answeredLeg.session();
  }

  /** The answered leg, or null before an answer. */
  synchronized Leg answered() {
    return answeredLeg;
  }

  /** The user on the leg across the call from {@code leg}. */
  String userAcross(SipSession leg) {
    return leg.equals(callerSession) ? callee : caller;
  }

  /**
   * The leg across the call from {@code leg}, or null before an answer or for a session that is not
   * one of the call's legs. Not the B2BUA helper's link: a call made by an attended transfer joins
   * legs of two application sessions, which JSR 289 cannot link.
   */
  synchronized SipSession other(SipSession leg) {
    Leg other = across(leg);
    return other == null ? null : other.session();
  }

  /** {@link #other}, as the call's leg. */
  synchronized Leg across(SipSession leg) {
    if (leg.equals(callerSession)) {
      return answeredLeg;
    }
    return answeredLeg != null && leg.equals(answeredLeg.session()) ? callerLeg : null;
  }

  /** The best of the forks' failures so far (see {@link Forks#failed}), 0 for none. */
  synchronized int bestFailure() {
    return forks.bestFailure();
  }

  /** RFC 4028: the negotiated session interval in seconds, 0 when the call has no timer. */
  synchronized boolean serverRefreshes() {
    return serverRefreshes;
  }

  /**
   * From now on we refresh both legs; {@code refresher} sends the refreshes until the call ends.
   */
  synchronized void serverRefreshes(int intervalSeconds, ScheduledFuture<?> refresher) {
    serverRefreshes = true;
    sessionTimer(intervalSeconds, refresher);
  }

  synchronized int sessionInterval() {
    return sessionInterval;
  }

  /**
   * Starts or restarts the session timer: {@code expiry} ends the call unless refreshed first. Does
   * nothing once the call has ended (a refresh racing the BYE).
   */
  synchronized void sessionTimer(int intervalSeconds, ScheduledFuture<?> expiry) {
    if (sessionExpiry != null) {
      sessionExpiry.cancel(false);
    }
    if (state == State.ENDED) {
      expiry.cancel(false);
      return;
    }
    sessionInterval = intervalSeconds;
    sessionExpiry = expiry;
  }

  /** The blind transfer in progress, or null. */
  synchronized Transfers.Attempt transfer() {
    return transfer instanceof Transfers.Attempt a ? a : null;
  }

  /**
   * @return false when another transfer is already in progress
   */
  synchronized boolean startTransfer(Transfer attempt) {
    if (transfer != null) {
      return false;
    }
    transfer = attempt;
    return true;
  }

  synchronized void endTransfer() {
    transfer = null;
  }

  synchronized void noAnswerTimer(ScheduledFuture<?> timer) {
    this.noAnswer = timer;
  }
}
