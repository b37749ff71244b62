package org.webphone.sip.registrar;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failure windows in this node's memory: a node alone, or one without a data grid. Bounded: a
 * scanner rotating addresses cannot grow it without limit.
 *
 * <p>Threading: safe on every thread.
 */
final class LocalFailureWindows implements FailureWindows {
  private record Counter(AtomicInteger failures, long startMillis) {}

  private final Cache<String, Counter> windows;
  private final long windowMillis;

  LocalFailureWindows(Duration window, long maxKeys, Ticker ticker) {
    this.windowMillis = window.toMillis();
    // Written once, when the window opens: it expires when the window ends.
    this.windows =
        Caffeine.newBuilder().ticker(ticker).expireAfterWrite(window).maximumSize(maxKeys).build();
  }

  @Override
  public void fail(String key, long nowMillis) {
    windows.get(key, k -> new Counter(new AtomicInteger(), nowMillis)).failures().incrementAndGet();
  }

  @Override
  public Window window(String key, long nowMillis) {
    Counter c = windows.getIfPresent(key);
    return c == null || nowMillis - c.startMillis() >= windowMillis
        ? null
        : new Window(c.failures().get(), c.startMillis());
  }
}
