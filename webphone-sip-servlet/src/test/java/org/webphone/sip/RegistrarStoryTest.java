package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.sip.container.SipContainer;
import org.webphone.sip.container.SipDigest;

/**
 * The registrar in the real SIP container (JAIN-SIP and the Mobicents core), driven by phones that
 * write their own bytes, on a clock the stories move by hand.
 */
class RegistrarStoryTest {
  private static final String DOMAIN = TestServer.DOMAIN;
  private static final MutableClock CLOCK = new MutableClock();
  private static TestServer server;
  private static SipContainer container;
  private static int port;

  private static String password(String user) {
    return TestServer.password(user);
  }

  @BeforeAll
  static void start() throws Exception {
    server =
        new TestServer(
            "registrar-test",
            CLOCK,
            0,
            "alice",
            "bob",
            "carol",
            "dave",
            "erin",
            "frank",
            "grace",
            "heidi");
    container = server.container;
    port = server.udpPort;
  }

  @AfterAll
  static void stop() {
    container.stop();
  }

  /**
   * Each story starts later than the last: nonces, throttling windows and short bindings have
   * ended.
   */
  @BeforeEach
  void laterThatDay() {
    CLOCK.advance(Duration.ofHours(3));
  }

  @Test
  void aliceIsChallengedThenRegistersWithHerPassword() throws IOException {
    try (UdpPhone alice = new UdpPhone("alice", DOMAIN, port)) {
      String challenge = alice.register("");
      assertEquals("SIP/2.0 401 Unauthorized", UdpPhone.statusLine(challenge));
      String wwwAuthenticate = UdpPhone.header(challenge, "WWW-Authenticate");
      assertNotNull(wwwAuthenticate);
      assertTrue(wwwAuthenticate.contains("qop=\"auth\""), wwwAuthenticate);

      String ok = alice.register(alice.authorization(wwwAuthenticate, "alice", password("alice")));

      assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(ok));
      assertEquals(
          List.of("<" + alice.contact() + ">;expires=3600"), UdpPhone.headers(ok, "Contact"));
    }
  }

  @Test
  void afterTheSipDomainChangesAliceRegistersAtTheNewDomainWithTheRealmHerAccountWasMadeWith()
      throws IOException {
    server.sipDomain.set("voice.example.test");
    try (UdpPhone alice = new UdpPhone("alice", "voice.example.test", port);
        UdpPhone stale = new UdpPhone("bob", DOMAIN, port);
        UdpPhone stranger = new UdpPhone("mallory", "voice.example.test", port)) {
      String challenge = UdpPhone.header(alice.register(""), "WWW-Authenticate");
      assertTrue(challenge.contains("realm=\"" + DOMAIN + "\""), challenge); // HA1 needs it
      String ok = alice.register(alice.authorization(challenge, "alice", password("alice")));
      assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(ok));
      assertEquals("SIP/2.0 404 Not our domain", UdpPhone.statusLine(stale.register("")));
      String unknown = UdpPhone.header(stranger.register(""), "WWW-Authenticate");
      assertTrue(unknown.contains("realm=\"voice.example.test\""), unknown);
    } finally {
      server.sipDomain.set(DOMAIN);
    }
  }

  @Test
  void answeredRegistrationsLeaveNoSessionBehind() throws IOException {
    try (UdpPhone alice = new UdpPhone("alice", DOMAIN, port)) {
      for (int i = 0; i < 20; i++) {
        assertEquals(
            "SIP/2.0 200 OK",
            UdpPhone.statusLine(alice.registerWithPassword(password("alice"), "")));
      }
    }
    // A leak here filled a 1 GB heap at a few hundred registrations per second. The servlet ends
    // the session just after sending its answer: allow it a moment.
    long deadline = System.nanoTime() + 2_000_000_000L;
    while ((container.activeApplicationSessions() > 0 || container.serverTransactions() > 0)
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(0, container.activeApplicationSessions());
    // Nor a server transaction holding its request for Timer J (32 s over UDP).
    assertEquals(0, container.serverTransactions());
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSameRefusal() throws IOException {
    String wrongPassword;
    String unknownUser;
    try (UdpPhone alice = new UdpPhone("alice", DOMAIN, port)) {
      wrongPassword = alice.registerWithPassword("guess", "");
    }
    try (UdpPhone mallory = new UdpPhone("mallory", DOMAIN, port)) {
      unknownUser = mallory.registerWithPassword("guess", "");
    }
    assertEquals("SIP/2.0 403 Authentication failed", UdpPhone.statusLine(wrongPassword));
    // Apart from what echoes the request (Via, From, To, Call-ID, CSeq), not a byte differs.
    assertEquals(ownPart(wrongPassword), ownPart(unknownUser));
  }

  private static List<String> ownPart(String response) {
    return response
        .lines()
        .filter(l -> !l.matches("(?i)(Via|From|To|Call-ID|CSeq):.*"))
        .collect(Collectors.toList());
  }

  @Test
  void aliceCannotRegisterBobsAddress() throws IOException {
    try (UdpPhone phone = new UdpPhone("bob", DOMAIN, port)) {
      String challenge = UdpPhone.header(phone.register(""), "WWW-Authenticate");
      String answer = phone.register(phone.authorization(challenge, "alice", password("alice")));
      assertEquals("SIP/2.0 403 Authentication failed", UdpPhone.statusLine(answer));
    }
  }

  @Test
  void aForgedNonceGetsNowhereButAFreshChallenge() throws IOException {
    try (UdpPhone alice = new UdpPhone("alice", DOMAIN, port)) {
      String forged = "Digest realm=\"" + DOMAIN + "\", nonce=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"";
      String answer = alice.register(alice.authorization(forged, "alice", password("alice")));
      // Not a failure to count against the source (it may be someone else's spoofed datagram).
      assertEquals("SIP/2.0 401 Unauthorized", UdpPhone.statusLine(answer));
      String fresh = UdpPhone.header(answer, "WWW-Authenticate");
      assertFalse(fresh.contains("AAAAAAAA"), fresh);
      assertEquals(
          "SIP/2.0 200 OK",
          UdpPhone.statusLine(
              alice.register(alice.authorization(fresh, "alice", password("alice")))));
    }
  }

  @Test
  void aReplayedNonceCountIsChallengedAgainAndARisingOneAccepted() throws IOException {
    try (UdpPhone bob = new UdpPhone("bob", DOMAIN, port)) {
      String challenge = UdpPhone.header(bob.register(""), "WWW-Authenticate");
      assertEquals(
          "SIP/2.0 200 OK",
          UdpPhone.statusLine(
              bob.register(bob.authorization(challenge, "bob", password("bob"), 1))));

      String replay = bob.register(bob.authorization(challenge, "bob", password("bob"), 1));
      assertEquals("SIP/2.0 401 Unauthorized", UdpPhone.statusLine(replay));
      assertTrue(UdpPhone.header(replay, "WWW-Authenticate").contains("stale=true"), replay);

      String next = bob.register(bob.authorization(challenge, "bob", password("bob"), 2));
      assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(next));
    }
  }

  @Test
  void anExpiredNonceIsStaleNotAFailure() throws IOException {
    try (UdpPhone bob = new UdpPhone("bob", DOMAIN, port)) {
      String challenge = UdpPhone.header(bob.register(""), "WWW-Authenticate");
      CLOCK.advance(Duration.ofMinutes(6));
      String stale = bob.register(bob.authorization(challenge, "bob", password("bob")));
      assertEquals("SIP/2.0 401 Unauthorized", UdpPhone.statusLine(stale));
      String fresh = UdpPhone.header(stale, "WWW-Authenticate");
      assertTrue(fresh.contains("stale=true"), fresh);
      assertNotEquals(challenge, fresh);
      assertEquals(
          "SIP/2.0 200 OK",
          UdpPhone.statusLine(bob.register(bob.authorization(fresh, "bob", password("bob")))));
    }
  }

  @Test
  void expiryComesFromTheContactThenTheHeaderAndIsBoundedBothWays() throws IOException {
    try (UdpPhone carol = new UdpPhone("carol", DOMAIN, port)) {
      String c = carol.contact();
      assertEquals(
          List.of("<" + c + ">;expires=120"),
          UdpPhone.headers(
              carol.registerWithPassword(
                  password("carol"),
                  "Expires: 300\r\n".replace("Expires: 300\r\n", "Expires: 120\r\n")),
              "Contact"));
      String tooBrief = carol.registerWithPassword(password("carol"), "Expires: 30\r\n");
      assertEquals("SIP/2.0 423 Interval Too Brief", UdpPhone.statusLine(tooBrief));
      assertEquals("60", UdpPhone.header(tooBrief, "Min-Expires"));

      String capped = carol.registerWithPassword(password("carol"), "Expires: 86400\r\n");
      assertEquals(List.of("<" + c + ">;expires=7200"), UdpPhone.headers(capped, "Contact"));

      String challenge =
          UdpPhone.header(
              carol.registerRaw("Contact: <" + c + ">;expires=90\r\nExpires: 600\r\n"),
              "WWW-Authenticate");
      String contactWins =
          carol.registerRaw(
              carol.authorization(challenge, "carol", password("carol"))
                  + "Contact: <"
                  + c
                  + ">;expires=90\r\nExpires: 600\r\n");
      assertEquals(List.of("<" + c + ">;expires=90"), UdpPhone.headers(contactWins, "Contact"));
    }
  }

  @Test
  void daveRegistersTwelveContactsOneByOneAndKeepsTheNewestTen() throws IOException {
    try (UdpPhone dave = new UdpPhone("dave", DOMAIN, port)) {
      register(dave, "dave", "Contact: *\r\nExpires: 0\r\n");
      String ok = null;
      for (int i = 1; i <= 12; i++) {
        ok = register(dave, "dave", "Contact: <sip:dave@192.0.2." + i + ":5060>;expires=600\r\n");
        assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(ok));
      }
      List<String> kept = UdpPhone.headers(ok, "Contact");
      assertEquals(10, kept.size(), "the default webphone.registrar.max-contacts: " + kept);
      assertTrue(
          kept.get(0).startsWith("<sip:dave@192.0.2.3:5060>"), "the oldest two went: " + kept);
      assertTrue(kept.get(9).startsWith("<sip:dave@192.0.2.12:5060>"), kept.toString());
      register(dave, "dave", "Contact: *\r\nExpires: 0\r\n");
    }
  }

  @Test
  void severalContactsAreKeptListedOnAQueryAndRemovedByTheWildcard() throws IOException {
    try (UdpPhone dave = new UdpPhone("dave", DOMAIN, port)) {
      String two = "Contact: <sip:dave@192.0.2.1:5060>, <sip:dave@192.0.2.2:5060>;expires=600\r\n";
      String challenge = UdpPhone.header(dave.registerRaw(two), "WWW-Authenticate");
      String ok = dave.registerRaw(dave.authorization(challenge, "dave", password("dave")) + two);
      assertEquals(
          List.of(
              "<sip:dave@192.0.2.1:5060>;expires=3600", "<sip:dave@192.0.2.2:5060>;expires=600"),
          UdpPhone.headers(ok, "Contact"));

      challenge = UdpPhone.header(dave.registerRaw(""), "WWW-Authenticate");
      String query = dave.registerRaw(dave.authorization(challenge, "dave", password("dave")));
      assertEquals(
          List.of(
              "<sip:dave@192.0.2.1:5060>;expires=3600", "<sip:dave@192.0.2.2:5060>;expires=600"),
          UdpPhone.headers(query, "Contact"),
          query);

      challenge = UdpPhone.header(dave.registerRaw("Contact: *\r\n"), "WWW-Authenticate");
      String badWildcard =
          dave.registerRaw(
              dave.authorization(challenge, "dave", password("dave")) + "Contact: *\r\n");
      assertEquals(400, Integer.parseInt(UdpPhone.statusLine(badWildcard).split(" ")[1]));

      challenge =
          UdpPhone.header(dave.registerRaw("Contact: *\r\nExpires: 0\r\n"), "WWW-Authenticate");
      String removed =
          dave.registerRaw(
              dave.authorization(challenge, "dave", password("dave"))
                  + "Contact: *\r\nExpires: 0\r\n");
      assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(removed));
      assertEquals(List.of(), UdpPhone.headers(removed, "Contact"));
    }
  }

  @Test
  void aRequestOutOfOrderInItsCallIdChangesNothing() throws IOException {
    try (UdpPhone erin = new UdpPhone("erin", DOMAIN, port)) {
      String contact = "Contact: <sip:erin@192.0.2.5:5060>;expires=600\r\n";
      String challenge = UdpPhone.header(erin.registerWithCseq(10, contact), "WWW-Authenticate");
      assertEquals(
          "SIP/2.0 200 OK",
          UdpPhone.statusLine(
              erin.registerWithCseq(
                  11, erin.authorization(challenge, "erin", password("erin"), 1) + contact)));

      String older = "Contact: <sip:erin@192.0.2.5:5060>;expires=0\r\n";
      String late =
          erin.registerWithCseq(
              5, erin.authorization(challenge, "erin", password("erin"), 2) + older);
      assertEquals("SIP/2.0 500 Out of order", UdpPhone.statusLine(late));

      String query =
          erin.registerWithCseq(12, erin.authorization(challenge, "erin", password("erin"), 3));
      assertEquals(
          List.of("<sip:erin@192.0.2.5:5060>;expires=600"), UdpPhone.headers(query, "Contact"));
    }
  }

  @Test
  void bindingsEndWhenTheirTimeIsUp() throws IOException {
    try (UdpPhone frank = new UdpPhone("frank", DOMAIN, port)) {
      frank.registerWithPassword(password("frank"), "Expires: 60\r\n");
      CLOCK.advance(Duration.ofSeconds(61));
      String challenge = UdpPhone.header(frank.registerRaw(""), "WWW-Authenticate");
      String query = frank.registerRaw(frank.authorization(challenge, "frank", password("frank")));
      assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(query));
      assertEquals(List.of(), UdpPhone.headers(query, "Contact"));
    }
  }

  @Test
  void aPhoneWithTheSameInstanceAndRegIdReplacesItsOldFlow() throws IOException {
    try (UdpPhone grace = new UdpPhone("grace", DOMAIN, port)) {
      String instance =
          ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1";
      String first = "Contact: <sip:grace@192.0.2.7:5060;transport=tcp>" + instance + "\r\n";
      String challenge = UdpPhone.header(grace.registerRaw(first), "WWW-Authenticate");
      grace.registerRaw(grace.authorization(challenge, "grace", password("grace"), 1) + first);

      String second = "Contact: <sip:grace@192.0.2.8:6060;transport=tcp>" + instance + "\r\n";
      String ok =
          grace.registerRaw(grace.authorization(challenge, "grace", password("grace"), 2) + second);
      // RFC 5626 §6: the answer carries the instance and reg-id the registrar honoured.
      assertEquals(
          List.of("<sip:grace@192.0.2.8:6060;transport=tcp>;expires=3600" + instance),
          UdpPhone.headers(ok, "Contact"));
    }
  }

  @Test
  void aPasswordGuesserIsThrottledWhileTheRightPasswordFromElsewhereRegisters() throws IOException {
    try (UdpPhone guesser = new UdpPhone("heidi", DOMAIN, port, "127.0.0.3");
        UdpPhone heidi = new UdpPhone("heidi", DOMAIN, port, "127.0.0.4")) {
      for (int i = 0; i < 5; i++) {
        assertEquals(
            "SIP/2.0 403 Authentication failed",
            UdpPhone.statusLine(guesser.registerWithPassword("guess" + i, "")));
      }
      String throttled = guesser.register("");
      assertEquals("SIP/2.0 503 Service Unavailable", UdpPhone.statusLine(throttled));
      long retryAfter = Long.parseLong(UdpPhone.header(throttled, "Retry-After"));
      assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);

      assertEquals(
          "SIP/2.0 200 OK", UdpPhone.statusLine(heidi.registerWithPassword(password("heidi"), "")));

      CLOCK.advance(Duration.ofSeconds(retryAfter));
      assertEquals(
          "SIP/2.0 200 OK",
          UdpPhone.statusLine(guesser.registerWithPassword(password("heidi"), "")));
    }
  }

  @Test
  void malloryWhoSpoofsCarolsAddressCannotSpendHerFailuresWithNoncesSheWasNeverGiven()
      throws IOException {
    try (UdpPhone mallory = new UdpPhone("carol", DOMAIN, port, "127.0.0.5");
        UdpPhone carol = new UdpPhone("carol", DOMAIN, port, "127.0.0.6")) {
      // Mallory holds a nonce issued to her own address and sends from Carol's (her datagrams
      // claim Carol's source; here she simply has Carol's socket send them).
      String malloryNonce = UdpPhone.header(mallory.register(""), "WWW-Authenticate");
      for (int i = 0; i < 10; i++) {
        String answer = carol.register(carol.authorization(malloryNonce, "carol", "guess" + i));
        assertEquals(
            "SIP/2.0 401 Unauthorized",
            UdpPhone.statusLine(answer),
            "a nonce not issued to this address is challenged afresh, not counted");
      }
      assertEquals(
          "SIP/2.0 200 OK", UdpPhone.statusLine(carol.registerWithPassword(password("carol"), "")));
    }
  }

  @Test
  void aSprayOfWrongPasswordsFromOneAddressDoesNotLockOutTheRightPasswordFromIt()
      throws IOException {
    try (UdpPhone frank = new UdpPhone("frank", DOMAIN, port, "127.0.0.7")) {
      // 50 failures (webphone.registrar.auth-failures-per-address) for many names, 4 each at most.
      for (int i = 0; i < 50; i++) {
        try (UdpPhone sprayer = new UdpPhone("ghost" + i / 4, DOMAIN, port, "127.0.0.7")) {
          assertEquals(
              "SIP/2.0 403 Authentication failed",
              UdpPhone.statusLine(sprayer.registerWithPassword("guess" + i, "")));
        }
      }
      assertEquals(
          "SIP/2.0 503 Service Unavailable",
          UdpPhone.statusLine(frank.registerWithPassword("wrong", "")),
          "a wrong password from the address is refused");
      assertEquals(
          "SIP/2.0 200 OK",
          UdpPhone.statusLine(frank.registerWithPassword(password("frank"), "")),
          "the right one still gets in");
    }
  }

  @Test
  void credentialsComputedForAnotherRequestUriAreRefused() throws IOException {
    try (UdpPhone grace = new UdpPhone("grace", DOMAIN, port)) {
      String challenge = UdpPhone.header(grace.register(""), "WWW-Authenticate");
      String elsewhere =
          SipDigest.authorization(
              "REGISTER", "sip:elsewhere.example", challenge, "grace", password("grace"), 1);
      assertEquals(
          "SIP/2.0 403 Authentication failed", UdpPhone.statusLine(grace.register(elsewhere)));
      // RFC 3261 §19.1.4: the same URI written differently is the same URI.
      String sameUri =
          SipDigest.authorization(
              "REGISTER", "sip:" + DOMAIN.toUpperCase(), challenge, "grace", password("grace"), 2);
      assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(grace.register(sameUri)));
    }
  }

  @Test
  void aContactAtTheCloudMetadataAddressOrByHostNameIsRefusedAndNothingIsStored()
      throws IOException {
    try (UdpPhone erin = new UdpPhone("erin", DOMAIN, port)) {
      for (String contact : List.of("sip:erin@169.254.169.254:80", "sip:erin@intranet.example")) {
        String answer = register(erin, "erin", "Contact: <" + contact + ">;expires=600\r\n");
        assertEquals(403, Integer.parseInt(UdpPhone.statusLine(answer).split(" ")[1]), answer);
      }
      String query = register(erin, "erin", "");
      assertTrue(
          UdpPhone.headers(query, "Contact").stream().noneMatch(c -> c.contains("169.254")), query);
    }
  }

  /** One REGISTER with {@code headers}, answered to its challenge with the user's password. */
  private static String register(UdpPhone phone, String user, String headers) throws IOException {
    String challenge = UdpPhone.header(phone.registerRaw(headers), "WWW-Authenticate");
    return phone.registerRaw(phone.authorization(challenge, user, password(user)) + headers);
  }
}
