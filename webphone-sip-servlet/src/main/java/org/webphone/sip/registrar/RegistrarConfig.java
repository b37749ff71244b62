package org.webphone.sip.registrar;

import java.time.Duration;
import java.util.Objects;

/**
 * Registrar settings, validated once. Keys and defaults: {@code docs/configuration.md}.
 *
 * @param domain the SIP domain whose addresses-of-record we keep (host part of {@code
 *     sip:user@domain})
 * @param minExpires shortest registration accepted, seconds (RFC 3261 §10.3 step 7, 423 below it)
 * @param maxExpires longest registration granted, seconds; longer requests are shortened
 * @param defaultExpires granted when the REGISTER names no expiry, seconds
 * @param nonceLifetime how long a digest nonce is accepted before the client is told it is stale
 */
public record RegistrarConfig(
    String domain, int minExpires, int maxExpires, int defaultExpires, Duration nonceLifetime) {

  public RegistrarConfig {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(nonceLifetime, "nonceLifetime");
    if (minExpires < 1 || minExpires > maxExpires) {
      throw new IllegalArgumentException(
          "need 1 <= minExpires (" + minExpires + ") <= maxExpires (" + maxExpires + ")");
    }
    if (defaultExpires < minExpires || defaultExpires > maxExpires) {
      throw new IllegalArgumentException(
          "defaultExpires " + defaultExpires + " not in " + minExpires + ".." + maxExpires);
    }
    if (nonceLifetime.isNegative() || nonceLifetime.isZero()) {
      throw new IllegalArgumentException("nonceLifetime must be positive: " + nonceLifetime);
    }
  }
}
