package org.webphone.sip.registrar;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.webphone.account.DigestCredentials;

/**
 * Keeps looked-up credentials (and their absence) for a short time, so that phones refreshing their
 * registrations and scanners trying names do not reach the database on every request. A changed
 * password or a disabled account takes effect within {@code ttl}. While the database is away the
 * last credentials read stand in for up to {@code lastKnownFor} ({@link LastKnownCache}).
 */
public final class CredentialsCache implements Function<String, Optional<DigestCredentials>> {
  private final LastKnownCache<String, Optional<DigestCredentials>> cache;

  public CredentialsCache(
      Function<String, Optional<DigestCredentials>> source,
      Duration ttl,
      Duration lastKnownFor,
      Ticker ticker) {
    this.cache = new LastKnownCache<>(source, ttl, lastKnownFor, ticker);
  }

  /** How many failed look-ups the last credentials read answered. */
  public long lastKnownServed() {
    return cache.servedLastKnown();
  }

  @Override
  public Optional<DigestCredentials> apply(String username) {
    return cache.get(username);
  }
}
