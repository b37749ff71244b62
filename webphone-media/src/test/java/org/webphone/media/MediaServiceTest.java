package org.webphone.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.media.dtls.DtlsClient;
import org.webphone.media.srtp.SrtpKeys;
import org.webphone.media.srtp.SrtpSession;
import org.webphone.media.transport.IceLeg;
import org.webphone.media.transport.LegSocket;

/**
 * A node's media service as a call uses it: a leg on its port, our candidates as the browser must
 * see them (the configured public address), ICE and the browser's DTLS accepted on the handshake
 * pool, and SRTP on the keys it gives; bad settings are refused saying which.
 */
class MediaServiceTest {
  private final ExecutorService browserThreads = Executors.newCachedThreadPool();
  private MediaService media;

  @BeforeEach
  void start() throws Exception {
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    media = new MediaService(new MediaConfig("127.0.0.1", port, null, 2, Duration.ofSeconds(10)));
  }

  @AfterEach
  void stop() {
    media.close();
    browserThreads.shutdownNow();
  }

  @Test
  void aBrowserLegIsAcceptedOnThePoolAndCarriesSrtp() throws Exception {
    try (IceLeg ours = media.newLeg(false);
        IceLeg browser = new IceLeg(new LoopbackHarvester(), true)) {
      ours.remote(browser.ufrag(), browser.password(), browser.candidates());
      browser.remote(ours.ufrag(), ours.password(), media.candidates(ours));
      LegSocket ourSocket = new LegSocket(ours);
      LegSocket browserSocket = new LegSocket(browser);
      var keys = media.accept(ours, ourSocket, BrowserLeg.BROWSER.fingerprint());
      assertTrue(browser.connect(Duration.ofSeconds(10)));
      browserThreads.submit(() -> BrowserLeg.readInto(browser.socket(), browserSocket));
      SrtpKeys browserKeys =
          DtlsClient.connect(
              BrowserLeg.BROWSER, media.identity().fingerprint(), browserSocket.dtls());
      SrtpKeys serverKeys = keys.get(10, TimeUnit.SECONDS);

      BlockingQueue<SrtpSession.Packet> arrived = new LinkedBlockingQueue<>();
      ourSocket.onMedia(arrived::add);
      try (SrtpSession phone = new SrtpSession(browserKeys);
          SrtpSession server = new SrtpSession(serverKeys)) {
        byte[] rtp = BrowserLeg.rtp(42, 1);
        SrtpSession.Packet p = SrtpSession.Packet.copyOf(rtp, rtp.length);
        assertTrue(phone.protect(p));
        browserSocket.send(p.getBuffer(), p.getOffset(), p.getLength());
        SrtpSession.Packet q = arrived.poll(5, TimeUnit.SECONDS);
        assertNotNull(q);
        assertTrue(server.unprotect(q));
        assertArrayEquals(rtp, q.bytes());
      }
    }
  }

  @Test
  void behindNatOurCandidatesNameThePublicAddress() throws Exception {
    media.close();
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    media =
        new MediaService(
            new MediaConfig("127.0.0.1", port, "203.0.113.5", 1, Duration.ofSeconds(5)));
    try (IceLeg leg = media.newLeg(false)) {
      IceLeg.Candidate c = media.candidates(leg).get(0);
      assertEquals("203.0.113.5", c.address());
      assertEquals(port, c.port());
    }
  }

  @Test
  void aPortAnotherProcessHoldsIsRefusedNotShared() throws Exception {
    // ice4j binds with SO_REUSEADDR, so a second node on the same port would bind too.
    try (DatagramSocket taken = new DatagramSocket(null)) {
      taken.setReuseAddress(true);
      taken.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      java.net.BindException e =
          assertThrows(
              java.net.BindException.class,
              () ->
                  new MediaService(
                      new MediaConfig("127.0.0.1", port, null, 1, Duration.ofSeconds(1))));
      assertTrue(e.getMessage().startsWith("UDP 127.0.0.1:" + port + " is in use"), e.getMessage());
    }
  }

  @Test
  void badSettingsAreRefusedSayingWhich() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MediaConfig("127.0.0.1", 70000, null, 1, Duration.ofSeconds(1)));
    assertEquals("the media port must be 1 to 65535, not 70000", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new MediaConfig(" ", 5000, null, 1, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new MediaConfig("127.0.0.1", 5000, null, 0, Duration.ofSeconds(1)));
    MediaConfig ok = new MediaConfig("127.0.0.1", 5000, null, 1, Duration.ofSeconds(1));
    assertEquals(5, ok.rtpLatchPackets());
    assertEquals(Duration.ofSeconds(30), ok.rtpPortQuarantine());
    e = assertThrows(IllegalArgumentException.class, () -> ok.withRtpLatchPackets(1));
    assertEquals("the RTP latch must need at least 2 packets, not 1", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> ok.withRtpPortQuarantine(Duration.ofSeconds(-1)));
    assertEquals(Duration.ZERO, ok.withRtpPortQuarantine(Duration.ZERO).rtpPortQuarantine());
  }
}
