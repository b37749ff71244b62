package org.webphone.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webphone.account.DigestCredentials;
import org.webphone.sip.MutableClock;
import org.webphone.sip.TestGrid;

/**
 * What two nodes of a cluster know together about authentication: whose nonces a phone may answer,
 * the nonce-counts an HTTP client used and the failures a source made, whichever node saw them. The
 * nodes share one grid ({@link TestGrid}); the test drives the clock.
 */
class ClusterAuthenticationTest {
  private static final Duration WINDOW = Duration.ofMinutes(5);
  private final MutableClock clock = new MutableClock();
  private final TestGrid grid = new TestGrid();

  @AfterEach
  void noGrid() {
    grid.close();
  }

  private <V> Cache<String, V> cache(String name) {
    return grid.cache(name);
  }

  private NonceCounts nonceCountsOfANode() {
    return new GridNonceCounts(cache("nonce-counts"));
  }

  private AuthThrottle throttleOfANode() {
    return new AuthThrottle(
        3,
        10,
        WINDOW,
        clock,
        new GridFailureWindows(cache("users"), WINDOW),
        new GridFailureWindows(cache("addresses"), WINDOW));
  }

  private static final byte[] SECRET = "the cluster's digest secret".getBytes();
  private static final DigestCredentials ALICE =
      new DigestCredentials(
          "alice", "localhost", DigestCredentials.md5Hex("alice:localhost:secret"), true);

  /** Alice's phone answers {@code challenge} (nc 1) for a REGISTER to sip:localhost. */
  private static String answer(String challenge) {
    String nonce = challenge.replaceAll(".*nonce=\"([^\"]+)\".*", "$1");
    String ha2 = DigestCredentials.md5Hex("REGISTER:sip:localhost");
    String response =
        DigestCredentials.md5Hex(ALICE.ha1() + ":" + nonce + ":00000001:c0ffee:auth:" + ha2);
    return "Digest username=\"alice\", realm=\"localhost\", nonce=\""
        + nonce
        + "\", uri=\"sip:localhost\", response=\""
        + response
        + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c0ffee\"";
  }

  private static DigestAuthenticator.Outcome register(
      DigestAuthenticator node, String credentials) {
    return node.verify(
        "REGISTER",
        java.util.List.of("sip:localhost"),
        credentials,
        "localhost",
        "192.0.2.7",
        user -> java.util.Optional.of(ALICE).filter(a -> a.username().equals(user)));
  }

  @Test
  void aPhoneAnswersItsOwnNodesNoncesSoARegisterReplayedToAnotherNodeIsStaleThere() {
    DigestAuthenticator a = new DigestAuthenticator(SECRET, Duration.ofMinutes(5), clock);
    DigestAuthenticator b = new DigestAuthenticator(SECRET, Duration.ofMinutes(5), clock);
    String credentials = answer(a.challenge("localhost", false, "192.0.2.7"));

    assertEquals(new DigestAuthenticator.Authenticated("alice"), register(a, credentials));
    assertEquals(new DigestAuthenticator.Stale(), register(a, credentials), "replayed to a");
    assertEquals(new DigestAuthenticator.Stale(), register(b, credentials), "replayed to b");

    String fresh = answer(b.challenge("localhost", true, "192.0.2.7"));
    assertEquals(
        new DigestAuthenticator.Authenticated("alice"),
        register(b, fresh),
        "the phone answers b's own nonce, as it would after moving to b");
  }

  @Test
  void httpNonceCountsAreTheClustersSoATokenRequestReplayedToAnotherNodeIsStaleThere() {
    DigestAuthenticator a =
        new DigestAuthenticator(SECRET, Duration.ofMinutes(5), clock, nonceCountsOfANode(), false);
    DigestAuthenticator b =
        new DigestAuthenticator(SECRET, Duration.ofMinutes(5), clock, nonceCountsOfANode(), false);
    String credentials = answer(a.challenge("localhost", false, "192.0.2.7"));

    assertEquals(
        new DigestAuthenticator.Authenticated("alice"),
        register(b, credentials),
        "answered on another node than the one that challenged: a front without stickiness");
    assertEquals(new DigestAuthenticator.Stale(), register(a, credentials), "replayed to a");
  }

  @Test
  void aNodeAsksTheGridOnlyAboutKeysItSawFailButThenSeesTheClustersCount() {
    Cache<String, long[]> shared = cache("users");
    FailureWindows a =
        FailureWindows.localFirst(
            FailureWindows.local(WINDOW, 100, () -> clock.millis() * 1_000_000L),
            new GridFailureWindows(shared, WINDOW));
    FailureWindows b =
        FailureWindows.localFirst(
            FailureWindows.local(WINDOW, 100, () -> clock.millis() * 1_000_000L),
            new GridFailureWindows(shared, WINDOW));
    long now = clock.millis();
    a.fail("k", now);
    a.fail("k", now);
    assertNull(b.window("k", now), "b saw no failure of k: it does not ask the grid");
    b.fail("k", now);
    assertEquals(3, b.window("k", now).failures(), "from its first failure, the cluster's count");
    assertEquals(3, a.window("k", now).failures());
  }

  @Test
  void aRequestReplayedToAnotherNodeIsCaughtThere() {
    NonceCounts a = nonceCountsOfANode();
    NonceCounts b = nonceCountsOfANode();
    assertTrue(a.advance("n1", 1), "the phone's first request, to node a");
    assertFalse(b.advance("n1", 1), "the same request replayed to node b");
    assertTrue(b.advance("n1", 2), "the phone's next request goes to node b");
    assertFalse(a.advance("n1", 2), "and cannot be replayed to node a");
    assertTrue(a.advance("n2", 1), "another nonce counts on its own");
  }

  @Test
  void guessesSpreadOverTheNodesCountTogether() {
    AuthThrottle a = throttleOfANode();
    AuthThrottle b = throttleOfANode();
    a.failed("192.0.2.7", "alice");
    b.failed("192.0.2.7", "alice");
    assertEquals(0, a.userRetryAfterSeconds("192.0.2.7", "alice"), "two guesses of three");

    b.failed("192.0.2.7", "alice");
    assertEquals(300, a.userRetryAfterSeconds("192.0.2.7", "alice"), "the third, on node b");
    assertEquals(300, b.userRetryAfterSeconds("192.0.2.7", "alice"));
    assertEquals(0, a.userRetryAfterSeconds("192.0.2.8", "alice"), "another source may try");

    clock.advance(Duration.ofMinutes(4));
    assertEquals(
        60, b.userRetryAfterSeconds("192.0.2.7", "alice"), "the window started at the first");
    clock.advance(Duration.ofMinutes(1));
    assertEquals(0, a.userRetryAfterSeconds("192.0.2.7", "alice"), "its window has ended");
    a.failed("192.0.2.7", "alice");
    assertEquals(0, b.userRetryAfterSeconds("192.0.2.7", "alice"), "a new window: one guess");
  }

  @Test
  void aSourceTryingManyUsersIsCountedOnEveryNode() {
    AuthThrottle a = throttleOfANode();
    AuthThrottle b = throttleOfANode();
    for (int i = 0; i < 10; i++) {
      (i % 2 == 0 ? a : b).failed("2001:db8::1", "user" + i);
    }
    assertEquals(300, a.addressRetryAfterSeconds("2001:db8::2"), "the same /64, on node a");
    assertEquals(300, b.addressRetryAfterSeconds("2001:db8::1"));
    assertEquals(0, b.userRetryAfterSeconds("2001:db8::1", "user0"), "one guess per username");
  }
}
