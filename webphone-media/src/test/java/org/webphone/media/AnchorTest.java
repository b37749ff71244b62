package org.webphone.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.media.sdp.WebRtcSdp;

/**
 * Two browsers in a call through the anchor, the way the call servlet passes their SDP: each sees
 * only the anchor's transport, ICE and DTLS run per leg, and RTP crosses both ways re-encrypted;
 * hold, an early answer repeated in the 2xx, an ICE restart and a fork that never answered keep
 * working, and hanging up frees every leg, for good: SDP that crosses the call's end opens nothing.
 */
class AnchorTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private MediaService media;
  private Anchor<String> anchor;
  private int port;

  @BeforeEach
  void start() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    media = new MediaService(new MediaConfig("127.0.0.1", port, null, 4, Duration.ofSeconds(10)));
    anchor = new Anchor<>(media);
  }

  @AfterEach
  void stop() {
    media.close();
    pool.shutdownNow();
  }

  @Test
  void aliceCallsBobThroughTheAnchorAndBothHearEachOtherOnHoldAndAfter() throws Exception {
    try (FakeBrowser alice = new FakeBrowser(0xA11CE, pool);
        FakeBrowser bob = new FakeBrowser(0xB0B, pool)) {
      String toBob = anchor.pass("alice", "bob", alice.offer("sendrecv"));
      assertTrue(toBob.contains("a=ice-lite\r\n"), toBob);
      assertTrue(toBob.contains("a=setup:actpass\r\n"), "our first offer lets bob choose");
      assertTrue(toBob.contains(" 127.0.0.1 " + port + " typ host"), "our candidate only");
      assertTrue(toBob.contains("m=audio " + port + " UDP/TLS/RTP/SAVPF 111 0 8 126\r\n"), toBob);
      assertFalse(toBob.contains("G722") || toBob.contains("red/") || toBob.contains("a=fmtp:63"));
      // Unsignalled: what bob hears is whichever leg is joined to his, and changes with a transfer.
      assertFalse(toBob.contains("a=ssrc:"), "no SSRC is promised: " + toBob);
      assertTrue(toBob.contains("a=fingerprint:sha-256 " + media.identity().fingerprint()));

      String bobsAnswer = bob.answer(toBob, "sendrecv");
      String toAlice = anchor.pass("bob", "alice", bobsAnswer);
      assertTrue(toAlice.contains("a=setup:passive\r\n"), "we are alice's DTLS server");
      assertEquals(toAlice, anchor.pass("bob", "alice", bobsAnswer), "the 2xx repeats the 18x");
      alice.answered(toAlice);

      alice.connect().get(15, TimeUnit.SECONDS);
      bob.connect().get(15, TimeUnit.SECONDS);
      talk(alice, bob);

      // Alice holds (RFC 3264 §8.4): a re-offer on the same association, relayed to bob.
      String hold = anchor.pass("alice", "bob", alice.offer("sendonly"));
      assertTrue(hold.contains("a=sendonly\r\n"));
      assertTrue(hold.contains("a=setup:passive\r\n"), "a re-offer keeps our role (RFC 8842)");
      alice.answered(anchor.pass("bob", "alice", bob.answer(hold, "recvonly")));
      byte[] said = alice.speak();
      assertTrue(bob.heard(said, WAIT), "the relay carried on");

      assertEquals(2, anchor.legs());
      anchor.release(List.of("alice", "bob"));
      assertEquals(0, anchor.legs(), "hanging up frees both legs");
      alice.speak();
      assertEquals(null, bob.hear(Duration.ofMillis(300)), "nothing is relayed after hang-up");
    }
  }

  @Test
  void aBrowserThatRestartsIceKeepsTalkingOnItsDtlsAssociation() throws Exception {
    try (FakeBrowser alice = new FakeBrowser(0xA11CE, pool);
        FakeBrowser bob = new FakeBrowser(0xB0B, pool)) {
      String toBob = anchor.pass("alice", "bob", alice.offer("sendrecv"));
      String first = anchor.pass("bob", "alice", bob.answer(toBob, "sendrecv"));
      alice.answered(first);
      alice.connect().get(15, TimeUnit.SECONDS);
      bob.connect().get(15, TimeUnit.SECONDS);
      talk(alice, bob);
      MediaRelay relay = anchor.relayOf("alice");
      assertNotNull(relay, "the legs are joined");

      alice.restartIce(); // a network change: new credentials, new candidate
      String reoffer = anchor.pass("alice", "bob", alice.offer("sendrecv"));
      String again = anchor.pass("bob", "alice", bob.answer(reoffer, "sendrecv"));
      assertNotEquals(ufrag(first), ufrag(again), "a restart is answered with new credentials");
      assertEquals(ufrag(toBob), ufrag(reoffer), "bob's leg did not restart");
      alice.answered(again);
      alice.connect().get(15, TimeUnit.SECONDS);
      talk(alice, bob);
      assertTrue(relay == anchor.relayOf("alice"), "same keys, same relay: no new DTLS");
      anchor.release(List.of("alice", "bob"));
    }
  }

  @Test
  void theForkThatDidNotAnswerIsLetGoAndTheOneThatDidTalks() throws Exception {
    try (FakeBrowser alice = new FakeBrowser(0xA11CE, pool);
        FakeBrowser bobLaptop = new FakeBrowser(0xB0B2, pool)) {
      String offer = alice.offer("sendrecv");
      anchor.pass("alice", "desk", offer); // bob's desk phone rings, unanswered
      String toLaptop = anchor.pass("alice", "laptop", offer);
      assertEquals(3, anchor.legs());
      alice.answered(anchor.pass("laptop", "alice", bobLaptop.answer(toLaptop, "sendrecv")));
      anchor.release(List.of("desk")); // cancelled: another phone answered
      assertEquals(2, anchor.legs());
      alice.connect().get(15, TimeUnit.SECONDS);
      bobLaptop.connect().get(15, TimeUnit.SECONDS);
      talk(alice, bobLaptop);
      anchor.release(List.of("alice", "laptop"));
      assertEquals(0, anchor.legs());
    }
  }

  @Test
  void bobTransfersAliceBlindToCarolWhoGetsOurOfferAndAliceHearsHerWithoutAWordToHerBrowser()
      throws Exception {
    try (FakeBrowser alice = new FakeBrowser(0xA11CE, pool);
        FakeBrowser bob = new FakeBrowser(0xB0B, pool);
        FakeBrowser carol = new FakeBrowser(0xCA201, pool)) {
      call(alice, "alice", bob, "bob");
      String toCarol = anchor.offerFor("alice", "carol");
      assertTrue(toCarol.contains("a=sendrecv\r\n"), "alice's stream, as carol will hear it");
      assertFalse(toCarol.contains("a=ssrc:"), "whose SSRC it is, is not promised");
      assertTrue(toCarol.contains("a=setup:actpass\r\n"), "a new leg: carol chooses");
      anchor.answered("carol", "alice", carol.answer(toCarol, "sendrecv"));
      anchor.release(List.of("bob"));
      carol.connect().get(15, TimeUnit.SECONDS);
      talk(alice, carol);
      assertEquals(2, anchor.legs());
      anchor.release(List.of("alice", "carol"));
      assertEquals(0, anchor.legs());
    }
  }

  @Test
  void anAttendedTransferJoinsTwoSecureLegsOfTwoCallsAsTheyAre() throws Exception {
    try (FakeBrowser alice = new FakeBrowser(0xA11CE, pool);
        FakeBrowser bob = new FakeBrowser(0xB0B, pool);
        FakeBrowser bobAgain = new FakeBrowser(0xB0B2, pool);
        FakeBrowser carol = new FakeBrowser(0xCA201, pool)) {
      call(alice, "alice", bob, "bob");
      call(bobAgain, "bob-consults", carol, "carol");
      assertFalse(anchor.join("alice", "nobody"), "only anchored legs are joined");
      assertTrue(anchor.join("alice", "carol"));
      anchor.release(List.of("bob", "bob-consults"));
      talk(alice, carol);
      assertEquals(2, anchor.legs());
      anchor.release(List.of("alice", "carol"));
      assertEquals(0, anchor.legs());
    }
  }

  /** {@code caller} calls {@code callee} through the anchor; both talk. */
  private void call(FakeBrowser caller, String callerLeg, FakeBrowser callee, String calleeLeg)
      throws Exception {
    String offer = anchor.pass(callerLeg, calleeLeg, caller.offer("sendrecv"));
    caller.answered(anchor.pass(calleeLeg, callerLeg, callee.answer(offer, "sendrecv")));
    caller.connect().get(15, TimeUnit.SECONDS);
    callee.connect().get(15, TimeUnit.SECONDS);
    talk(caller, callee);
  }

  @Test
  void aBrowserThatNeverChecksFailsItsLegAfterTheHandshakeTimeAndTheAnchorSaysWhich()
      throws Exception {
    int quickPort;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      quickPort = s.getLocalPort();
    }
    BlockingQueue<String> failed = new LinkedBlockingQueue<>();
    MediaService quick =
        new MediaService(new MediaConfig("127.0.0.1", quickPort, null, 2, Duration.ofMillis(500)));
    try (FakeBrowser alice = new FakeBrowser(0xA11CE, pool);
        FakeBrowser bob = new FakeBrowser(0xB0B, pool)) {
      Anchor<String> failing =
          new Anchor<>(quick, (leg, reason) -> failed.add(leg + ": " + reason));
      String toBob = failing.pass("alice", "bob", alice.offer("sendrecv"));
      alice.answered(failing.pass("bob", "alice", bob.answer(toBob, "sendrecv")));
      bob.connect().get(15, TimeUnit.SECONDS); // bob's leg works; alice's browser stays silent
      assertEquals(
          "alice: ICE or DTLS did not complete in time", failed.poll(10, TimeUnit.SECONDS));
      assertEquals(null, failed.poll(200, TimeUnit.MILLISECONDS), "bob's leg did not fail");
      failing.release(List.of("alice", "bob"));
      assertEquals(0, failing.legs());
    } finally {
      quick.close();
    }
  }

  @Test
  void aBrowserWhoseNetworkBlocksUdpTalksOverOurTcpCandidate() throws Exception {
    int udp;
    int tcp;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        java.net.ServerSocket t =
            new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      udp = s.getLocalPort();
      tcp = t.getLocalPort();
    }
    MediaService both =
        new MediaService(
            new MediaConfig(
                "127.0.0.1",
                udp,
                null,
                2,
                Duration.ofSeconds(10),
                1 << 20,
                tcp,
                MediaConfig.DEFAULT_RTP_PORT_MIN,
                MediaConfig.DEFAULT_RTP_PORT_MAX,
                MediaConfig.DEFAULT_SILENCE_TIMEOUT));
    try (TcpBrowser alice = new TcpBrowser(0xA11CE, pool);
        FakeBrowser bob = new FakeBrowser(0xB0B, pool)) {
      Anchor<String> anchored = new Anchor<>(both);
      String toBob = anchored.pass("alice", "bob", alice.offer());
      String toAlice = anchored.pass("bob", "alice", bob.answer(toBob, "sendrecv"));
      assertTrue(toAlice.contains(" 1 tcp "), toAlice);
      assertTrue(toBob.indexOf("typ host tcptype passive") > toBob.indexOf(" udp "), "UDP first");
      bob.connect().get(15, TimeUnit.SECONDS);
      alice.connect(toAlice);
      long deadline = System.nanoTime() + WAIT.toNanos();
      byte[] heard = null;
      while (heard == null && System.nanoTime() < deadline) {
        alice.speak();
        heard = bob.hear(Duration.ofMillis(50));
      }
      assertTrue(heard != null, "alice's audio crossed from TCP to bob's UDP");
      for (int i = 0; i < 10; i++) {
        assertTrue(bob.heard(alice.speak(), WAIT), "alice → bob over TCP");
        assertTrue(alice.heard(bob.speak(), WAIT), "bob → alice over TCP");
      }
      anchored.release(List.of("alice", "bob"));
      assertEquals(0, anchored.legs());
    } finally {
      both.close();
    }
  }

  @Test
  void sdpThatCrossesTheCallsEndAnchorsNothingAndTheAnchorForgetsTheLegsLater() throws Exception {
    AtomicLong now = new AtomicLong();
    media.close();
    media =
        new MediaService(
            new MediaConfig("127.0.0.1", port, null, 4, Duration.ofSeconds(10)), now::get);
    anchor = new Anchor<>(media);
    try (FakeBrowser alice = new FakeBrowser(0xA11CE, pool);
        FakeBrowser bob = new FakeBrowser(0xB0B, pool)) {
      String toBob = anchor.pass("alice", "bob", alice.offer("sendrecv"));
      alice.answered(anchor.pass("bob", "alice", bob.answer(toBob, "sendrecv")));
      assertEquals(2, anchor.legs());

      // Alice hangs up while bob's answer to her resume is still on its way: the call's legs go.
      anchor.release(List.of("alice", "bob"));
      assertEquals(0, anchor.legs());
      NotAcceptableException late =
          assertThrows(
              NotAcceptableException.class,
              () -> anchor.pass("bob", "alice", bob.answer(toBob, "sendrecv")));
      assertEquals("The call has ended", late.getMessage());
      assertThrows(
          NotAcceptableException.class,
          () -> anchor.pass("alice", "bob", alice.offer("sendonly")),
          "nor does a re-offer that crossed the BYE");
      assertThrows(
          NotAcceptableException.class,
          () -> anchor.offerFor("alice", "carol"),
          "nor a transfer of the ended call");
      assertEquals(0, anchor.legs(), "nothing was opened for them");

      // Long after, another call's end forgets them: what the anchor remembers stays bounded.
      now.addAndGet(Anchor.RELEASED_KEPT.toNanos());
      anchor.release(List.of("someone else"));
      anchor.pass("alice", "bob", alice.offer("sendrecv"));
      assertEquals(2, anchor.legs(), "the same names are a new call now");
      anchor.release(List.of("alice", "bob"));
      assertEquals(0, anchor.legs());
    }
  }

  @Test
  void anOfferWithNoCodecWeRelayIsNotAcceptableAndHoldsNothing() throws Exception {
    try (FakeBrowser alice = new FakeBrowser(0xA11CE, pool)) {
      String g722Only =
          alice
              .offer("sendrecv")
              .replace(" 111 63 9 0 8 13 126\r\n", " 9 13\r\n")
              .replace("a=rtpmap:0 PCMU/8000\r\n", "");
      NotAcceptableException e =
          assertThrows(NotAcceptableException.class, () -> anchor.pass("alice", "bob", g722Only));
      assertEquals("No common codec (Opus, PCMU or PCMA)", e.getMessage());
      anchor.release(List.of("alice", "bob"));
      assertEquals(0, anchor.legs());
    }
  }

  /**
   * Ten packets each way, each arriving intact at the other browser, once each way is open: a
   * browser may finish ICE or DTLS a moment before we do, and what it says before then is lost.
   */
  private static void talk(FakeBrowser a, FakeBrowser b) throws Exception {
    open(a, b);
    open(b, a);
    for (int i = 0; i < 10; i++) {
      assertTrue(b.heard(a.speak(), WAIT), "a → b");
      assertTrue(a.heard(b.speak(), WAIT), "b → a");
    }
  }

  private static void open(FakeBrowser from, FakeBrowser to) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      from.speak();
      if (to.hear(Duration.ofMillis(20)) != null) {
        return;
      }
    }
    throw new AssertionError("no packet got through within " + WAIT);
  }

  private static String ufrag(String sdp) {
    return WebRtcSdp.read(sdp).ufrag();
  }
}
