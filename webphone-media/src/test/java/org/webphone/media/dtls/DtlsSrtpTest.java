package org.webphone.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.UDPTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.media.BrowserLeg;
import org.webphone.media.srtp.SrtpKeys;
import org.webphone.media.srtp.SrtpProfile;
import org.webphone.media.srtp.SrtpSession;

/**
 * Our DTLS server and client on loopback UDP, each playing the browser for the other: the handshake
 * exports the same SRTP keys on both sides, SRTP packets go both ways and come out as they went in,
 * a tampered one is refused, a certificate that does not match the SDP's fingerprint ends the
 * handshake before any key exists, and the SRTP profile follows what the client offers.
 */
class DtlsSrtpTest {
  private static final DtlsIdentity SERVER = DtlsIdentity.generate(Duration.ofDays(30));
  private static final DtlsIdentity BROWSER = DtlsIdentity.generate(Duration.ofDays(30));

  private final ExecutorService pool = Executors.newSingleThreadExecutor();
  private DatagramSocket serverSocket;
  private DatagramSocket browserSocket;

  @BeforeEach
  void sockets() throws Exception {
    serverSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    browserSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    serverSocket.connect(browserSocket.getLocalSocketAddress());
    browserSocket.connect(serverSocket.getLocalSocketAddress());
    // A handshake that stalls must fail the test, not hang it.
    serverSocket.setSoTimeout(10_000);
    browserSocket.setSoTimeout(10_000);
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    serverSocket.close();
    browserSocket.close();
  }

  private Future<SrtpKeys> serverAccepts(String browserFingerprint) {
    return pool.submit(
        () -> DtlsServer.accept(SERVER, browserFingerprint, new UDPTransport(serverSocket, 1500)));
  }

  @Test
  void theBrowserAndTheServerAgreeOnKeysAndSrtpGoesBothWays() throws Exception {
    Future<SrtpKeys> server = serverAccepts(BROWSER.fingerprint());
    SrtpKeys browserKeys =
        DtlsClient.connect(BROWSER, SERVER.fingerprint(), new UDPTransport(browserSocket, 1500));
    SrtpKeys serverKeys = server.get(10, TimeUnit.SECONDS);

    assertEquals(SrtpProfile.AEAD_AES_128_GCM, serverKeys.profile(), "GCM when both offer it");
    assertArrayEquals(browserKeys.local().key(), serverKeys.remote().key());
    assertArrayEquals(browserKeys.local().salt(), serverKeys.remote().salt());
    assertArrayEquals(serverKeys.local().key(), browserKeys.remote().key());
    assertFalse(java.util.Arrays.equals(serverKeys.local().key(), serverKeys.remote().key()));

    try (SrtpSession atServer = new SrtpSession(serverKeys);
        SrtpSession atBrowser = new SrtpSession(browserKeys)) {
      for (int seq = 1; seq <= 50; seq++) {
        byte[] fromBrowser = BrowserLeg.rtp(0x11223344, seq);
        SrtpSession.Packet p = SrtpSession.Packet.copyOf(fromBrowser, fromBrowser.length);
        assertTrue(atBrowser.protect(p));
        assertNotEquals(fromBrowser.length, p.getLength(), "an authentication tag was added");
        assertTrue(atServer.unprotect(p));
        assertArrayEquals(fromBrowser, p.bytes());

        byte[] toBrowser = BrowserLeg.rtp(0x55667788, seq);
        SrtpSession.Packet q = SrtpSession.Packet.copyOf(toBrowser, toBrowser.length);
        assertTrue(atServer.protect(q));
        assertTrue(atBrowser.unprotect(q));
        assertArrayEquals(toBrowser, q.bytes());
      }
      byte[] forged = BrowserLeg.rtp(0x11223344, 51);
      SrtpSession.Packet f = SrtpSession.Packet.copyOf(forged, forged.length);
      assertTrue(atBrowser.protect(f));
      f.getBuffer()[f.getOffset() + 20] ^= 1; // one bit of the payload changed on the way
      assertFalse(atServer.unprotect(f), "a tampered packet is refused");
    }
  }

  @Test
  void aCertificateThatIsNotTheOneInTheSdpEndsTheHandshake() {
    DtlsIdentity impostor = DtlsIdentity.generate(Duration.ofDays(1));
    Future<SrtpKeys> server = serverAccepts(BROWSER.fingerprint());

    assertThrows(
        Exception.class,
        () ->
            DtlsClient.connect(
                impostor, SERVER.fingerprint(), new UDPTransport(browserSocket, 1500)));
    ExecutionException refused =
        assertThrows(ExecutionException.class, () -> server.get(10, TimeUnit.SECONDS));
    assertTrue(refused.getCause() instanceof TlsFatalAlert, refused.getCause()::toString);
    assertEquals(
        AlertDescription.bad_certificate,
        ((TlsFatalAlert) refused.getCause()).getAlertDescription());
  }

  @Test
  void aBrowserThatOffersOnlyAesCmGetsItAndPacketsStillRoundTrip() throws Exception {
    Future<SrtpKeys> server = serverAccepts(BROWSER.fingerprint());
    SrtpKeys browserKeys =
        DtlsClient.connect(
            BROWSER,
            SERVER.fingerprint(),
            new UDPTransport(browserSocket, 1500),
            org.bouncycastle.tls.SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
    SrtpKeys serverKeys = server.get(10, TimeUnit.SECONDS);

    assertEquals(SrtpProfile.AES128_CM_HMAC_SHA1_80, serverKeys.profile());
    try (SrtpSession atServer = new SrtpSession(serverKeys);
        SrtpSession atBrowser = new SrtpSession(browserKeys)) {
      byte[] packet = BrowserLeg.rtp(7, 1);
      SrtpSession.Packet p = SrtpSession.Packet.copyOf(packet, packet.length);
      assertTrue(atBrowser.protect(p));
      assertEquals(packet.length + 10, p.getLength(), "an 80-bit HMAC-SHA1 tag");
      assertTrue(atServer.unprotect(p));
      assertArrayEquals(packet, p.bytes());
    }
  }

  @Test
  void twoStreamsInterleavedOnOneLegEachKeepTheirOwnContext() throws Exception {
    Future<SrtpKeys> server = serverAccepts(BROWSER.fingerprint());
    SrtpKeys browserKeys =
        DtlsClient.connect(BROWSER, SERVER.fingerprint(), new UDPTransport(browserSocket, 1500));
    try (SrtpSession atServer = new SrtpSession(server.get(10, TimeUnit.SECONDS));
        SrtpSession atBrowser = new SrtpSession(browserKeys)) {
      // A transfer's new stream starts while the old one's last packets still come; one SSRC has
      // the top bit set (unsigned on the wire).
      int[] ssrcs = {0x0A11CE, 0xF000CA20};
      byte[] sentLast = null;
      for (int seq = 1; seq <= 6; seq++) {
        for (int ssrc : ssrcs) {
          byte[] packet = BrowserLeg.rtp(ssrc, seq);
          SrtpSession.Packet p = SrtpSession.Packet.copyOf(packet, packet.length);
          assertTrue(atBrowser.protect(p));
          sentLast = p.bytes();
          assertTrue(atServer.unprotect(p), "packet " + seq + " of " + Integer.toHexString(ssrc));
          assertArrayEquals(packet, p.bytes());
        }
      }
      SrtpSession.Packet again = SrtpSession.Packet.copyOf(sentLast, sentLast.length);
      assertFalse(atServer.unprotect(again), "a replay is refused per stream");
    }
  }

  @Test
  void aClientWithoutSrtpIsRefused() {
    Future<SrtpKeys> server = serverAccepts(BROWSER.fingerprint());

    assertThrows(
        Exception.class,
        () ->
            DtlsClient.connect(
                BROWSER, SERVER.fingerprint(), new UDPTransport(browserSocket, 1500), new int[0]));
    ExecutionException refused =
        assertThrows(ExecutionException.class, () -> server.get(10, TimeUnit.SECONDS));
    assertEquals(
        AlertDescription.handshake_failure,
        ((TlsFatalAlert) refused.getCause()).getAlertDescription());
  }

  @Test
  void whenTheBrowserAnswersPassiveWeAreTheClientAndTheKeysStillAgree() throws Exception {
    Future<SrtpKeys> browser =
        pool.submit(
            () ->
                DtlsServer.accept(
                    BROWSER, SERVER.fingerprint(), new UDPTransport(browserSocket, 1500)));
    SrtpKeys ours =
        DtlsClient.connect(SERVER, BROWSER.fingerprint(), new UDPTransport(serverSocket, 1500));
    SrtpKeys theirs = browser.get(10, TimeUnit.SECONDS);

    assertEquals(SrtpProfile.AEAD_AES_128_GCM, ours.profile());
    assertArrayEquals(ours.local().key(), theirs.remote().key());
    assertArrayEquals(ours.remote().salt(), theirs.local().salt());
  }

  @Test
  void asClientWeRefuseAServerWhoseCertificateIsNotInItsSdp() {
    DtlsIdentity impostor = DtlsIdentity.generate(Duration.ofDays(1));
    pool.submit(
        () ->
            DtlsServer.accept(
                impostor, SERVER.fingerprint(), new UDPTransport(browserSocket, 1500)));

    TlsFatalAlert refused =
        assertThrows(
            TlsFatalAlert.class,
            () ->
                DtlsClient.connect(
                    SERVER, BROWSER.fingerprint(), new UDPTransport(serverSocket, 1500)));
    assertEquals(AlertDescription.bad_certificate, refused.getAlertDescription());
  }

  @Test
  void fingerprintsReadAsSdpWritesThem() {
    assertTrue(SERVER.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"));
    assertTrue(DtlsIdentity.same(SERVER.fingerprint().toLowerCase(), SERVER.fingerprint()));
    assertFalse(DtlsIdentity.same(SERVER.fingerprint(), BROWSER.fingerprint()));
  }
}
