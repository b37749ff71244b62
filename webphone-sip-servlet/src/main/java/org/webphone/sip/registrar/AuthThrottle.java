package org.webphone.sip.registrar;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed authentications per (source address, username) and per source address, each in a
 * fixed window that starts with the first failure. Addresses are counted by {@link SourceAddress}
 * (an IPv6 client by its /64). A (source, username) pair over its limit is refused until its window
 * ends, right password or not: that is what stops guessing. A source over its own limit (many
 * usernames) gets its failures refused, but a right password still gets in ({@link
 * #addressRetryAfterSeconds}): one agent's mistakes, or an attacker's behind the same NAT, must not
 * lock a call centre out.
 *
 * <p>Threading: safe on every thread. Counters are per node.
 */
public final class AuthThrottle {
  private final int perUserLimit;
  private final int perAddressLimit;
  private final Duration window;
  private final Ticker ticker;
  private final Cache<String, Window> perUser;
  private final Cache<String, Window> perAddress;

  /** Failures in one window and when it started (ticker nanoseconds). */
  private record Window(AtomicInteger failures, long startNanos) {}

  public AuthThrottle(int perUserLimit, int perAddressLimit, Duration window, Ticker ticker) {
    if (perUserLimit < 1 || perAddressLimit < perUserLimit) {
      throw new IllegalArgumentException(
          "need 1 <= perUserLimit ("
              + perUserLimit
              + ") <= perAddressLimit ("
              + perAddressLimit
              + ")");
    }
    this.perUserLimit = perUserLimit;
    this.perAddressLimit = perAddressLimit;
    this.window = window;
    this.ticker = ticker;
    // Bounded: a scanner rotating addresses cannot grow these without limit.
    this.perUser =
        Caffeine.newBuilder().ticker(ticker).expireAfterWrite(window).maximumSize(200_000).build();
    this.perAddress =
        Caffeine.newBuilder().ticker(ticker).expireAfterWrite(window).maximumSize(50_000).build();
  }

  /** Seconds the source must wait, either limit, or 0 when it may try. */
  public long retryAfterSeconds(String address, String username) {
    return Math.max(addressRetryAfterSeconds(address), userRetryAfterSeconds(address, username));
  }

  /** Seconds before {@code username} may be tried again from {@code address}, or 0. */
  public long userRetryAfterSeconds(String address, String username) {
    return username == null
        ? 0
        : waitFor(perUser.getIfPresent(SourceAddress.key(address) + "\n" + username), perUserLimit);
  }

  /** Seconds before {@code address} may fail again with any username, or 0. */
  public long addressRetryAfterSeconds(String address) {
    return waitFor(perAddress.getIfPresent(SourceAddress.key(address)), perAddressLimit);
  }

  public void failed(String address, String username) {
    String source = SourceAddress.key(address);
    count(perAddress, source);
    if (username != null) {
      count(perUser, source + "\n" + username);
    }
  }

  private void count(Cache<String, Window> cache, String key) {
    cache
        .get(key, k -> new Window(new AtomicInteger(), ticker.read()))
        .failures()
        .incrementAndGet();
  }

  private long waitFor(Window w, int limit) {
    if (w == null || w.failures().get() < limit) {
      return 0;
    }
    long left = window.toNanos() - (ticker.read() - w.startNanos());
    return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
  }
}
