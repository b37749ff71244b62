package org.webphone.sip.call;

import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.servlet.sip.SipServletMessage;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;

/**
 * Session timers (RFC 4028) on the caller's leg, so that a call whose phone died (crashed browser,
 * lost network) is ended and recorded instead of running, and counting against its limits, forever.
 *
 * <p>The caller's {@code Session-Expires} goes to the callee's phones with the rest of the INVITE;
 * the interval is the callee's answer (it may shorten it) or else the caller's request. When the
 * caller supports timers, our 2xx names it the refresher ({@code refresher=uac}, {@code Require:
 * timer}, §9), and every refresh the relay passes (a re-INVITE or UPDATE answered 2xx, from either
 * side) restarts the timer. Without a refresh the call is ended a little before the interval runs
 * out: at the interval minus the lesser of 32 s and a third of it (§10). A caller that does not
 * support timers gets none (§7.4 would make us its refresher; left for later).
 *
 * <p>Threading: JAIN-SIP threads and the call timer thread; state lives in {@link Call}.
 */
final class SessionTimers {
  static final String SESSION_EXPIRES = "Session-Expires";
  private final long minSeconds;
  private final ScheduledExecutorService timers;
  private final Consumer<Call> expired;

  /**
   * @param minSeconds the smallest interval accepted (Min-SE, §5; 90 s by the RFC)
   * @param expired ends a call whose session was not refreshed in time
   */
  SessionTimers(long minSeconds, ScheduledExecutorService timers, Consumer<Call> expired) {
    this.minSeconds = minSeconds;
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
    if (interval <= 0 || !supportsTimer(call.callerInvite)) {
      return;
    }
    start(call, interval);
    name(ourOk, interval);
  }

  /** A relayed re-INVITE or UPDATE was answered 2xx: the session was refreshed. */
  void refreshed(Call call, SipServletResponse ourOk, boolean toCaller) {
    int interval = call.sessionInterval();
    if (interval <= 0) {
      return;
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

  private static boolean supportsTimer(SipServletRequest invite) {
    return lists(invite.getHeaders("Supported")) || lists(invite.getHeaders("Require"));
  }

  private static boolean lists(Iterator<String> values) {
    while (values.hasNext()) {
      for (String option : values.next().split(",")) {
        if (option.trim().toLowerCase(Locale.ROOT).equals("timer")) {
          return true;
        }
      }
    }
    return false;
  }
}
