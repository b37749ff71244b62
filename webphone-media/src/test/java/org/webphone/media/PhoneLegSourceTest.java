package org.webphone.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.media.sdp.AudioSdp;
import org.webphone.media.srtp.SrtpSession;

/**
 * Alice in her browser talks with Bob's desk phone through the anchor while strangers send RTP at
 * the port pair of Bob's leg (RTP bleed): the leg takes packets from the address of Bob's SDP, or
 * from the one address it learns in its stead (on his SIP signalling IP, or after a run of packets
 * in sequence), and from nobody else until his next SDP. What a stranger sends is refused and
 * counted, never relayed to Alice, and never answered. An address in his SDP that is a name is
 * never looked up.
 */
class PhoneLegSourceTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final int RTP_MIN = 41100;
  private static final int RTP_MAX = 41199;
  private static final int MALLORY = 0xBAD;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private MediaService media;
  private Anchor<String> anchor;

  @BeforeEach
  void start() throws Exception {
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    media =
        new MediaService(
            new MediaConfig("127.0.0.1", port, null, 4, Duration.ofSeconds(10))
                .withRtpPorts(RTP_MIN, RTP_MAX));
    anchor = new Anchor<>(media);
  }

  @AfterEach
  void stop() {
    media.close();
    pool.shutdownNow();
  }

  @Test
  void malloryWhoSpraysBobsPortsBeforeAndDuringTheCallIsNeitherRelayedNorAnswered()
      throws Exception {
    try (FakeBrowser alice = new FakeBrowser(0xA11CE, pool);
        DeskPhone bob = new DeskPhone(0xB0B);
        DatagramSocket mallory = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      String toBob = anchor.pass("alice", "bob", false, alice.offer("sendrecv"));
      AudioSdp ours = AudioSdp.parse(toBob);
      InetSocketAddress rtp = new InetSocketAddress("127.0.0.1", ours.port());
      InetSocketAddress rtcp = new InetSocketAddress("127.0.0.1", ours.rtcpPort());

      // Mallory probes the leg's ports before Bob has even answered, as a scanner does.
      int sent = 0;
      for (int i = 0; i < 10; i++) {
        send(mallory, BrowserLeg.rtp(MALLORY, i * 7), rtp);
        send(mallory, BrowserLeg.rtcp(MALLORY), rtcp);
        sent += 2;
      }
      awaitRefused(sent);

      // Bob answers (his SIP source is not told: only his SDP's address counts) and talks.
      alice.answered(anchor.pass("bob", "alice", true, bob.sdp("sendrecv")));
      bob.heardFrom(toBob);
      alice.connect().get(15, TimeUnit.SECONDS);
      // Before Bob's first packet, Mallory's probes teach the leg nothing: no run in sequence.
      for (int i = 0; i < 10; i++) {
        send(mallory, BrowserLeg.rtp(MALLORY, 100 + i * 3), rtp);
        sent++;
      }
      awaitRefused(sent);
      alice.openedBy(() -> bob.speak(0), WAIT);

      // During the call Mallory sends a proper stream, RTP and RTCP: the leg is Bob's.
      for (int seq = 1000; seq < 1020; seq++) {
        send(mallory, BrowserLeg.rtp(MALLORY, seq), rtp);
        send(mallory, BrowserLeg.rtcp(MALLORY), rtcp);
        sent += 2;
      }
      awaitRefused(sent);
      byte[] said = bob.speak(0);
      assertEquals(List.of(), strangersUntil(alice, said), "alice hears bob and nobody else");
      assertTrue(alice.heard(bob.report(), WAIT), "bob's RTCP still gets through");
      byte[] answer = alice.speak(0);
      assertTrue(bob.heard(answer, WAIT), "alice still reaches bob");
      byte[] sr = BrowserLeg.rtcp(0xA11CE);
      alice.sendRtcp(sr);
      assertArrayEquals(sr, bob.hearRtcp(WAIT), "alice's RTCP reaches bob's RTCP port");
      assertNull(receiveNow(mallory), "nothing of the call ever went to mallory");
      assertEquals(sent, anchor.stats().refusedSource(), "each of mallory's packets, counted");
      anchor.release(List.of("alice", "bob"));
    }
  }

  @Test
  void bobsMediaFromAnotherAddressIsLearntAfterFivePacketsInSequenceThenNoOtherUntilHisNextSdp()
      throws Exception {
    InetAddress signalling = InetAddress.getByName("127.0.0.1");
    try (FakeBrowser alice = new FakeBrowser(0xA11CE, pool);
        DeskPhone bob = new DeskPhone(0xB0B);
        // Bob's carrier NAT gives his media another public IP than his SIP (127.0.0.2: Linux
        // routes all of 127/8 to lo).
        DatagramSocket bobsNat = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"));
        DatagramSocket mallory = new DatagramSocket(0, signalling)) {
      String toBob = anchor.pass("alice", "bob", false, alice.offer("sendrecv"));
      InetSocketAddress rtp = new InetSocketAddress("127.0.0.1", AudioSdp.parse(toBob).port());
      alice.answered(anchor.pass("bob", "alice", true, Sdp.of(bob.sdp("sendrecv")), signalling));
      bob.heardFrom(toBob);
      alice.connect().get(15, TimeUnit.SECONDS);
      bob.openedBy(
          () -> alice.speak(0), WAIT); // the relay is up; bob's SDP address has said nothing

      int n = MediaConfig.DEFAULT_RTP_LATCH_PACKETS;
      for (int seq = 1; seq < n; seq++) {
        send(bobsNat, BrowserLeg.rtp(0xB0B, seq), rtp);
      }
      awaitRefused(n - 1); // one short of a run: not his yet
      byte[] fifth = BrowserLeg.rtp(0xB0B, n);
      send(bobsNat, fifth, rtp);
      assertArrayEquals(fifth, alice.hear(WAIT), "the fifth in sequence is the first relayed");
      byte[] said = alice.speak(0);
      assertArrayEquals(said, receiveUntil(bobsNat, said), "alice reaches bob where he now is");

      // Locked: a third source is refused, even one on bob's signalling IP, even in sequence.
      for (int seq = 1; seq <= 2 * n; seq++) {
        send(mallory, BrowserLeg.rtp(MALLORY, seq), rtp);
      }
      awaitRefused(n - 1 + 2 * n);
      byte[] next = BrowserLeg.rtp(0xB0B, n + 1);
      send(bobsNat, next, rtp);
      assertEquals(List.of(), strangersUntil(alice, next), "alice hears bob's NAT only");
      assertNull(receiveNow(mallory), "mallory is not answered");

      // Bob's phone re-INVITEs (a new SDP: its version goes up, RFC 3264 §8): the leg learns
      // afresh, and his SDP's address is heard again.
      String again = bob.sdp("sendrecv").replace("o=desk 1 1 ", "o=desk 1 2 ");
      String reoffer = anchor.pass("bob", "alice", true, Sdp.of(again), signalling);
      anchor.pass("alice", "bob", false, alice.answer(reoffer, "sendrecv"));
      alice.openedBy(() -> bob.speak(0), WAIT);
      assertTrue(bob.heard(alice.speak(0), WAIT), "and alice is answered there again");
      anchor.release(List.of("alice", "bob"));
    }
  }

  @Test
  void bobsSdpNamingAHostIsNotLookedUpAndHisMediaIsLearntFromHisSignallingIp() throws Exception {
    InetAddress signalling = InetAddress.getByName("127.0.0.1");
    try (FakeBrowser alice = new FakeBrowser(0xA11CE, pool);
        DeskPhone bob = new DeskPhone(0xB0B)) {
      String toBob = anchor.pass("alice", "bob", false, alice.offer("sendrecv"));
      // "localhost" would resolve to bob's own address: had it been looked up, bob would hear
      // alice before he says anything.
      String named = bob.sdp("sendrecv").replace("c=IN IP4 127.0.0.1", "c=IN IP4 localhost");
      alice.answered(anchor.pass("bob", "alice", true, Sdp.of(named), signalling));
      bob.heardFrom(toBob);
      alice.connect().get(15, TimeUnit.SECONDS);
      alice.speak(0);
      assertNull(bob.hear(Duration.ofMillis(300)), "nothing is sent to a name");

      alice.openedBy(() -> bob.speak(0), WAIT); // from his signalling IP: his at once
      byte[] said = alice.speak(0);
      assertArrayEquals(said, receiveUntil(bob.rtp, said), "then alice reaches him there");
      anchor.release(List.of("alice", "bob"));
    }
  }

  /** Sends one datagram. */
  private static void send(DatagramSocket from, byte[] p, InetSocketAddress to) throws Exception {
    from.send(new DatagramPacket(p, p.length, to));
  }

  /** Waits until the anchor has refused {@code count} packets for their source, in all. */
  private void awaitRefused(long count) {
    LongSupplier refused = () -> anchor.stats().refusedSource();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (refused.getAsLong() < count && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000); // poll again in 1 ms
    }
    assertEquals(count, refused.getAsLong(), "packets refused for their source");
  }

  /**
   * What {@code to} heard from anyone but bob (SSRC 0xB0B) before {@code marker}: the relay hands
   * packets on in the order they came, so anything of mallory's relayed arrives before it.
   */
  private static List<String> strangersUntil(Listener to, byte[] marker) throws Exception {
    List<String> strangers = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      byte[] got = to.hear(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (Arrays.equals(marker, got)) {
        return strangers;
      }
      if (got != null && SrtpSession.Packet.copyOf(got, got.length).ssrc() != 0xB0B) {
        strangers.add(Arrays.toString(Arrays.copyOf(got, 12)));
      }
    }
    throw new AssertionError("bob's packet never arrived");
  }

  /** Reads {@code s} until {@code expected} arrives, passing over what came before it. */
  private static byte[] receiveUntil(DatagramSocket s, byte[] expected) throws Exception {
    s.setSoTimeout((int) WAIT.toMillis());
    byte[] got;
    do {
      DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
      s.receive(in);
      got = Arrays.copyOf(in.getData(), in.getLength());
    } while (!Arrays.equals(expected, got));
    return got;
  }

  /**
   * A datagram already waiting at {@code s}, or null. Asked only once a later packet of the same
   * sender has arrived elsewhere: what was sent here would be queued by then.
   */
  private static byte[] receiveNow(DatagramSocket s) throws Exception {
    s.setSoTimeout(1);
    DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
    try {
      s.receive(in);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return Arrays.copyOf(in.getData(), in.getLength());
  }
}
