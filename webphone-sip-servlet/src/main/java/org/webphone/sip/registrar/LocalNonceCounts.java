package org.webphone.sip.registrar;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest nonce-count seen for each nonce still alive (RFC 2617 §3.2.2: the client increments
 * nc for each request with the same nonce; a count that does not rise is a replay).
 *
 * <p>Threading: safe on every thread. Per node: a replay sent to another node of a cluster within
 * the nonce's lifetime is not caught here.
 */
final class NonceCounts {
  private final Cache<String, AtomicLong> highest;

  NonceCounts(Duration nonceLifetime, Ticker ticker) {
    this.highest =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(nonceLifetime.plusSeconds(30))
            .maximumSize(500_000)
            .build();
  }

  /** Records {@code nc} for {@code nonce}; false when it is not above the highest seen. */
  boolean advance(String nonce, long nc) {
    AtomicLong seen = highest.get(nonce, k -> new AtomicLong());
    long prev;
    do {
      prev = seen.get();
      if (nc <= prev) {
        return false;
      }
    } while (!seen.compareAndSet(prev, nc));
    return true;
  }
}
