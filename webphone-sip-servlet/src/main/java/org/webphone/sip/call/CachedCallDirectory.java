package org.webphone.sip.call;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import org.webphone.sip.registrar.LastKnownCache;

/**
 * Keeps the directory's answers (and their absence) for a short time, as the registrar keeps
 * credentials: a call asks for its caller's and callee's customer, and calls come in bursts from
 * the same accounts, so without it every INVITE reads the database twice. A moved or disabled
 * account takes effect within {@code ttl}. While the database is away the last answers stand in for
 * up to {@code lastKnownFor} ({@link LastKnownCache}), as the credentials do.
 *
 * <p>Threading: safe on every thread.
 */
public final class CachedCallDirectory implements CallDirectory {
  private record Extension(long customer, String digits) {}

  private final LastKnownCache<String, Optional<Long>> customers;
  private final LastKnownCache<Extension, Optional<String>> extensions;
  private final LastKnownCache<String, Optional<String>> displayNames;

  public CachedCallDirectory(
      CallDirectory source, Duration ttl, Duration lastKnownFor, Ticker ticker) {
    this.customers = new LastKnownCache<>(source::customerOf, ttl, lastKnownFor, ticker);
    this.extensions =
        new LastKnownCache<>(
            e -> source.userByExtension(e.customer(), e.digits()), ttl, lastKnownFor, ticker);
    this.displayNames = new LastKnownCache<>(source::displayNameOf, ttl, lastKnownFor, ticker);
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
