package org.webphone.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Browser legs on loopback, every leg on our one UDP port: a leg connects by ICE, shakes hands by
 * DTLS and carries SRTP both ways, DTLS and media told apart by their first byte (RFC 7983); and
 * two legs relayed into one call carry each browser's RTP and RTCP to the other, re-encrypted with
 * the other leg's keys, while a forged packet goes nowhere.
 */
class IceDtlsSrtpTest {
  private static SinglePortUdpHarvester ours;
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
    try (BrowserLeg leg = new BrowserLeg(ours, pool);
        SrtpSession atServer = new SrtpSession(leg.serverKeys);
        SrtpSession atBrowser = new SrtpSession(leg.browserKeys)) {
      BlockingQueue<SrtpSession.Packet> atServerSide = new LinkedBlockingQueue<>();
      BlockingQueue<SrtpSession.Packet> atBrowserSide = new LinkedBlockingQueue<>();
      leg.server.onMedia(atServerSide::add);
      leg.browser.onMedia(atBrowserSide::add);
      for (int seq = 1; seq <= 20; seq++) {
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
