package org.webphone.sip.call;

import java.time.Duration;
import java.util.Set;

/**
 * Call settings, validated once. Keys and defaults: {@code docs/configuration.md}.
 *
 * @param noAnswerTimeout how long the callee's phones ring before the caller gets 480
 * @param maxCallsPerAccount calls one account may be in at once, as caller or callee, on a node
 * @param maxCallsPerCustomer calls one customer's accounts may be in at once, on a node
 * @param minSessionExpires the shortest session-timer interval accepted (RFC 4028 Min-SE: 90 s;
 *     only tests go below)
 * @param sessionExpires the interval of a call whose caller does not support session timers: we
 *     refresh both legs with UPDATE at half of it (RFC 4028 §7.4, §9); 1800 s by the RFC
 * @param headerAllow the caller's headers that cross to the other leg besides the container's own
 *     ({@link CrossingHeaders}; any case)
 */
public record CallConfig(
    Duration noAnswerTimeout,
    int maxCallsPerAccount,
    int maxCallsPerCustomer,
    Duration minSessionExpires,
    Duration sessionExpires,
    Set<String> headerAllow) {
  public CallConfig {
    headerAllow = Set.copyOf(headerAllow);
    if (sessionExpires.compareTo(minSessionExpires) < 0) {
      throw new IllegalArgumentException(
          "webphone.call.session-expires must be at least webphone.call.min-session-expires");
    }
    if (minSessionExpires.toSeconds() < 1) {
      throw new IllegalArgumentException("webphone.call.min-session-expires must be at least 1 s");
    }
    if (noAnswerTimeout.isNegative() || noAnswerTimeout.isZero()) {
      throw new IllegalArgumentException("webphone.call.no-answer-timeout must be positive");
    }
    if (maxCallsPerAccount < 1 || maxCallsPerCustomer < maxCallsPerAccount) {
      throw new IllegalArgumentException(
          "need 1 <= max-per-account ("
              + maxCallsPerAccount
              + ") <= max-per-customer ("
              + maxCallsPerCustomer
              + ")");
    }
  }

  public static CallConfig defaults() {
    return new CallConfig(
        Duration.ofSeconds(60),
        4,
        100,
        Duration.ofSeconds(90),
        Duration.ofSeconds(1800),
        CrossingHeaders.DEFAULT_ALLOWED);
  }
}
