package org.webphone.sip.container;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Threads a test started and expects to be gone again. */
public final class TestThreads {
  private TestThreads() {}

  /**
   * The names of threads started since {@code before}, still alive and matching {@code ours},
   * polled until none is left or {@code wait} has passed.
   */
  public static Set<String> leftSince(
      Set<Thread> before, Predicate<Map.Entry<Thread, StackTraceElement[]>> ours, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    Set<String> left;
    do {
      left =
          Thread.getAllStackTraces().entrySet().stream()
              .filter(e -> !before.contains(e.getKey()) && e.getKey().isAlive())
              .filter(ours)
              .map(e -> e.getKey().getName() + (e.getKey().isDaemon() ? " (daemon)" : ""))
              .collect(Collectors.toSet());
      if (left.isEmpty()) {
        return left;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() < deadline);
    return left;
  }

  /** A thread running JAIN-SIP, Mobicents or our SIP code. */
  public static boolean runsSipCode(Map.Entry<Thread, StackTraceElement[]> thread) {
    for (StackTraceElement f : thread.getValue()) {
      String c = f.getClassName();
      if (c.startsWith("gov.nist")
          || c.startsWith("org.mobicents")
          || c.startsWith("org.webphone.sip")) {
        return true;
      }
    }
    return false;
  }
}
