package org.webphone.sip.container;

import java.util.Iterator;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.servlet.sip.SipApplicationSession;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;

/**
 * Frees the application session of an initial INVITE that an application refused on its own (a
 * veto, a challenge, "not found") once the caller had time to acknowledge the refusal. The core
 * finds such a session ready only at its expiry (minutes), so without this every refused call of
 * any application, ours or an integrator's, would hold its session and messages that long.
 *
 * <p>Only a session with that one SIP session is freed: an application that started more (a B2BUA
 * whose forks are still being cancelled) ends it itself when they are done. Threading: any thread
 * that sends a response; the release runs on the core's scheduler.
 */
final class RefusedInvites {
  /** Long enough for the caller's ACK, which the core passes up (RFC 3261 §17.2.1). */
  static final long ACK_WAIT_MILLIS = 2000;

  private RefusedInvites() {}

  static void sent(SipServletResponse response, ScheduledExecutorService scheduler) {
    if (response.getStatus() < 300 || !"INVITE".equals(response.getMethod())) {
      return;
    }
    SipServletRequest request = response.getRequest();
    if (request == null || !request.isInitial() || response.getProxyBranch() != null) {
      return;
    }
    SipApplicationSession session = request.getApplicationSession(false);
    if (session == null || !session.isValid() || sipSessions(session) != 1) {
      return;
    }
    scheduler.schedule(
        () -> AnsweredRequests.releaseRefused(request), ACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
  }

  private static int sipSessions(SipApplicationSession session) {
    int n = 0;
    for (Iterator<?> it = session.getSessions("SIP"); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }
}
