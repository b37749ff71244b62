package org.webphone.sip.call;

import java.time.Duration;

/**
 * Call settings, validated once. Keys and defaults: {@code docs/configuration.md}.
 *
 * @param domain our SIP domain: callers and callees are {@code user@domain}
 * @param noAnswerTimeout how long the callee's phones ring before the caller gets 480
 */
public record CallConfig(String domain, Duration noAnswerTimeout) {
  public CallConfig {
    if (domain == null || domain.isBlank()) {
      throw new IllegalArgumentException("a SIP domain is required");
    }
    if (noAnswerTimeout.isNegative() || noAnswerTimeout.isZero()) {
      throw new IllegalArgumentException("webphone.call.no-answer-timeout must be positive");
    }
  }

  public static CallConfig defaults(String domain) {
    return new CallConfig(domain, Duration.ofSeconds(60));
  }
}
