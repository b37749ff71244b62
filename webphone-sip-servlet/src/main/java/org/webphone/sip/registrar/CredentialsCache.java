package org.webphone.sip.registrar;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.webphone.account.DigestCredentials;

/**
 * Keeps looked-up credentials (and their absence) for a short time, so that phones refreshing their
 * registrations and scanners trying names do not reach the database on every request. A changed
 * password or a disabled account takes effect within {@code ttl}.
 */
public final class CredentialsCache implements Function<String, Optional<DigestCredentials>> {
  private final LoadingCache<String, Optional<DigestCredentials>> cache;

  public CredentialsCache(
      Function<String, Optional<DigestCredentials>> source, Duration ttl, Ticker ticker) {
    this.cache =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(ttl)
            .maximumSize(100_000)
            .build(source::apply);
  }

  @Override
  public Optional<DigestCredentials> apply(String username) {
    return cache.get(username);
  }
}
