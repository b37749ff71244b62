package org.webphone.media.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.webphone.media.MediaConfig;

/**
 * The RTP port pairs phones' legs get: drawn at random (a stranger cannot guess the next call's
 * port), a released pair resting 30 s before it is handed out again, and when every free pair
 * rests, the one released longest ago rather than none. The test drives the clock.
 */
class PortPairsTest {
  private static final Duration REST = MediaConfig.DEFAULT_RTP_PORT_QUARANTINE;
  private final long[] now = {0};

  private PortPairs pairs(int min, int max) {
    return new PortPairs(min, max, REST, () -> now[0]);
  }

  private void advance(Duration d) {
    now[0] += d.toNanos();
  }

  @Test
  void aReleasedPairIsNotHandedOutAgainWhileItRestsAndIsAsSoonAsItsRestIsOver() {
    PortPairs range = pairs(30000, 30099); // 50 pairs
    int released = range.take();
    range.release(released);
    advance(REST.minusSeconds(1));
    List<Integer> during = new ArrayList<>();
    for (int i = 0; i < 49; i++) {
      during.add(range.take());
    }
    assertFalse(during.contains(released), "the 49 others first: " + during);
    during.forEach(range::release); // the 49 start resting now
    advance(Duration.ofSeconds(1));
    assertEquals(released, range.take(), "its rest is over, theirs is not: it is the only one");
  }

  @Test
  void pairsAreDrawnAtRandomNotInTheOrderOfTheRange() {
    PortPairs range = pairs(30000, 39999); // 5,000 pairs
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ports.add(range.take());
    }
    Set<Integer> distinct = new HashSet<>(ports);
    assertEquals(100, distinct.size(), "no pair handed out twice");
    assertTrue(ports.stream().allMatch(p -> p % 2 == 0 && p >= 30000 && p + 1 <= 39999), "pairs");
    assertNotEquals(ports.stream().sorted().toList(), ports, "not in ascending order");
    long steps = 0;
    for (int i = 1; i < ports.size(); i++) {
      steps += ports.get(i) - ports.get(i - 1) == 2 ? 1 : 0;
    }
    assertTrue(steps < 10, "not one after the other: " + ports);
  }

  @Test
  void whenEveryFreePairRestsTheOneReleasedLongestAgoIsTakenRatherThanNone() {
    PortPairs range = pairs(30000, 30009); // 5 pairs
    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      taken.add(range.take());
    }
    assertEquals(-1, range.take(), "all five are in calls");
    range.release(taken.get(3));
    advance(Duration.ofSeconds(1));
    range.release(taken.get(0));
    advance(Duration.ofSeconds(1));
    range.release(taken.get(2));
    advance(Duration.ofSeconds(1));
    range.release(taken.get(0)); // a second release of the same leg changes nothing
    assertEquals(taken.get(3), range.take(), "released first");
    assertEquals(taken.get(0), range.take());
    assertEquals(taken.get(2), range.take());
    assertEquals(-1, range.take());
  }

  @Test
  void rtpPortsPassOverAPairSomethingElseHoldsAndRestAPairItsLegLetGo() throws Exception {
    // Two pairs; something else on the machine holds the RTP port of one of them.
    DatagramSocket other = new DatagramSocket(41200, InetAddress.getLoopbackAddress());
    try (RtpPorts ports = new RtpPorts("127.0.0.1", 41200, 41203, REST, () -> now[0])) {
      RtpPorts.Pair leg = ports.open((p, from) -> {}, (p, from) -> {});
      assertEquals(41202, leg.port(), "the free pair, whichever the draw tried first");
      assertThrows(
          BindException.class,
          () -> ports.open((p, from) -> {}, (p, from) -> {}),
          "the held pair is still held");
      other.close();
      leg.close();
      advance(REST.minusSeconds(1));
      RtpPorts.Pair next = ports.open((p, from) -> {}, (p, from) -> {});
      assertEquals(41200, next.port(), "the pair the leg let go 29 s ago rests: not that one");
      next.close();
    } finally {
      other.close(); // again, should an assertion have failed before it let go
    }
  }
}
