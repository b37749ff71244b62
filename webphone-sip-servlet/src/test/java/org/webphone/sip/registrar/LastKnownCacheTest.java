package org.webphone.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The database goes away and comes back; the cache's answers in between, by the test's clock. */
class LastKnownCacheTest {
  private final AtomicLong nanos = new AtomicLong();
  private final Map<String, String> database = new HashMap<>();
  private final AtomicInteger asked = new AtomicInteger();
  private boolean databaseDown;

  private String lookUp(String user) {
    asked.incrementAndGet();
    if (databaseDown) {
      throw new IllegalStateException("connection refused");
    }
    return database.getOrDefault(user, "none");
  }

  private final LastKnownCache<String, String> cache =
      new LastKnownCache<>(this::lookUp, Duration.ofSeconds(60), Duration.ofHours(1), nanos::get);

  private void secondsPass(long seconds) {
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  @Test
  void whileTheDatabaseAnswersAChangeTakesEffectWithinTheTtl() {
    database.put("alice", "ha1-old");
    assertEquals("ha1-old", cache.get("alice"));
    database.put("alice", "ha1-new");
    assertEquals("ha1-old", cache.get("alice"), "still fresh");
    secondsPass(61);
    assertEquals("ha1-new", cache.get("alice"));
    assertEquals(0, cache.servedLastKnown());
  }

  @Test
  void whenTheDatabaseIsAwayTheLastAnswerStandsInAndTheDatabaseIsAskedOncePerTtl() {
    database.put("alice", "ha1");
    assertEquals("ha1", cache.get("alice"));
    databaseDown = true;
    secondsPass(61);
    int before = asked.get();
    for (int i = 0; i < 10; i++) {
      assertEquals("ha1", cache.get("alice"));
    }
    assertEquals(before + 1, asked.get(), "one failed look-up, then the stand-in is reused");
    assertEquals(1, cache.servedLastKnown());

    databaseDown = false;
    database.put("alice", "ha1-changed-meanwhile");
    secondsPass(61);
    assertEquals("ha1-changed-meanwhile", cache.get("alice"), "back: the database answers again");
  }

  @Test
  void aNameNeverReadAndAnAnswerOlderThanLastKnownForFailAsTheDatabaseDid() {
    database.put("alice", "ha1");
    cache.get("alice");
    databaseDown = true;
    assertThrows(IllegalStateException.class, () -> cache.get("bob"), "never read on this node");
    secondsPass(3601);
    assertThrows(IllegalStateException.class, () -> cache.get("alice"), "too old to stand in");
  }

  @Test
  void withLastKnownForZeroAFailedLookUpFails() {
    LastKnownCache<String, String> strict =
        new LastKnownCache<>(this::lookUp, Duration.ofSeconds(60), Duration.ZERO, nanos::get);
    database.put("alice", "ha1");
    strict.get("alice");
    databaseDown = true;
    secondsPass(61);
    assertThrows(IllegalStateException.class, () -> strict.get("alice"));
  }
}
