package org.webphone.sip.container;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one warning or error of a kind through per window, and counts the rest. The kind is where it
 * was logged and how it begins (not the SIP message it quotes). Why: JAIN-SIP and the core log some
 * peers' doings at ERROR with a stack trace, once per connection or message (a TLS client that
 * sends a double CRLF and hangs up makes three), so a peer could fill the disk with them.
 *
 * <p>At most {@code maxKinds} kinds are followed; once that many are, anything new is counted as
 * one more kind and let through once per window, so that a peer varying the text gains nothing.
 *
 * <p>Threading: any thread, many at once.
 */
final class LogFloodGate {
  private final long windowNanos;
  private final int maxKinds;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Window> kinds = new ConcurrentHashMap<>();
  private final Window overflow = new Window();

  private static final class Window {
    final AtomicLong opened = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong held = new AtomicLong();
  }

  LogFloodGate(long windowNanos, int maxKinds, LongSupplier nanoTime) {
    this.windowNanos = windowNanos;
    this.maxKinds = maxKinds;
    this.nanoTime = nanoTime;
  }

  /**
   * @return -1 to hold this one back; else how many of its kind were held back since the last one
   *     let through
   */
  long admit(String kind) {
    Window w = kinds.get(kind);
    if (w == null) {
      w = kinds.size() < maxKinds ? kinds.computeIfAbsent(kind, k -> new Window()) : overflow;
    }
    long now = nanoTime.getAsLong();
    long opened = w.opened.get();
    if ((opened == Long.MIN_VALUE || now - opened >= windowNanos)
        && w.opened.compareAndSet(opened, now)) {
      return w.held.getAndSet(0);
    }
    w.held.incrementAndGet();
    return -1;
  }

  /** The kind of a log record: its logger, its exception's class, and its first words. */
  static String kind(String logger, String message, Throwable thrown) {
    String start = message == null ? "" : message.strip();
    int cut = Math.min(start.length(), 40);
    int newline = start.indexOf('\n');
    if (newline >= 0 && newline < cut) {
      cut = newline;
    }
    return logger
        + "|"
        + (thrown == null ? "" : thrown.getClass().getName())
        + "|"
        + start.substring(0, cut);
  }
}
