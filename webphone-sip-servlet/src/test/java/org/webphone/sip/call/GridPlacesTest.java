package org.webphone.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Call limits across the nodes of a cluster: two nodes share one grid (a real JCache, Caffeine's,
 * storing by value as Hazelcast does), each with places of its own, and the test drives their
 * clock.
 */
class GridPlacesTest {
  private static final long LEASE = 15_000;
  private final Time time = new Time();
  private CacheManager grid;
  private Cache<String, HashMap<String, Integer>> counts;
  private Cache<String, Long> nodes;

  @BeforeEach
  void aGrid() {
    grid =
        Caching.getCachingProvider(
                "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider")
            .getCacheManager(
                java.net.URI.create("grid-" + System.nanoTime()), getClass().getClassLoader());
    counts =
        grid.createCache("places", new MutableConfiguration<String, HashMap<String, Integer>>());
    nodes = grid.createCache("nodes", new MutableConfiguration<String, Long>());
  }

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
  private static final class Time extends Clock {
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
