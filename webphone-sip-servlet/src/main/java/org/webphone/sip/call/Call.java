package org.webphone.sip.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;

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

  final SipServletRequest callerInvite;
  final String caller;
  final String callee;
  final long customerId;
  final Instant startedAt;
  private Instant answeredAt;
  private final List<SipServletRequest> forks = new ArrayList<>();
  private final List<SipServletRequest> finished = new ArrayList<>();
  private State state = State.ROUTING;
  private SipSession answeredLeg;
  private int bestFailure;
  private ScheduledFuture<?> noAnswer;
  private ScheduledFuture<?> sessionExpiry;
  private int sessionInterval;
  private SipServletResponse awaitingAck;
  private boolean acknowledged;
  private boolean reinviting;

  Call(
      SipServletRequest callerInvite,
      String caller,
      String callee,
      long customerId,
      Instant startedAt) {
    this.callerInvite = callerInvite;
    this.caller = caller;
    this.callee = callee;
    this.customerId = customerId;
    this.startedAt = startedAt;
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
      throw new IllegalStateException(
          "call " + callerInvite.getCallId() + ": " + state + " -> " + next);
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

  synchronized void fork(SipServletRequest invite) {
    forks.add(invite);
  }

  /** The forks still waiting for a final answer. */
  synchronized List<SipServletRequest> pending() {
    List<SipServletRequest> p = new ArrayList<>(forks);
    p.removeAll(finished);
    return p;
  }

  /**
   * Records a fork's failure (RFC 3261 §16.7 picks the best of them: 6xx first, then busy, then the
   * lowest class).
   *
   * @return true when it was the last fork to answer
   */
  synchronized boolean failed(SipServletRequest fork, int status) {
    if (!finished.contains(fork)) {
      finished.add(fork);
    }
    if (bestFailure == 0
        || status >= 600
        || (bestFailure < 600 && status == 486)
        || (bestFailure < 600 && bestFailure != 486 && status < bestFailure)) {
      bestFailure = status;
    }
    return finished.size() == forks.size();
  }

  synchronized void answered(SipServletRequest fork, SipSession leg, Instant at) {
    if (!finished.contains(fork)) {
      finished.add(fork);
    }
    answeredLeg = leg;
    answeredAt = at;
  }

  /**
   * A 2xx to acknowledge when the phone on the other leg acknowledges ours: the callee's 2xx to a
   * late offer (the caller's ACK carries the answer), or the answer to a relayed re-INVITE.
   */
  synchronized void awaitAck(SipServletResponse ok) {
    awaitingAck = ok;
  }

  /** The 2xx waiting for an ACK, once; null when there is none. */
  synchronized SipServletResponse takeAwaitingAck() {
    SipServletResponse r = awaitingAck;
    awaitingAck = null;
    return r;
  }

  /** True the first time only: the caller's ACK to our 2xx, which ends the initial INVITE. */
  synchronized boolean firstAck() {
    boolean first = !acknowledged;
    acknowledged = true;
    return first;
  }

  /**
   * A re-INVITE starts being relayed.
   *
   * @return false when another is still in progress (RFC 3261 §14.2: the new one gets 491)
   */
  synchronized boolean startReinvite() {
    if (reinviting) {
      return false;
    }
    reinviting = true;
    return true;
  }

  synchronized void endReinvite() {
    reinviting = false;
  }

  synchronized SipSession answeredLeg() {
    return answeredLeg;
  }

  synchronized int bestFailure() {
    return bestFailure;
  }

  /** RFC 4028: the negotiated session interval in seconds, 0 when the call has no timer. */
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

  synchronized void noAnswerTimer(ScheduledFuture<?> timer) {
    this.noAnswer = timer;
  }
}
