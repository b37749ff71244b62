package org.webphone.sip.call;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.webphone.trunk.TrunkRoute;

/**
 * How a call to or from the phone network goes: the trunk carrying it now, the trunks still to try
 * should it fail before anyone answers (outbound calls), the caller's own number for their From,
 * and whether the current trunk has challenged us already (RFC 3261 §22.2: once per trunk; a second
 * challenge means it refused our credentials).
 *
 * <p>Threading: not thread-safe; guarded by its {@link Call}'s lock.
 */
final class TrunkPlan {
  private TrunkRoute current;
  private final ArrayDeque<TrunkRoute> fallbacks = new ArrayDeque<>();
  private Optional<String> callingNumber = Optional.empty();
  private boolean challenged;

  /**
   * @param trunk the trunk of the call, or null for a call between our users
   */
  TrunkPlan(TrunkRoute trunk) {
    this.current = trunk;
  }

  TrunkRoute current() {
    return current;
  }

  /** The trunks to try next, in order, and the caller's own number (its From on each). */
  void plan(List<TrunkRoute> next, Optional<String> number) {
    fallbacks.addAll(next);
    callingNumber = number;
  }

  Optional<String> callingNumber() {
    return callingNumber;
  }

  /** The next trunk carries the call from now on (its own challenge may come); null: none left. */
  TrunkRoute failOver() {
    TrunkRoute next = fallbacks.pollFirst();
    if (next != null) {
      current = next;
      challenged = false;
    }
    return next;
  }

  /** The current trunk challenged us: false when it had before (our credentials are wrong). */
  boolean firstChallenge() {
    if (challenged) {
      return false;
    }
    challenged = true;
    return true;
  }
}
