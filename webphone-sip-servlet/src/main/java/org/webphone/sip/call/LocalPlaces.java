package org.webphone.sip.call;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places counted in this JVM: what a node alone needs.
 *
 * <p>Threading: lock-free; safe on every thread.
 */
final class LocalPlaces implements Places {
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  @Override
  public boolean take(String key, int limit) {
    AtomicInteger n = counts.computeIfAbsent(key, k -> new AtomicInteger());
    while (true) {
      int now = n.get();
      if (now >= limit) {
        return false;
      }
      if (n.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  @Override
  public void give(String key) {
    // An entry at zero stays: removing it could race with a concurrent take.
    AtomicInteger n = counts.get(key);
    if (n != null) {
      n.updateAndGet(v -> Math.max(0, v - 1));
    }
  }
}
