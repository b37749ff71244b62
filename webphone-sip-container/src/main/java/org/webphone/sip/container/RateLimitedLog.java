package org.webphone.sip.container;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.log4j.Logger;

/**
 * A warning that repeats at most once per interval, with the count of occurrences: a flood of bad
 * or excess requests must not become a flood of log lines (INFO logging under load once filled the
 * heap). Thread-safe.
 */
final class RateLimitedLog {
  private final Logger log;
  private final long intervalMillis;
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE / 2);

  RateLimitedLog(Logger log, long intervalMillis) {
    this.log = log;
    this.intervalMillis = intervalMillis;
  }

  /** Counts one occurrence; logs {@code message} and the count when the interval has passed. */
  void warn(String message) {
    long n = count.incrementAndGet();
    long now = System.currentTimeMillis();
    long prev = last.get();
    if (now - prev >= intervalMillis && last.compareAndSet(prev, now)) {
      log.warn(message + " (" + n + " so far)");
    }
  }

  long count() {
    return count.get();
  }
}
