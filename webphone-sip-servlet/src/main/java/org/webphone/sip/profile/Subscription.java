package org.webphone.sip.profile;

import java.util.concurrent.atomic.AtomicReference;
import javax.servlet.sip.SipSession;

/**
 * One phone's subscription to its customer's phonebook: a dialog (RFC 6665 §4.1) and its state.
 *
 * <p>Threading: the state changes by compare-and-set, so a refresh, an expiry sweep and a NOTIFY
 * failure racing on different threads end it once.
 */
final class Subscription {
  /** RFC 6665 §4.1.2 states this notifier uses: it never leaves a subscription pending. */
  enum State {
    ACTIVE,
    TERMINATED
  }

  final SipSession session;
  final String user;
  final long customerId;
  private final AtomicReference<State> state = new AtomicReference<>(State.ACTIVE);
  private volatile long expiresAtMillis;

  Subscription(SipSession session, String user, long customerId, long expiresAtMillis) {
    this.session = session;
    this.user = user;
    this.customerId = customerId;
    this.expiresAtMillis = expiresAtMillis;
  }

  State state() {
    return state.get();
  }

  long expiresAtMillis() {
    return expiresAtMillis;
  }

  /** A refresh (RFC 6665 §4.1.2.1) of an active subscription. */
  void refresh(long expiresAtMillis) {
    require(State.ACTIVE, "refresh");
    this.expiresAtMillis = expiresAtMillis;
  }

  /**
   * @return true for the one caller that ended it; false when it had already ended
   */
  boolean terminate() {
    return state.compareAndSet(State.ACTIVE, State.TERMINATED);
  }

  private void require(State expected, String what) {
    State now = state.get();
    if (now != expected) {
      throw new IllegalStateException(
          "cannot " + what + " a subscription in state " + now + " (needs " + expected + ")");
    }
  }
}
