package org.webphone.sip.call;

import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.sip.SipServletMessage;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;

/**
 * Session timers (RFC 4028) on the caller's leg, so that a call whose phone died (crashed browser,
 * lost network) is ended and recorded instead of running, and counting against its limits, forever.
 *
 * <p>The caller's {@code Session-Expires} goes to the callee's phones with the rest of the INVITE;
 * the interval is the callee's answer (it may shorten it) or else the caller's request. When the
 * caller supports timers, our 2xx names it the refresher ({@code refresher=uac}, {@code Require:
 * timer}, §9), and every refresh the relay passes (a re-INVITE or UPDATE answered 2xx, from either
 * side) restarts the timer. Without a refresh the call is ended a little before the interval runs
 * out: at the interval minus the lesser of 32 s and a third of it (§10).
 *
 * <p>A caller that does not support timers cannot be asked to refresh, so we do, on both legs
 * (§7.4): an UPDATE without a body (RFC 3311; lighter than a re-INVITE, and no offer to make) to
 * each phone that allows UPDATE, at half the interval. A phone that answers 408 or 481 has lost the
 * call (died, rebooted, left the network): the call is ended on both legs and recorded as ended by
 * the system (§10).
 *
 * <p>Threading: JAIN-SIP threads and the call timer thread; state lives in {@link Call}.
 */
final class SessionTimers {
  private static final Logger LOG = Logger.getLogger(SessionTimers.class.getName());
  static final String SESSION_EXPIRES = "Session-Expires";

  /** Marks an UPDATE we sent to refresh, so that its answer comes back here. */
  static final String REFRESH = "webphone.session-refresh";

  private final long minSeconds;
  private final long ownSeconds;
  private final ScheduledExecutorService timers;
  private final Consumer<Call> expired;

  /**
   * @param minSeconds the smallest interval accepted (Min-SE, §5; 90 s by the RFC)
   * @param ownSeconds the interval when we are the refresher
   * @param expired ends a call whose session was not refreshed in time
   */
  SessionTimers(
      long minSeconds, long ownSeconds, ScheduledExecutorService timers, Consumer<Call> expired) {
    this.minSeconds = minSeconds;
    this.ownSeconds = ownSeconds;
    this.timers = timers;
    this.expired = expired;
  }

  /**
   * Answers 422 with our Min-SE to an INVITE asking for too short an interval (§8.1.1).
   *
   * @return false when it did
   */
  boolean acceptable(SipServletRequest invite) throws IOException {
    int asked = interval(invite);
    if (asked > 0 && asked < minSeconds) {
      SipServletResponse tooSmall = invite.createResponse(422, "Session Interval Too Small");
      tooSmall.setHeader("Min-SE", Long.toString(minSeconds));
      tooSmall.send();
      return false;
    }
    return true;
  }

  /**
   * The call was answered: {@code ourOk} (to the caller) gets the negotiated interval and the timer
   * starts, when both the caller and an interval are there.
   */
  void answered(Call call, SipServletResponse calleeOk, SipServletResponse ourOk) {
    int interval = interval(calleeOk);
    if (interval <= 0) {
      interval = interval(call.callerInvite);
    }
    if (!supportsTimer(call.callerInvite)) {
      refreshOurselves(call, calleeOk);
      return;
    }
    if (interval <= 0) {
      return;
    }
    start(call, interval);
    name(ourOk, interval);
  }

  /** §7.4: we refresh each leg whose phone allows UPDATE; a phone that allows none gets none. */
  private void refreshOurselves(Call call, SipServletResponse calleeOk) {
    boolean caller = allowsUpdate(call.callerInvite);
    boolean callee = allowsUpdate(calleeOk);
    if (!caller && !callee) {
      return;
    }
    long every = Math.max(1, ownSeconds * 1000 / 2);
    call.serverRefreshes(
        (int) ownSeconds,
        timers.scheduleWithFixedDelay(
            () -> refresh(call, caller, callee), every, every, TimeUnit.MILLISECONDS));
  }

  private void refresh(Call call, boolean caller, boolean callee) {
    if (call.state() != Call.State.ANSWERED) {
      return;
    }
    if (caller) {
      update(call, call.callerSession);
    }
    if (callee) {
      update(call, call.answeredLeg());
    }
  }

  private void update(Call call, SipSession leg) {
    try {
      if (leg == null || !leg.isValid()) {
        expired.accept(call);
        return;
      }
      SipServletRequest update = leg.createRequest("UPDATE");
      update.setHeader(SESSION_EXPIRES, ownSeconds + ";refresher=uac");
      update.addHeader("Supported", "timer");
      update.setAttribute(REFRESH, Boolean.TRUE);
      update.send();
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.FINE, e, () -> "session refresh of " + call.callId + " not sent");
      expired.accept(call);
    }
  }

  /** Whether {@code response} answers one of our refreshes; if so, it is handled here. */
  boolean refreshAnswered(Call call, SipServletResponse response) {
    if (response.getRequest().getAttribute(REFRESH) == null) {
      return false;
    }
    int status = response.getStatus();
    if (call != null && (status == 408 || status == 481)) {
      expired.accept(call); // §10: the phone no longer has the call
    }
    return true;
  }

  /** A relayed re-INVITE or UPDATE was answered 2xx: the session was refreshed. */
  void refreshed(Call call, SipServletResponse ourOk, boolean toCaller) {
    int interval = call.sessionInterval();
    if (interval <= 0 || call.serverRefreshes()) {
      return; // without timers, or refreshed by us on a schedule of our own
    }
    start(call, interval);
    if (toCaller) {
      name(ourOk, interval); // the caller stays the refresher (§9)
    }
  }

  private void start(Call call, int interval) {
    long millis = Math.round((interval - Math.min(32, interval / 3.0)) * 1000);
    call.sessionTimer(
        interval, timers.schedule(() -> expired.accept(call), millis, TimeUnit.MILLISECONDS));
  }

  private static void name(SipServletResponse ok, int interval) {
    ok.setHeader(SESSION_EXPIRES, interval + ";refresher=uac");
    ok.addHeader("Require", "timer");
  }

  /** The interval a message asks for or grants, 0 without one. Compact form: {@code x}. */
  static int interval(SipServletMessage m) {
    String v = m.getHeader(SESSION_EXPIRES);
    if (v == null) {
      v = m.getHeader("x");
    }
    if (v == null) {
      return 0;
    }
    int semi = v.indexOf(';');
    try {
      return Integer.parseInt((semi < 0 ? v : v.substring(0, semi)).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean allowsUpdate(SipServletMessage m) {
    return lists(m.getHeaders("Allow"), "UPDATE");
  }

  private static boolean supportsTimer(SipServletRequest invite) {
    return lists(invite.getHeaders("Supported"), "timer")
        || lists(invite.getHeaders("Require"), "timer");
  }

  private static boolean lists(Iterator<String> values, String token) {
    while (values.hasNext()) {
      for (String option : values.next().split(",")) {
        if (option.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }
}
