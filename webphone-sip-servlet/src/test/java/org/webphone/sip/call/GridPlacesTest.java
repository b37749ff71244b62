package org.webphone.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webphone.sip.MutableClock;
import org.webphone.sip.TestGrid;

/**
 * Call limits across the nodes of a cluster: two nodes share one grid ({@link TestGrid}), each with
 * places of its own, and the test drives their clock.
 */
class GridPlacesTest {
  private static final long LEASE = 15_000;
  private final MutableClock time = new MutableClock();
  private final TestGrid grid = new TestGrid();
  private final Cache<String, HashMap<String, Integer>> counts = grid.cache("places");
  private final Cache<String, Long> nodes = grid.cache("nodes");

  @AfterEach
  void noGrid() {
    grid.close();
  }

  private GridPlaces node(String name) {
    return new GridPlaces(counts, nodes, name, time, LEASE);
  }

  @Test
  void aLimitHoldsWhicheverNodesTheCallsAreOn() {
    GridPlaces a = node("a");
    GridPlaces b = node("b");
    assertTrue(a.take("account:alice", 2));
    assertTrue(b.take("account:alice", 2));

    assertFalse(a.take("account:alice", 2), "alice has two calls, one on each node");
    assertFalse(b.take("account:alice", 2));
    assertTrue(b.take("account:bob", 2), "bob has places of his own");
  }

  @Test
  void aPlaceGivenBackOnOneNodeCanBeTakenOnAnother() {
    GridPlaces a = node("a");
    GridPlaces b = node("b");
    assertTrue(a.take("customer:7", 1));
    assertFalse(b.take("customer:7", 1));

    a.give("customer:7");
    assertTrue(b.take("customer:7", 1));
    b.give("customer:7");
    assertNull(counts.get("customer:7"), "no places, no entry left in the grid");
  }

  @Test
  void theCallsOfANodeLostPastItsLeaseNoLongerCount() {
    GridPlaces lost = node("lost");
    GridPlaces survivor = node("survivor");
    assertTrue(lost.take("account:alice", 1));
    assertFalse(survivor.take("account:alice", 1));

    // The lost node beats no more; the survivor does, and sees the lease run out.
    time.advance(Duration.ofMillis(LEASE));
    survivor.beat();
    assertFalse(survivor.take("account:alice", 1), "a lease that just ran out still counts");
    time.advance(Duration.ofMillis(1));
    survivor.beat();
    assertTrue(survivor.take("account:alice", 1));
    assertEquals(1, counts.get("account:alice").values().stream().mapToInt(i -> i).sum());
  }

  @Test
  void aNodeGivesBackOnlyWhatItTookAndNeverGoesBelowNone() {
    GridPlaces a = node("a");
    GridPlaces b = node("b");
    assertTrue(a.take("account:alice", 1));
    b.give("account:alice"); // b held nothing there (its calls were dropped as lost, say)
    assertFalse(b.take("account:alice", 1), "a's call still counts");

    a.give("account:alice");
    a.give("account:alice");
    assertTrue(b.take("account:alice", 1));
    assertFalse(a.take("account:alice", 1), "one place, taken once");
  }

  /** The nodes' clock, moved by the test only. */
}
