package org.webphone.sip.registrar;

import java.io.Serializable;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * Failure windows in the data grid, shared by every node. Each entry is {failures, start} (plain
 * longs: no class of ours is needed to read one); each failure is an entry processor on the member
 * that owns the key (atomic; never a read-modify-write across the wire), which opens a new window
 * when the last one has ended. The cache lets an entry expire a window after its last change (its
 * creator's job: {@code SipBeans}), so a scanner's keys leave with their windows.
 *
 * <p>Times are the nodes' clocks: nodes of a cluster keep them in step (NTP), and a window is
 * minutes long.
 *
 * <p>Threading: safe on every thread.
 */
public final class GridFailureWindows implements FailureWindows {
  private final Cache<String, long[]> windows;
  private final long windowMillis;

  public GridFailureWindows(Cache<String, long[]> windows, Duration window) {
    this.windows = windows;
    this.windowMillis = window.toMillis();
  }

  @Override
  public void fail(String key, long nowMillis) {
    windows.invoke(key, new Fail(nowMillis, windowMillis));
  }

  @Override
  public Window window(String key, long nowMillis) {
    long[] w = windows.get(key);
    return w == null || nowMillis - w[1] >= windowMillis ? null : new Window((int) w[0], w[1]);
  }

  /** One more failure in the key's open window, or the first of a new one. */
  private record Fail(long nowMillis, long windowMillis)
      implements EntryProcessor<String, long[], Void>, Serializable {
    @Override
    public Void process(MutableEntry<String, long[]> entry, Object... args) {
      long[] w = entry.exists() ? entry.getValue() : null;
      if (w == null || nowMillis - w[1] >= windowMillis) {
        entry.setValue(new long[] {1, nowMillis});
      } else {
        entry.setValue(new long[] {w[0] + 1, w[1]});
      }
      return null;
    }
  }
}
