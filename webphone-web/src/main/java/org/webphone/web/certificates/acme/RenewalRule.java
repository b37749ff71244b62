package org.webphone.web.certificates.acme;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a certificate is due for renewal: with less than 30 days left, or, for certificates that
 * live less than 90 days, a third of their lifetime (Let's Encrypt's advice: a 6-day certificate is
 * renewed after 4 days, not every day of its life). An operator's {@code
 * webphone.acme.renew-before} replaces both.
 */
public final class RenewalRule {
  static final Duration DEFAULT = Duration.ofDays(30);

  private final Optional<Duration> renewBefore;

  public RenewalRule(Optional<Duration> renewBefore) {
    this.renewBefore = renewBefore;
  }

  public boolean due(X509Certificate leaf, Instant now) {
    return due(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), now);
  }

  boolean due(Instant notBefore, Instant notAfter, Instant now) {
    return Duration.between(now, notAfter).compareTo(margin(notBefore, notAfter)) <= 0;
  }

  /** How long before its end a certificate with this lifetime is renewed. */
  Duration margin(Instant notBefore, Instant notAfter) {
    if (renewBefore.isPresent()) {
      return renewBefore.get();
    }
    Duration third = Duration.between(notBefore, notAfter).dividedBy(3);
    return third.compareTo(DEFAULT) < 0 ? third : DEFAULT;
  }
}
