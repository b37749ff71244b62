package org.webphone.sip.call;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * Keeps the directory's answers (and their absence) for a short time, as the registrar keeps
 * credentials: a call asks for its caller's and callee's customer, and calls come in bursts from
 * the same accounts, so without it every INVITE reads the database twice. A moved or disabled
 * account takes effect within {@code ttl}.
 *
 * <p>Threading: safe on every thread.
 */
public final class CachedCallDirectory implements CallDirectory {
  private record Extension(long customer, String digits) {}

  private final LoadingCache<String, Optional<Long>> customers;
  private final LoadingCache<Extension, Optional<String>> extensions;
  private final LoadingCache<String, Optional<String>> displayNames;

  public CachedCallDirectory(CallDirectory source, Duration ttl, Ticker ticker) {
    Caffeine<Object, Object> cache =
        Caffeine.newBuilder().ticker(ticker).expireAfterWrite(ttl).maximumSize(100_000);
    this.customers = cache.build(source::customerOf);
    this.extensions = cache.build(e -> source.userByExtension(e.customer(), e.digits()));
    this.displayNames = cache.build(source::displayNameOf);
  }

  @Override
  public Optional<String> displayNameOf(String username) {
    return displayNames.get(username);
  }

  @Override
  public Optional<Long> customerOf(String username) {
    return customers.get(username);
  }

  @Override
  public Optional<String> userByExtension(long customer, String extension) {
    return extensions.get(new Extension(customer, extension));
  }
}
