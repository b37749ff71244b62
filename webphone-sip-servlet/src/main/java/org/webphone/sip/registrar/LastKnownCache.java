package org.webphone.sip.registrar;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A read-through cache that rides out a database outage. An answer is fresh for {@code ttl}; once
 * it is not, the source is asked again, and when the source fails (throws: the database is away)
 * the last answer it gave for that key, if it is at most {@code lastKnownFor} old, is used instead
 * and kept for another {@code ttl}. So phones whose credentials a node has read keep registering
 * and calling while the database is stopped, and a node asks a database that is away at most once
 * per key and {@code ttl}. With no last answer, or {@code lastKnownFor} zero, the failure reaches
 * the caller as before.
 *
 * <p>What an admin changes still takes effect within {@code ttl} while the database answers: a last
 * answer is only ever used in place of a failure, never of a newer answer.
 *
 * <p>Threading: safe on every thread; a key's load runs on the thread that asks (Caffeine runs one
 * load per key at a time; others asking for that key wait for it).
 */
public final class LastKnownCache<K, V> {
  private static final long MAXIMUM_SIZE = 100_000;

  private final LoadingCache<K, V> fresh;
  private final Cache<K, V> lastKnown; // null: no answers kept past their ttl
  private final LongAdder servedLastKnown = new LongAdder();

  /**
   * @param source asked on a miss; throws when it cannot answer
   * @param ttl how long an answer is used before the source is asked again
   * @param lastKnownFor how long an answer may stand in for a failed one; zero: never
   * @param ticker the time source, in nanoseconds (tests drive it)
   */
  public LastKnownCache(
      Function<? super K, ? extends V> source, Duration ttl, Duration lastKnownFor, Ticker ticker) {
    Objects.requireNonNull(source, "source");
    if (lastKnownFor.isNegative()) {
      throw new IllegalArgumentException("lastKnownFor must not be negative: " + lastKnownFor);
    }
    this.lastKnown =
        lastKnownFor.isZero()
            ? null
            : Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(lastKnownFor)
                .maximumSize(MAXIMUM_SIZE)
                .build();
    this.fresh =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(ttl)
            .maximumSize(MAXIMUM_SIZE)
            .build(key -> load(source, key));
  }

  private V load(Function<? super K, ? extends V> source, K key) {
    V answer;
    try {
      answer = source.apply(key);
    } catch (RuntimeException failed) {
      V last = lastKnown == null ? null : lastKnown.getIfPresent(key);
      if (last == null) {
        throw failed;
      }
      servedLastKnown.increment();
      return last;
    }
    if (lastKnown != null && answer != null) {
      lastKnown.put(key, answer);
    }
    return answer;
  }

  /** The answer for {@code key}: fresh, or the last known one when the source fails. */
  public V get(K key) {
    return fresh.get(key);
  }

  /** How many times a last known answer stood in for a failed look-up. */
  public long servedLastKnown() {
    return servedLastKnown.sum();
  }
}
