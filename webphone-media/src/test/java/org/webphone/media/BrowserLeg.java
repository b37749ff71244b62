package org.webphone.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.webphone.media.dtls.DtlsClient;
import org.webphone.media.dtls.DtlsIdentity;
import org.webphone.media.dtls.DtlsServer;
import org.webphone.media.srtp.SrtpKeys;
import org.webphone.media.srtp.SrtpSession;
import org.webphone.media.transport.IceLeg;
import org.webphone.media.transport.LegSocket;

/**
 * One anchored browser leg on loopback, set up as a call sets it up: our ICE agent (answering, on
 * the shared single-port harvester) and a browser's (offering, with a socket of its own) exchange
 * credentials and candidates and select a pair, then DTLS runs over it (ours the server). Each step
 * is asserted; both sides' sockets and SRTP keys are handed to the test.
 */
public final class BrowserLeg implements AutoCloseable {
  static final DtlsIdentity SERVER = DtlsIdentity.generate(Duration.ofDays(30));
  static final DtlsIdentity BROWSER = DtlsIdentity.generate(Duration.ofDays(30));

  final IceLeg serverIce;
  final IceLeg browserIce;
  final LegSocket server;
  final LegSocket browser;
  final SrtpKeys serverKeys;
  final SrtpKeys browserKeys;

  BrowserLeg(CandidateHarvester ours, ExecutorService pool) throws Exception {
    serverIce = new IceLeg(ours, false);
    browserIce = new IceLeg(new LoopbackHarvester(), true);
    assertEquals(1, serverIce.candidates().size(), "one candidate: the single port");
    assertEquals("host", serverIce.candidates().get(0).type());
    serverIce.remote(browserIce.ufrag(), browserIce.password(), browserIce.candidates());
    browserIce.remote(serverIce.ufrag(), serverIce.password(), serverIce.candidates());

    Future<Boolean> serverConnected = pool.submit(() -> serverIce.connect(Duration.ofSeconds(10)));
    assertTrue(browserIce.connect(Duration.ofSeconds(10)), "the browser's checks succeeded");
    assertTrue(serverConnected.get(10, TimeUnit.SECONDS), "our agent selected a pair");
    assertEquals(browserIce.candidates().get(0).port(), serverIce.peer().getPort());

    server = new LegSocket(serverIce);
    browser = new LegSocket(browserIce);
    // The browser's candidate has a socket of its own: read it (ours are pushed by ice4j).
    pool.submit(() -> readInto(browserIce.socket(), browser));
    Future<SrtpKeys> handshake =
        pool.submit(() -> DtlsServer.accept(SERVER, BROWSER.fingerprint(), server.dtls()));
    browserKeys = DtlsClient.connect(BROWSER, SERVER.fingerprint(), browser.dtls());
    serverKeys = handshake.get(10, TimeUnit.SECONDS);
  }

  /** Feeds {@code leg} from a socket ice4j does not push from (a browser's own candidate). */
  static Void readInto(DatagramSocket socket, LegSocket leg) throws Exception {
    byte[] buffer = new byte[1500];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buffer, buffer.length);
      socket.receive(p);
      leg.received(SrtpSession.Packet.copyOf(buffer, p.getLength()));
    }
    return null;
  }

  /** An RTP packet (RFC 3550 §5.1): version 2, PCMU, 160 bytes of payload. */
  public static byte[] rtp(int ssrc, int seq) {
    byte[] p = new byte[12 + 160];
    p[0] = (byte) 0x80;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[8] = (byte) (ssrc >> 24);
    p[9] = (byte) (ssrc >> 16);
    p[10] = (byte) (ssrc >> 8);
    p[11] = (byte) ssrc;
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) (i * 7 + seq);
    }
    return p;
  }

  /** An RTCP receiver report (RFC 3550 §6.4.2) with no report blocks. */
  public static byte[] rtcp(int ssrc) {
    return new byte[] {
      (byte) 0x80,
      (byte) 201,
      0,
      1,
      (byte) (ssrc >> 24),
      (byte) (ssrc >> 16),
      (byte) (ssrc >> 8),
      (byte) ssrc
    };
  }

  @Override
  public void close() {
    serverIce.close();
    browserIce.close();
  }
}
