package org.webphone.sip.registrar;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Nonce-counts in this node's memory: a node alone, or one without a data grid.
 *
 * <p>Threading: safe on every thread.
 */
final class LocalNonceCounts implements NonceCounts {
  private final Cache<String, AtomicLong> highest;

  LocalNonceCounts(Duration nonceLifetime, Ticker ticker) {
    this.highest =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(nonceLifetime.plusSeconds(30))
            .maximumSize(500_000)
            .build();
  }

  @Override
  public boolean advance(String nonce, long nc) {
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
