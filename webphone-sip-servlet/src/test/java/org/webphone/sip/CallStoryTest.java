package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.history.CallRecord;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.history.CallRecord.Side;
import org.webphone.sip.container.TestPorts;

/**
 * Calls through the B2BUA between SIPp phones over UDP: alice calls bob, and bob's registered
 * phones ring; the server answers the caller as RFC 3261 expects for each way a call goes. Bob's
 * phones are SIPp in UAS mode; their contacts are registered for them (third-party REGISTER).
 */
class CallStoryTest {
  private static final String DOMAIN = TestServer.DOMAIN;
  private static final Duration NO_ANSWER = Duration.ofSeconds(3);
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer("call-test", new MutableClock(), 0, NO_ANSWER, "alice", "bob", "carol");
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void noRecordsYet() {
    server.callRecords.clear();
    server.recordWriters.clear();
    server.acks.clear();
  }

  /** The one detail record the call left, checked for what every record must hold. */
  private static CallRecord theRecord(String callee, Disposition disposition, Side hungUpBy)
      throws InterruptedException {
    CallRecord r = server.callRecords.poll(5, TimeUnit.SECONDS);
    assertNotNull(r, "no call record");
    assertEquals(TestServer.CUSTOMER, r.getCustomerId());
    assertEquals("alice", r.getCaller());
    assertEquals(callee, r.getCallee());
    assertEquals(disposition, r.getDisposition());
    assertEquals(hungUpBy, r.getHungUpBy());
    assertFalse(r.getCallId().isBlank());
    assertFalse(r.getEndedAt().isBefore(r.getStartedAt()));
    if (disposition == Disposition.ANSWERED || disposition == Disposition.TRANSFERRED) {
      assertNotNull(r.getAnsweredAt());
      assertFalse(r.getAnsweredAt().isBefore(r.getStartedAt()));
      assertFalse(r.getEndedAt().isBefore(r.getAnsweredAt()));
    } else {
      assertNull(r.getAnsweredAt());
      assertEquals(0, r.getDurationSeconds());
    }
    return r;
  }

  @AfterEach
  void theCallLeavesNoSessionBehind() {
    CallStories.assertNoSessionLeft(server);
  }

  @AfterEach
  void bobAndCarolUnregister() throws Exception {
    CallStories.unregister(server, "bob");
    CallStories.unregister(server, "carol");
  }

  private static void registerBobAt(int port) throws Exception {
    CallStories.registerAt(server, "bob", port);
  }

  private static void registerAt(String user, int port) throws Exception {
    CallStories.registerAt(server, user, port);
  }

  private static Sipp aliceCalls(String scenario, String callee) throws Exception {
    return CallStories.aliceCalls(server, scenario, callee);
  }

  private static void assertPassed(Sipp sipp) throws Exception {
    CallStories.assertPassed(sipp);
  }

  @Test
  void aliceCallsBobWhoAnswersThenAliceHangsUp() throws Exception {
    int port = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee", port, server.udpPort);
    registerBobAt(port);

    Sipp alice = aliceCalls("caller", "bob");

    assertPassed(alice);
    assertPassed(bob);
    String heard = alice.messages();
    assertTrue(heard.contains("SIP/2.0 407 "), "alice was challenged first");
    assertTrue(heard.contains("SIP/2.0 180 "), "alice heard it ring");
    // Bob's answer reached alice through the B2BUA: his SDP, in a 200 of her own dialog.
    assertTrue(heard.contains("o=- 2 2 IN IP4"), heard);
    theRecord("bob", Disposition.ANSWERED, Side.CALLER);
  }

  @Test
  void aliceWhoClaimsToBeTheCeoReachesBobAsHerAccountWithNothingHisPhoneWouldFetch()
      throws Exception {
    int port = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee", port, server.udpPort);
    registerBobAt(port);

    Sipp alice = aliceCalls("caller-spoofs", "bob");

    assertPassed(alice);
    assertPassed(bob);
    String invite = firstInvite(bob.messages());
    assertTrue(
        invite.contains("\nFrom: \"Alice Example\" <sip:alice@" + TestServer.DOMAIN + ">;tag="),
        invite);
    for (String dropped :
        List.of(
            "CEO",
            "P-Asserted-Identity",
            "Remote-Party-ID",
            "P-Preferred-Identity",
            "Diversion",
            "History-Info",
            "Alert-Info",
            "Call-Info",
            "169.254.169.254",
            "X-Evil")) {
      assertFalse(invite.contains(dropped), dropped + " crossed the B2BUA:\n" + invite);
    }
    assertTrue(invite.contains("\nSubject: Quarterly numbers"), "allowed headers cross: " + invite);
    theRecord("bob", Disposition.ANSWERED, Side.CALLER);
  }

  @Test
  void aliceWhoAsksForPrivacyReachesBobAnonymously() throws Exception {
    int port = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee", port, server.udpPort);
    registerBobAt(port);

    Sipp alice = aliceCalls("caller-private", "bob");

    assertPassed(alice);
    assertPassed(bob);
    String invite = firstInvite(bob.messages());
    assertTrue(
        invite.contains("\nFrom: \"Anonymous\" <sip:anonymous@anonymous.invalid>;tag="), invite);
    assertFalse(invite.contains("alice"), "nothing names alice: " + invite);
    theRecord("bob", Disposition.ANSWERED, Side.CALLER);
  }

  /** The first INVITE in a SIPp message log, as the phone received it. */
  private static String firstInvite(String messages) {
    int start = messages.indexOf("INVITE sip:");
    assertTrue(start >= 0, "no INVITE reached the phone: " + messages);
    int end = messages.indexOf("\n\n", start);
    return messages.substring(start, end < 0 ? messages.length() : end);
  }

  @Test
  void aliceOffersLateBobOffersInHis200AndAlicesAnswerReachesHimInTheAck() throws Exception {
    int port = TestPorts.freeUdp();
    // Bob's phone checks that the INVITE came without a body and that the ACK carries the answer.
    Sipp bob = Sipp.start("callee-late-offer", port, server.udpPort);
    registerBobAt(port);

    // Alice's phone checks that bob's offer arrived in the 200.
    Sipp alice = aliceCalls("caller-late-offer", "bob");

    assertPassed(alice);
    assertPassed(bob);
    theRecord("bob", Disposition.ANSWERED, Side.CALLER);
  }

  @Test
  void alicePutsBobOnHoldResumesAndSendsADigitAndBobsPhoneSeesEachOne() throws Exception {
    int port = TestPorts.freeUdp();
    // Bob's phone checks each relayed re-INVITE's direction (sendonly, then sendrecv) and the
    // DTMF digit in the INFO; alice's checks the direction in each relayed answer.
    Sipp bob = Sipp.start("callee-held", port, server.udpPort);
    registerBobAt(port);

    Sipp alice = aliceCalls("caller-holds", "bob");

    assertPassed(alice);
    assertPassed(bob);
    theRecord("bob", Disposition.ANSWERED, Side.CALLER);
  }

  @Test
  void alicesPhoneStopsRefreshingTheSessionAndTheServerEndsTheCallForBoth() throws Exception {
    int port = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee", port, server.udpPort);
    registerBobAt(port);

    // Alice asks for a 6 s session timer, is named the refresher, and then never refreshes.
    Sipp alice = aliceCalls("caller-stops-refreshing", "bob");
    // RFC 4028 §10: the server gives up at the interval less a third of it (less 32 s at most).
    Duration expiry = Duration.ofSeconds(4);
    server.time.awaitDue(expiry, WAIT);
    // The B2BUA has alice's ACK: the call is up on both sides (before it, no BYE may go to her).
    assertNotNull(server.acks.poll(WAIT.toSeconds(), TimeUnit.SECONDS), "alice's ACK");
    server.time.advance(expiry.minusMillis(1));
    assertEquals(1, server.calls.activeCalls(), "still up a moment before");
    server.time.advance(Duration.ofMillis(1));

    assertPassed(alice); // it got the server's BYE
    assertPassed(bob); // and so did bob's phone
    CallRecord r = theRecord("bob", Disposition.ANSWERED, Side.SYSTEM);
    assertEquals(expiry, Duration.between(r.getAnsweredAt(), r.getEndedAt()));
  }

  @Test
  void withoutTimersOnAlicesPhoneTheServerRefreshesBothLegsAndEndsTheCallBobsPhoneLost()
      throws Exception {
    int port = TestPorts.freeUdp();
    // Bob's phone answers the first refresh and then no longer knows the call (481).
    Sipp bob = Sipp.start("callee-loses-call", port, server.udpPort);
    registerBobAt(port);

    // The one story of the server's own refreshes on the wall clock, end to end: each UPDATE and
    // its answer cross the network before the next is due.
    try (AutoCloseable wall = server.time.followWallClock()) {
      Sipp alice = aliceCalls("caller-without-timers", "bob");
      assertPassed(alice);
      assertPassed(bob);
      storyOfTheServersRefreshes(alice, bob);
    }
  }

  private static void storyOfTheServersRefreshes(Sipp alice, Sipp bob) throws Exception {
    // RFC 4028 §7.4: the server is the refresher, with UPDATEs naming itself (refresher=uac).
    assertTrue(alice.messages().contains("UPDATE sip:alice@"), alice.messages());
    assertTrue(bob.messages().contains("Session-Expires: 2;refresher=uac"), bob.messages());
    assertTrue(alice.messages().contains("BYE sip:alice@"), "alice's leg is ended too");
    theRecord("bob", Disposition.ANSWERED, Side.SYSTEM);
  }

  @Test
  void aliceTransfersBobToCarolBlindAndLeavesBobAndCarolTalkUntilBobHangsUp() throws Exception {
    int bobPort = TestPorts.freeUdp();
    int carolPort = TestPorts.freeUdp();
    // Bob's phone answers, then takes carol's offer in a re-INVITE, and hangs up at the end.
    Sipp bob = Sipp.start("callee-transferred", bobPort, server.udpPort);
    registerBobAt(bobPort);
    // Carol's phone is called without an offer, offers in its 200, gets bob's answer in the ACK.
    Sipp carol = Sipp.start("callee-late-offer", carolPort, server.udpPort);
    registerAt("carol", carolPort);

    // Alice calls bob, REFERs him to carol, hears the progress in NOTIFYs, and is hung up on.
    Sipp alice = aliceCalls("caller-transfers", "bob");

    assertPassed(alice);
    assertPassed(carol);
    assertPassed(bob);
    CallRecord first = theRecord("bob", Disposition.TRANSFERRED, Side.CALLER);
    CallRecord next = server.callRecords.poll(5, TimeUnit.SECONDS);
    assertNotNull(next, "the transferred call has a record of its own");
    assertEquals("bob", next.getCaller());
    assertEquals("carol", next.getCallee());
    assertEquals(Disposition.ANSWERED, next.getDisposition());
    assertEquals(Side.CALLER, next.getHungUpBy(), "bob hung up");
    assertFalse(next.getStartedAt().isBefore(first.getEndedAt()));
    assertNotNull(next.getAnsweredAt());
  }

  @Test
  void aliceAsksForTooShortASessionIntervalAndHears422WithTheServersMinimum() throws Exception {
    Sipp alice = aliceCalls("caller-asks-too-short-timer", "bob");

    assertPassed(alice); // 422 with a Min-SE (RFC 4028 §8.1.1), checked by the scenario
    assertTrue(alice.messages().contains("\r\nMin-SE: 2\r\n"), "the server's minimum, 2 s here");
    CallStories.assertNothingRecorded(server, "nothing rang, nothing to record");
  }

  @Test
  void aliceCallsBobByHisExtension() throws Exception {
    int port = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee", port, server.udpPort);
    registerBobAt(port);

    Sipp alice = aliceCalls("caller", "1001");

    assertPassed(alice);
    assertPassed(bob);
    theRecord("bob", Disposition.ANSWERED, Side.CALLER);
  }

  @Test
  void aNameNobodyHasGets404() throws Exception {
    Sipp alice = aliceCalls("caller", "nobody");
    assertPassed(alice);
    assertTrue(alice.messages().contains("SIP/2.0 404 "), alice.messages());
    theRecord("nobody", Disposition.NOT_FOUND, null);
  }

  @Test
  void carolWithNoPhoneRegisteredGets480() throws Exception {
    Sipp alice = aliceCalls("caller", "carol");
    assertPassed(alice);
    assertTrue(alice.messages().contains("SIP/2.0 480 "), alice.messages());
    theRecord("carol", Disposition.UNAVAILABLE, null);
  }

  @Test
  void aBusyPhoneMakesTheCallerHear486() throws Exception {
    int port = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee-refuses", port, server.udpPort);
    registerBobAt(port);

    Sipp alice = aliceCalls("caller", "bob");

    assertPassed(alice);
    assertPassed(bob);
    assertTrue(alice.messages().contains("SIP/2.0 486 "), alice.messages());
    theRecord("bob", Disposition.BUSY, Side.CALLEE);
  }

  @Test
  void aliceHangsUpWhileItRingsAndBobsPhoneIsCancelled() throws Exception {
    int port = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee-refuses", port, server.udpPort);
    registerBobAt(port);

    Sipp alice = aliceCalls("caller-cancels", "bob");

    assertPassed(alice);
    assertPassed(bob);
    assertTrue(bob.messages().contains("CANCEL sip:bob@127.0.0.1"), bob.messages());
    theRecord("bob", Disposition.CANCELLED, Side.CALLER);
    // The record was durable before alice heard the call end: the container answers the CANCEL
    // and sends the 487 before it calls doCancel (Mobicents' CancelRequestDispatcher), so a record
    // written from there would follow the 487, and a crash between them would lose it.
    StackTraceElement[] writer = server.recordWriters.poll();
    assertNotNull(writer);
    assertTrue(
        Arrays.stream(writer).noneMatch(f -> f.getClassName().contains("CancelRequestDispatcher")),
        () -> "the record was written after the 487, from: " + Arrays.toString(writer));
  }

  @Test
  void bothOfBobsPhonesRingTheFirstToAnswerWinsAndTheOtherIsCancelled() throws Exception {
    int answering = TestPorts.freeUdp();
    int ringing = TestPorts.freeUdp();
    Sipp desk = Sipp.start("callee", answering, server.udpPort);
    Sipp mobile = Sipp.start("callee-refuses", ringing, server.udpPort);
    registerBobAt(answering);
    registerBobAt(ringing);

    Sipp alice = aliceCalls("caller", "bob");

    assertPassed(alice);
    assertPassed(desk);
    assertPassed(mobile);
    assertTrue(mobile.messages().contains("CANCEL sip:bob@127.0.0.1"), mobile.messages());
    theRecord("bob", Disposition.ANSWERED, Side.CALLER);
    CallStories.assertNothingRecorded(server, "one call, one record, however many phones rang");
  }

  @Test
  void nobodyAnswersWithinTheTimeoutAndTheCallerHears480() throws Exception {
    int port = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee-rings", port, server.udpPort);
    registerBobAt(port);

    Sipp alice = aliceCalls("caller", "bob");
    server.time.awaitDue(NO_ANSWER, WAIT); // routed: the no-answer time starts
    // ...and bob's phone rings: a CANCEL may only follow a provisional answer (RFC 3261 §9.1), and
    // on a cold server the 180 can still be on its way when the story moves time on.
    alice.awaitMessage("SIP/2.0 180 ", WAIT);
    server.time.advance(NO_ANSWER.minusMillis(1));
    assertEquals(1, server.calls.activeCalls(), "still ringing a moment before the timeout");
    server.time.advance(Duration.ofMillis(1));

    assertPassed(alice);
    assertTrue(alice.messages().contains("SIP/2.0 480 "), alice.messages());
    assertPassed(bob);
    assertTrue(bob.messages().contains("CANCEL sip:bob@127.0.0.1"), bob.messages());
    CallRecord r = theRecord("bob", Disposition.NO_ANSWER, Side.SYSTEM);
    assertEquals(NO_ANSWER, Duration.between(r.getStartedAt(), r.getEndedAt()));
  }
}
