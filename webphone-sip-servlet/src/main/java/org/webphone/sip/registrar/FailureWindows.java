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

  /**
   * The cluster's counts, asked only about keys this node has seen fail: every failure is counted
   * in {@code local} and in {@code shared}, and a key this node has no open window for is taken as
   * having none, without asking {@code shared}. So a request of a source that never failed here
   * costs no trip to the data grid; a guesser spreading its guesses over the nodes gets at most one
   * more guess per node and window than the limit, since each node asks the cluster's count from
   * its first failure of that key on.
   */
  static FailureWindows localFirst(FailureWindows local, FailureWindows shared) {
    return new FailureWindows() {
      @Override
      public void fail(String key, long nowMillis) {
        local.fail(key, nowMillis);
        shared.fail(key, nowMillis);
      }

      @Override
      public Window window(String key, long nowMillis) {
        Window mine = local.window(key, nowMillis);
        if (mine == null) {
          return null;
        }
        Window all = shared.window(key, nowMillis);
        return all != null ? all : mine;
      }
    };
  }

  /** Windows of {@code window} kept in this node's memory, at most {@code maxKeys} of them. */
  static FailureWindows local(Duration window, long maxKeys, Ticker ticker) {
    return new LocalFailureWindows(window, maxKeys, ticker);
  }
}
