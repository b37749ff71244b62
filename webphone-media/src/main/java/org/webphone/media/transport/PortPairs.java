package org.webphone.media.transport;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Which RTP port pair of the range a new leg gets: one at random among the free pairs that were not
 * released in the last {@code quarantine}; when every free pair is still resting, the one released
 * longest ago rather than none. Only the choice: {@link RtpPorts} binds the ports.
 *
 * <p>Why random: a stranger who can guess the next call's port can spray it with RTP before the
 * phone's first packet and race it for the leg's source (RTP bleed; {@link PeerLock} refuses him
 * once the phone is heard, but the guess is the attack). Round robin made the next port the last
 * one plus two. The choice is a {@link SecureRandom}'s, once per leg, never per packet.
 *
 * <p>Why the rest: packets still on their way to a released port (a phone goes on sending until it
 * has handled our SIP BYE, then sends its RTCP BYE, RFC 3550 §6.3.7) would otherwise reach the next
 * call on that port, and a stranger who learnt a port from one call would find it in use again at
 * once.
 *
 * <p>Threading: any thread; every method holds the object's lock (a leg's setup or release, never a
 * packet).
 */
final class PortPairs {
  private static final int READY = 0;
  private static final int TAKEN = 1;
  private static final int RESTING = 2;

  private final int min;
  private final long quarantine;
  private final LongSupplier ticker;
  private final SecureRandom random = new SecureRandom();
  private final byte[] state;
  private final long[] releasedAt;
  private final int[] ready; // the indices of the pairs free and rested, in ready[0..readyCount)
  private int readyCount;
  private final ArrayDeque<Integer> resting = new ArrayDeque<>(); // oldest release first

  /**
   * @param min the first RTP port (even)
   * @param max the last port of the range (RTCP of the last pair at most)
   * @param ticker monotonic nanoseconds (System::nanoTime; a test's own)
   */
  PortPairs(int min, int max, Duration quarantine, LongSupplier ticker) {
    if (min % 2 != 0 || max <= min) {
      throw new IllegalArgumentException("no RTP port pair in " + min + "-" + max);
    }
    this.min = min;
    this.quarantine = quarantine.toNanos();
    this.ticker = ticker;
    int pairs = (max - min + 1) / 2;
    this.state = new byte[pairs];
    this.releasedAt = new long[pairs];
    this.ready = new int[pairs];
    for (int i = 0; i < pairs; i++) {
      ready[i] = i;
    }
    this.readyCount = pairs;
  }

  /** How many pairs the range holds. */
  int size() {
    return state.length;
  }

  /**
   * The RTP port of a pair for a new leg, now taken; -1 when every pair is taken.
   *
   * @see #release
   */
  synchronized int take() {
    long now = ticker.getAsLong();
    // Pairs whose rest is over join the draw (the queue is in release order: stop at the first
    // still resting).
    while (!resting.isEmpty() && now - releasedAt[resting.peekFirst()] >= quarantine) {
      int i = resting.pollFirst();
      ready[readyCount++] = i;
      state[i] = READY;
    }
    int i;
    if (readyCount > 0) {
      int at = random.nextInt(readyCount);
      i = ready[at];
      ready[at] = ready[--readyCount]; // the last fills the gap: the draw stays O(1)
    } else if (!resting.isEmpty()) {
      i = resting.pollFirst(); // all free pairs rest: the longest rested beats refusing a call
    } else {
      return -1;
    }
    state[i] = TAKEN;
    return min + 2 * i;
  }

  /**
   * The pair of RTP port {@code port} is free again (its leg closed, or its ports could not be
   * bound: something else holds them, try them again later); it rests before its next leg. A pair
   * not taken is ignored (a second release).
   */
  synchronized void release(int port) {
    int i = (port - min) / 2;
    if (port < min || i >= state.length || state[i] != TAKEN) {
      return;
    }
    state[i] = RESTING;
    releasedAt[i] = ticker.getAsLong();
    resting.addLast(i);
  }
}
