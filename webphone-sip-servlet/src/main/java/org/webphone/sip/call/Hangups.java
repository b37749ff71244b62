package org.webphone.sip.call;

import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.sip.SipApplicationSession;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.history.CallRecord.Side;
import org.webphone.media.LegStats;
import org.webphone.sip.container.AnsweredRequests;

/**
 * Every way a call ends: a BYE from either side, the caller's CANCEL, no answer in time, a session
 * that was not refreshed, a failure before anyone answered. Each ends the call's state machine
 * once, writes its record, frees its media, and lets go of its SIP sessions as soon as nothing more
 * can arrive for them (they held the call's dialogs and messages otherwise; see {@link
 * AnsweredRequests}).
 *
 * <p>Threading: JAIN-SIP threads and the call timer thread; per-call state is in {@link Call}.
 */
final class Hangups {
  private static final Logger LOG = Logger.getLogger(Hangups.class.getName());
  private static final long ACK_GRACE_MILLIS = 2_000;
  private final MediaAnchor anchor;
  private final CallRecorder recorder;
  private final ScheduledExecutorService timers;
  private final ActiveCalls active;

  Hangups(
      MediaAnchor anchor,
      CallRecorder recorder,
      ScheduledExecutorService timers,
      ActiveCalls active) {
    this.anchor = anchor;
    this.recorder = recorder;
    this.timers = timers;
    this.active = active;
  }

  /**
   * Either side hangs up: answer it and hang up the other leg. The call's record is durable before
   * the 200 leaves ({@link CallLog#ended}): a phone told its call ended has it in its history,
   * whatever becomes of the node next.
   */
  void bye(SipServletRequest request) throws IOException {
    Call call = (Call) request.getApplicationSession().getAttribute(Call.ATTRIBUTE);
    SipSession other = call == null ? null : call.other(request.getSession());
    try {
      if (call != null && call.end()) {
        boolean callerHungUp = request.getSession().equals(call.callerSession);
        over(call, Disposition.ANSWERED, callerHungUp ? Side.CALLER : Side.CALLEE);
      }
    } finally {
      request.createResponse(SipServletResponse.SC_OK).send();
    }
    // The dialog is over: its server transaction goes now, not after Timer J (see
    // AnsweredRequests); the sessions go when the other leg has answered our BYE.
    AnsweredRequests.releaseTransaction(request);
    SipApplicationSession own = request.getApplicationSession(false);
    if (other != null && other.isValid()) {
      try {
        other.createRequest("BYE").send();
      } catch (IOException | IllegalStateException e) {
        // Both phones hung up at once (the other's BYE crossed ours: its leg is over), or its
        // connection closed as it hung up: the call is over either way.
        LOG.log(Level.FINE, e, () -> "BYE to the other leg of " + call.callId + " not sent");
        afterTheAck(
            () -> {
              if (allLegsEnded(own)) {
                invalidate(own); // no answer to wait for
              }
            });
        return;
      }
      if (!own.equals(other.getApplicationSession())) {
        // A call an attended transfer made spans two application sessions: the other's goes when
        // its phone answers our BYE, this one when every leg in it has ended.
        afterTheAck(
            () -> {
              if (allLegsEnded(own)) {
                invalidate(own);
              }
            });
      }
    } else {
      invalidate(own);
    }
  }

  /**
   * The other leg answered the BYE we relayed (or it timed out): the call leaves no state. A BYE to
   * a phone that answered too late is answered while the call goes on: that keeps its sessions.
   */
  void byeAnswered(SipServletResponse response) {
    SipApplicationSession session = response.getApplicationSession(false);
    Call call = session == null ? null : (Call) session.getAttribute(Call.ATTRIBUTE);
    if ((call == null || call.state() == Call.State.ENDED) && allLegsEnded(session)) {
      invalidate(session);
    }
  }

  /**
   * No leg is still up: the session timer hangs up both at once, and both answers must come. A leg
   * that never got past INITIAL (a fork or a trunk that refused: JSR 289 puts a UAC session back
   * there after a failure) was never up.
   */
  private static boolean allLegsEnded(SipApplicationSession session) {
    try {
      Iterator<?> legs = session.getSessions("SIP");
      while (legs.hasNext()) {
        if (legs.next() instanceof SipSession leg
            && leg.isValid()
            && (leg.getState() == SipSession.State.EARLY
                || leg.getState() == SipSession.State.CONFIRMED)) {
          return false;
        }
      }
      return true;
    } catch (IllegalStateException e) {
      return false; // invalidated meanwhile
    }
  }

  /**
   * Runs {@code release} once the caller's ACK for a final error answer has come and gone (RFC 3261
   * §17.2.1: it follows the answer by a round trip; a lost answer is retransmitted after 500 ms).
   */
  void afterTheAck(Runnable release) {
    timers.schedule(release, ACK_GRACE_MILLIS, TimeUnit.MILLISECONDS);
  }

  static void invalidate(SipApplicationSession session) {
    try {
      if (session != null && session.isValid()) {
        session.invalidate();
      }
    } catch (IllegalStateException e) {
      // Invalidated meanwhile by the container: nothing left to free.
    }
  }

  /**
   * The caller's CANCEL has arrived and its 487 has not left yet ({@link B2bua#cancelArriving}): a
   * call not yet answered ends now, and its record is durable before the caller hears that it
   * ended. Its phones stop ringing in {@link #callerCancelled}, under the container's lock.
   */
  void cancelArriving(Call call) {
    if (call.endByCancel()) {
      record(call, Disposition.CANCELLED, Side.CALLER);
    }
  }

  /**
   * The caller cancelled: the container has answered its CANCEL (200) and INVITE (487) already (JSR
   * 289 §6.7.1); the phones still ringing are cancelled. The call ended and was recorded as the
   * CANCEL arrived ({@link #cancelArriving}); if that did not happen (an answer crossed it), it
   * ends and is recorded here.
   */
  void callerCancelled(SipServletRequest cancelRequest) {
    Call call = (Call) cancelRequest.getApplicationSession().getAttribute(Call.ATTRIBUTE);
    if (call == null || call.state() == Call.State.ANSWERED) {
      return;
    }
    if (call.takeCancelled()) {
      cancelForks(call.pending(), call::leg);
      release(call);
    } else if (call.end()) {
      cancelForks(call.pending(), call::leg);
      over(call, Disposition.CANCELLED, Side.CALLER);
    }
  }

  /**
   * The caller stopped refreshing the session (RFC 4028 §10): its phone is gone. Both legs get a
   * BYE (the dead one may not answer: its transaction times out) and the record says the system
   * ended the call.
   */
  void sessionExpired(Call call) {
    if (!call.end()) {
      return;
    }
    over(call, Disposition.ANSWERED, Side.SYSTEM);
    byeBoth(call, null);
  }

  /** The server ends an answered call: a BYE to each phone, with {@code reason} when given. */
  private static void byeBoth(Call call, String reason) {
    for (SipSession leg : new SipSession[] {call.callerSession, call.answeredLeg()}) {
      try {
        if (leg != null && leg.isValid()) {
          SipServletRequest bye = leg.createRequest("BYE");
          if (reason != null) {
            bye.setHeader("Reason", reason);
          }
          bye.send();
        }
      } catch (IOException | IllegalStateException e) {
        LOG.log(Level.FINE, "the server's BYE not sent", e);
      }
    }
  }

  /**
   * An answered call whose media failed on one leg: both phones get a BYE saying why (RFC 3326
   * Reason), and the record says the system ended a failed call.
   */
  void mediaFailed(Call call, String reason) {
    if (!call.end()) {
      return;
    }
    over(call, Disposition.FAILED, Side.SYSTEM);
    byeBoth(call, "SIP;cause=488;text=\"Media failed: " + reason.replace('"', '\'') + "\"");
  }

  /** Nobody answered in time: the phones stop ringing and the caller hears 480. */
  void noAnswer(Call call) {
    if (call.state() != Call.State.ROUTING && call.state() != Call.State.RINGING) {
      return;
    }
    cancelForks(call.pending(), call::leg);
    end(call, 480, "No Answer", Disposition.NO_ANSWER, Side.SYSTEM);
  }

  void end(Call call, int status, String reason, Disposition disposition, Side side) {
    if (!call.end()) {
      return;
    }
    over(call, disposition, side);
    try {
      call.callerInvite.createResponse(status, reason).send();
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.FINE, e, () -> "final answer to " + call.caller + " failed");
    }
  }

  /** The call has just ended (its state machine said so, once): its record, then its media. */
  void over(Call call, Disposition disposition, Side side) {
    record(call, disposition, side);
    release(call);
  }

  /** Writes the call's record, with what the anchor saw of its media; durable on return. */
  private void record(Call call, Disposition disposition, Side side) {
    LegStats.Snapshot caller = anchor.stats(call.callerLeg);
    LegStats.Snapshot callee = anchor.stats(call.answered());
    recorder.ended(call, disposition, side, caller, callee);
  }

  /**
   * Frees what the ended call held: a transfer still ringing, its place in the index, its media.
   */
  private void release(Call call) {
    Transfers.Attempt transfer = call.transfer();
    if (transfer != null) {
      // The target of a blind transfer still rings: it stops, and its answers (487) give the
      // transfer's places back (Transfers.fail).
      cancelForks(transfer.pending(), transfer::leg);
    }
    active.ended(call);
    anchor.release(call.legs());
  }

  /**
   * A 2xx that came too late (another phone answered first, the caller gave up, the transfer
   * failed): acknowledged, as RFC 3261 §13.2.2.4 requires, and hung up at once.
   */
  void hangUpLateAnswer(SipServletResponse ok) throws IOException {
    ok.createAck().send();
    ok.getSession().createRequest("BYE").send();
  }

  /** Cancels each of {@code forks}, whose legs {@code legs} knows by their sessions. */
  void cancelForks(
      java.util.List<SipServletRequest> forks, java.util.function.Function<SipSession, Leg> legs) {
    for (SipServletRequest fork : forks) {
      cancelFork(fork, legs.apply(fork.getSession()));
    }
  }

  /** Cancels {@code fork} (the INVITE to {@code leg}) and frees what the anchor held for it. */
  void cancelFork(SipServletRequest fork, Leg leg) {
    if (leg != null) {
      anchor.release(java.util.List.of(leg));
    }
    try {
      fork.createCancel().send();
    } catch (IOException | IllegalStateException e) {
      // Its final answer crossed our CANCEL, or it never went out: nothing to cancel.
      LOG.log(Level.FINE, e, () -> "CANCEL of " + fork.getRequestURI() + " not sent");
    }
  }
}
