package org.webphone.sip.registrar;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Failed authentications counted per key in fixed windows: a window starts with a key's first
 * failure and lasts a given time; the next failure after it starts a new one. {@link AuthThrottle}
 * keeps one per source address and one per (source, username). Nodes of a cluster share them
 * ({@link GridFailureWindows}), so that guesses spread over the nodes behind a front count as many
 * as guesses sent to one.
 *
 * <p>Threading: implementations are safe on every thread.
 */
public interface FailureWindows {
  /** The failures of a key's window, and when it started (milliseconds of the clock). */
  record Window(int failures, long startMillis) {}

  /** Counts a failure of {@code key} at {@code nowMillis}. */
  void fail(String key, long nowMillis);

  /** The window of {@code key} that is still open at {@code nowMillis}, or null. */
  Window window(String key, long nowMillis);

  /** Windows of {@code window} kept in this node's memory, at most {@code maxKeys} of them. */
  static FailureWindows local(Duration window, long maxKeys, Ticker ticker) {
    return new LocalFailureWindows(window, maxKeys, ticker);
  }
}
