package org.webphone.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.bouncycastle.tls.DatagramTransport;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webphone.media.dtls.DtlsClient;
import org.webphone.media.srtp.SrtpSession;
import org.webphone.media.transport.LegSocket;

/**
 * Browser legs on loopback, every leg on our one UDP port: a leg connects by ICE, shakes hands by
 * DTLS and carries SRTP both ways, DTLS and media told apart by their first byte (RFC 7983); and
 * two legs relayed into one call carry each browser's RTP and RTCP to the other, re-encrypted with
 * the other leg's keys, while a forged packet goes nowhere. A stranger's ClientHellos start no
 * handshake.
 */
class IceDtlsSrtpTest {
  private static SinglePortUdpHarvester ours;
  private static int ourPort;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeAll
  static void harvester() throws Exception {
    // No outside address lookups (ice4j's AWS harvester calls 169.254.169.254 by default).
    System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    System.setProperty("ice4j.harvest.use-ipv6", "false");
    AbstractUdpListener.USE_PUSH_API = true;
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ours = new SinglePortUdpHarvester(new TransportAddress("127.0.0.1", port, Transport.UDP));
    ourPort = port;
  }

  @AfterAll
  static void close() {
    ours.close();
  }

  @AfterEach
  void threads() {
    pool.shutdownNow();
  }

  @Test
  void aLegConnectsByIceShakesHandsByDtlsAndCarriesSrtpBothWays() throws Exception {
    try (BrowserLeg leg = new BrowserLeg(ours, pool)) {
      carriesSrtpBothWays(leg, 20);
    }
  }

  /** {@code packets} RTP packets each way over {@code leg}, each arriving whole and authentic. */
  private static void carriesSrtpBothWays(BrowserLeg leg, int packets) throws Exception {
    try (SrtpSession atServer = new SrtpSession(leg.serverKeys);
        SrtpSession atBrowser = new SrtpSession(leg.browserKeys)) {
      BlockingQueue<SrtpSession.Packet> atServerSide = new LinkedBlockingQueue<>();
      BlockingQueue<SrtpSession.Packet> atBrowserSide = new LinkedBlockingQueue<>();
      leg.server.onMedia(atServerSide::add);
      leg.browser.onMedia(atBrowserSide::add);
      for (int seq = 1; seq <= packets; seq++) {
        byte[] sent = BrowserLeg.rtp(0xA1, seq);
        assertArrayEquals(sent, across(sent, atBrowser, leg.browser, atServer, atServerSide));
        byte[] back = BrowserLeg.rtp(0xB2, seq);
        assertArrayEquals(back, across(back, atServer, leg.server, atBrowser, atBrowserSide));
      }
    }
  }

  @Test
  void twoBrowsersRelayedIntoOneCallHearEachOtherAndAForgeryGoesNowhere() throws Exception {
    RelayStats stats = new RelayStats();
    try (BrowserLeg alice = new BrowserLeg(ours, pool);
        BrowserLeg bob = new BrowserLeg(ours, pool);
        SrtpSession aliceAtServer = new SrtpSession(alice.serverKeys);
        SrtpSession bobAtServer = new SrtpSession(bob.serverKeys);
        SrtpSession alicePhone = new SrtpSession(alice.browserKeys);
        SrtpSession bobPhone = new SrtpSession(bob.browserKeys);
        MediaRelay relay =
            new MediaRelay(
                new MediaRelay.Leg(alice.server, aliceAtServer),
                new MediaRelay.Leg(bob.server, bobAtServer),
                stats)) {
      BlockingQueue<SrtpSession.Packet> atAlice = new LinkedBlockingQueue<>();
      BlockingQueue<SrtpSession.Packet> atBob = new LinkedBlockingQueue<>();
      alice.browser.onMedia(atAlice::add);
      bob.browser.onMedia(atBob::add);

      for (int seq = 1; seq <= 25; seq++) {
        byte[] fromAlice = BrowserLeg.rtp(0xA11CE, seq);
        assertArrayEquals(fromAlice, across(fromAlice, alicePhone, alice.browser, bobPhone, atBob));
        byte[] fromBob = BrowserLeg.rtp(0xB0B, seq);
        assertArrayEquals(fromBob, across(fromBob, bobPhone, bob.browser, alicePhone, atAlice));
      }
      byte[] report = BrowserLeg.rtcp(0xA11CE);
      assertArrayEquals(report, across(report, alicePhone, alice.browser, bobPhone, atBob));
      assertEquals(51, stats.relayed());

      byte[] forged = BrowserLeg.rtp(0xA11CE, 26);
      SrtpSession.Packet f = SrtpSession.Packet.copyOf(forged, forged.length);
      assertTrue(alicePhone.protect(f));
      f.getBuffer()[f.getOffset() + 30] ^= 1;
      alice.browser.send(f.getBuffer(), f.getOffset(), f.getLength());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (stats.refused() == 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      assertEquals(1, stats.refused(), "refused by alice's leg");
      assertEquals(51, stats.relayed());
      assertEquals(null, atBob.poll(200, TimeUnit.MILLISECONDS), "nothing reached bob");
    }
  }

  /**
   * A stranger who knows our media port but not the leg's ICE credentials sprays a real DTLS
   * ClientHello at it from before the leg exists until after its handshake: no handshake starts
   * with it (it hears nothing back, not even a HelloVerifyRequest) and the browser's leg connects
   * and carries SRTP. Handshakes are bounded by the legs of authenticated calls, not per source:
   * until a source has passed an ICE check with the leg's credentials, the single port drops what
   * it sends.
   */
  @Test
  void aStrangersClientHellosStartNoHandshakeAndHearNothing() throws Exception {
    byte[] hello = clientHello();
    assertEquals(22, hello[0], "a DTLS handshake record (RFC 6347 §4.1)");
    BlockingQueue<byte[]> heard = new LinkedBlockingQueue<>();
    try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      var spraying = new java.util.concurrent.atomic.AtomicBoolean(true);
      pool.submit(
          () -> {
            var to =
                new DatagramPacket(hello, hello.length, InetAddress.getLoopbackAddress(), ourPort);
            while (spraying.get()) {
              stranger.send(to);
              LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            return null;
          });
      pool.submit(
          () -> {
            byte[] buffer = new byte[1500];
            while (!stranger.isClosed()) {
              DatagramPacket p = new DatagramPacket(buffer, buffer.length);
              stranger.receive(p);
              heard.add(java.util.Arrays.copyOf(buffer, p.getLength()));
            }
            return null;
          });
      try (BrowserLeg leg = new BrowserLeg(ours, pool)) {
        carriesSrtpBothWays(leg, 1);
      } finally {
        spraying.set(false);
      }
      assertEquals(null, heard.poll(300, TimeUnit.MILLISECONDS), "the stranger heard nothing");
    }
  }

  /** The first flight of a DTLS client (RFC 6347 §4.2.1), as a browser would send it. */
  private static byte[] clientHello() {
    BlockingQueue<byte[]> sent = new LinkedBlockingQueue<>();
    DatagramTransport capture =
        new DatagramTransport() {
          @Override
          public int getReceiveLimit() {
            return 1500;
          }

          @Override
          public int getSendLimit() {
            return 1500;
          }

          @Override
          public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            throw new IOException("only the first flight is wanted");
          }

          @Override
          public void send(byte[] buf, int off, int len) {
            sent.add(java.util.Arrays.copyOfRange(buf, off, off + len));
          }

          @Override
          public void close() {}
        };
    try {
      DtlsClient.connect(BrowserLeg.BROWSER, BrowserLeg.SERVER.fingerprint(), capture);
    } catch (IOException | RuntimeException expected) {
      // the capture ends the handshake after its first flight
    }
    byte[] hello = sent.poll();
    assertNotNull(hello, "the client sent its hello");
    return hello;
  }

  /** Protects {@code packet} at one phone, sends it, and unprotects what arrives at the other. */
  private static byte[] across(
      byte[] packet,
      SrtpSession sender,
      LegSocket senderLeg,
      SrtpSession receiver,
      BlockingQueue<SrtpSession.Packet> arrived)
      throws Exception {
    SrtpSession.Packet p = SrtpSession.Packet.copyOf(packet, packet.length);
    assertTrue(sender.protect(p));
    senderLeg.send(p.getBuffer(), p.getOffset(), p.getLength());
    SrtpSession.Packet q = arrived.poll(5, TimeUnit.SECONDS);
    assertNotNull(q, "a packet arrived");
    assertTrue(receiver.unprotect(q), "authentic");
    return q.bytes();
  }
}
