package org.webphone.media;

import java.time.Duration;
import java.util.Arrays;

/** A test phone that hears what the anchor relays to it. */
interface Listener {
  /** The next packet that arrived, decrypted; null when none did or it was not authentic. */
  byte[] hear(Duration wait) throws Exception;

  /**
   * Waits for {@code expected} to arrive, passing over packets said before it (still in flight when
   * a test began listening); false when it did not within {@code wait}.
   */
  default boolean heard(byte[] expected, Duration wait) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      byte[] got = hear(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (Arrays.equals(expected, got)) {
        return true;
      }
    }
    return false;
  }

  /** Something a test phone says: its clear bytes. */
  @FunctionalInterface
  interface Speech {
    byte[] say() throws Exception;
  }

  /**
   * {@code from} speaks until this one hears: the browser may finish DTLS a moment before the
   * anchor joins the legs, and what is said before then is lost on any relay.
   */
  default void openedBy(Speech from, Duration wait) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      from.say();
      if (hear(Duration.ofMillis(20)) != null) {
        return;
      }
    }
    throw new AssertionError("no packet got through within " + wait);
  }
}
