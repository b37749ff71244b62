package org.webphone.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A leg as a browser sees it, on loopback: our ICE agent (answering, controlled, on the single-port
 * harvester) and a browser's (offering, controlling, with a socket of its own that sends the
 * checks) exchange credentials and candidates, select a pair, run DTLS over it (ours the server,
 * RFC 5763 passive) and carry SRTP both ways on the same port, DTLS and media told apart by their
 * first byte (RFC 7983).
 */
class IceDtlsSrtpTest {
  private static final DtlsIdentity SERVER = DtlsIdentity.generate(Duration.ofDays(30));
  private static final DtlsIdentity BROWSER = DtlsIdentity.generate(Duration.ofDays(30));
  private static SinglePortUdpHarvester ours;

  @BeforeAll
  static void harvesters() throws Exception {
    // No outside address lookups (ice4j's AWS harvester calls 169.254.169.254 by default).
    System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    System.setProperty("ice4j.harvest.use-ipv6", "false");
    AbstractUdpListener.USE_PUSH_API = true;
    ours = new SinglePortUdpHarvester(new TransportAddress("127.0.0.1", freePort(), Transport.UDP));
  }

  @AfterAll
  static void close() {
    ours.close();
  }

  private static int freePort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void theLegConnectsByIceShakesHandsByDtlsAndCarriesSrtpBothWays() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (IceLeg server = new IceLeg(ours, false);
        IceLeg browser = new IceLeg(new LoopbackHarvester(), true)) {
      assertEquals(1, server.candidates().size(), "one candidate: the single port");
      assertEquals("host", server.candidates().get(0).type());
      server.remote(browser.ufrag(), browser.password(), browser.candidates());
      browser.remote(server.ufrag(), server.password(), server.candidates());

      Future<Boolean> serverIce = pool.submit(() -> server.connect(Duration.ofSeconds(10)));
      assertTrue(browser.connect(Duration.ofSeconds(10)), "the browser's checks succeeded");
      assertTrue(serverIce.get(10, TimeUnit.SECONDS), "our agent selected a pair");
      InetSocketAddress browserAddress = server.peer();
      assertEquals(browser.candidates().get(0).port(), browserAddress.getPort());

      LegSocket serverLeg = new LegSocket(server);
      LegSocket browserLeg = new LegSocket(browser);
      // The browser's candidate has a socket of its own: read it (ours are pushed by ice4j).
      pool.submit(() -> readInto(browser.socket(), browserLeg));
      Future<SrtpKeys> handshake =
          pool.submit(() -> DtlsServer.accept(SERVER, BROWSER.fingerprint(), serverLeg.dtls()));
      SrtpKeys browserKeys =
          BrowserLikeDtlsClient.connect(BROWSER, SERVER.fingerprint(), browserLeg.dtls());
      SrtpKeys serverKeys = handshake.get(10, TimeUnit.SECONDS);

      BlockingQueue<byte[]> atServerSide = new LinkedBlockingQueue<>();
      BlockingQueue<byte[]> atBrowserSide = new LinkedBlockingQueue<>();
      serverLeg.onMedia(atServerSide::add);
      browserLeg.onMedia(atBrowserSide::add);
      try (SrtpSession atServer = new SrtpSession(serverKeys);
          SrtpSession atBrowser = new SrtpSession(browserKeys)) {
        for (int seq = 1; seq <= 20; seq++) {
          byte[] sent = rtp(0xA1, seq);
          assertArrayEquals(sent, across(sent, atBrowser, browserLeg, atServer, atServerSide));
          byte[] back = rtp(0xB2, seq);
          assertArrayEquals(back, across(back, atServer, serverLeg, atBrowser, atBrowserSide));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Void readInto(DatagramSocket socket, LegSocket leg) throws Exception {
    byte[] buffer = new byte[1500];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buffer, buffer.length);
      socket.receive(p);
      leg.received(Arrays.copyOf(buffer, p.getLength()));
    }
    return null;
  }

  /** Protects {@code rtp} on one side, sends it over the leg, and unprotects what arrives. */
  private static byte[] across(
      byte[] rtp,
      SrtpSession sender,
      LegSocket senderLeg,
      SrtpSession receiver,
      BlockingQueue<byte[]> arrived)
      throws Exception {
    SrtpSession.Packet p = SrtpSession.Packet.copyOf(rtp, rtp.length);
    assertTrue(sender.protect(p));
    senderLeg.send(p.getBuffer(), p.getOffset(), p.getLength());
    byte[] got = arrived.poll(5, TimeUnit.SECONDS);
    assertNotNull(got, "a packet arrived");
    SrtpSession.Packet q = SrtpSession.Packet.copyOf(got, got.length);
    assertTrue(receiver.unprotect(q), "authentic");
    return q.bytes();
  }

  private static byte[] rtp(int ssrc, int seq) {
    byte[] p = new byte[12 + 160];
    p[0] = (byte) 0x80;
    p[3] = (byte) seq;
    p[2] = (byte) (seq >> 8);
    p[11] = (byte) ssrc;
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) (i + seq);
    }
    return p;
  }
}
