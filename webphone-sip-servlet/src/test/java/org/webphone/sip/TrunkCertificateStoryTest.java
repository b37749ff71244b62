package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webphone.history.CallRecord;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.sip.container.TestPorts;
import org.webphone.sip.container.tls.TestCertificates;
import org.webphone.tls.LiveKeys;
import org.webphone.trunk.DidRoute;
import org.webphone.trunk.NumberFormat;
import org.webphone.trunk.Transport;
import org.webphone.trunk.TrunkRoute;

/**
 * A carrier that interconnects over TLS is recognised by the certificate it presents as a client
 * (RFC 5922 §7.1), whatever address it sends from: its call to alice's customer's number is the
 * network's (nobody is registered for it: 480, and the record names the trunk). A client whose
 * certificate, from the same CA, names another host, or that presents none, is anyone: challenged
 * like a user. The node trusts the test CA as an operator's {@code javax.net.ssl.trustStore} would
 * make it.
 */
class TrunkCertificateStoryTest {
  private static final String TRUST_STORE = "javax.net.ssl.trustStore";
  @TempDir static Path dir;
  private static TestCertificates certificates;
  private static TestServer server;
  private static int tlsPort;

  @BeforeAll
  static void start() throws Exception {
    certificates = new TestCertificates(dir);
    certificates.issue("node", "ip:127.0.0.1");
    certificates.issue("carrier", "dns:sbc.carrier.test");
    certificates.issue("impostor", "dns:other.test");
    LiveKeys.shared().fallback(certificates.entry("node"));
    System.setProperty(TRUST_STORE, certificates.trustStore().toString());
    System.setProperty(TRUST_STORE + "Password", new String(TestCertificates.PASSWORD));
    System.setProperty(TRUST_STORE + "Type", "PKCS12");
    tlsPort = TestPorts.freeTcp();
    server = TestServer.withTls("trunk-tls-test", tlsPort, "alice", "bob");
  }

  @AfterAll
  static void stop() {
    server.stop();
    System.clearProperty(TRUST_STORE);
    System.clearProperty(TRUST_STORE + "Password");
    System.clearProperty(TRUST_STORE + "Type");
  }

  @BeforeEach
  void theCarrierDeliversAliceCustomersNumberOverTls() {
    TrunkStoryTest.inGermanyInGoodStanding(server);
    server.trunks.trunks.add(
        TrunkRoute.builder("carrier-tls", "sbc.carrier.test", 5061)
            .id(5)
            .transport(Transport.TLS)
            .prefixes(List.of("+49"))
            .format(NumberFormat.NATIONAL)
            .region("DE")
            .inbound(TrunkRoute.Inbound.byCertificate(List.of()))
            .build());
    server.trunks.dids.put(
        "+49301111111", new DidRoute("+49301111111", TestServer.CUSTOMER, List.of("bob")));
  }

  @AfterEach
  void nothingIsLeft() throws Exception {
    CallStories.assertNoSessionLeft(server);
    server.trunks.clear();
  }

  @Test
  void theCarriersCertificateMakesItsCallTheNetworks() throws Exception {
    assertEquals("SIP/2.0 480 Temporarily Unavailable", callWith("carrier"));

    CallRecord r = TrunkStoryTest.theRecord(server);
    assertEquals("carrier-tls", r.getTrunk());
    assertEquals("+49401234567", r.getCaller());
    assertEquals(Disposition.UNAVAILABLE, r.getDisposition());
  }

  @Test
  void anotherNamesCertificateOrNoneIsChallengedLikeAnyone() throws Exception {
    assertTrue(callWith("impostor").startsWith("SIP/2.0 407"));
    assertTrue(callWith(null).startsWith("SIP/2.0 407"));
    CallStories.assertNothingRecorded(server, "nothing was the network's");
  }

  /**
   * A call from 040 1234567 to 030 1111111 over a TLS connection presenting {@code alias}'s
   * certificate (null: none); its final answer's status line, acknowledged.
   */
  private static String callWith(String alias) throws Exception {
    try (SSLSocket s =
        (SSLSocket)
            certificates.context(alias).getSocketFactory().createSocket("127.0.0.1", tlsPort)) {
      s.setSoTimeout(10_000);
      String branch = "z9hG4bK" + UUID.randomUUID();
      String callId = UUID.randomUUID().toString();
      String via = "Via: SIP/2.0/TLS 127.0.0.1:" + s.getLocalPort() + ";branch=" + branch;
      String from = "From: <sip:0401234567@sbc.carrier.test;user=phone>;tag=net1";
      String uri = "sip:0301111111@127.0.0.1:" + tlsPort + ";user=phone";
      String sdp =
          "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
              + "m=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
      write(
          s,
          "INVITE "
              + uri
              + " SIP/2.0\r\n"
              + via
              + "\r\n"
              + from
              + "\r\n"
              + "To: <sip:0301111111@127.0.0.1;user=phone>\r\nCall-ID: "
              + callId
              + "\r\n"
              + "CSeq: 1 INVITE\r\nContact: <sip:0401234567@127.0.0.1:"
              + s.getLocalPort()
              + ";transport=tls>\r\nMax-Forwards: 70\r\nContent-Type: application/sdp\r\n"
              + "Content-Length: "
              + sdp.length()
              + "\r\n\r\n"
              + sdp);
      InputStream in = new BufferedInputStream(s.getInputStream());
      String response;
      do {
        response = read(in);
      } while (response.startsWith("SIP/2.0 1"));
      Matcher to = Pattern.compile("(?m)^To: ([^\r\n]*)").matcher(response);
      assertTrue(to.find(), response);
      write(
          s,
          "ACK "
              + uri
              + " SIP/2.0\r\n"
              + via
              + "\r\n"
              + from
              + "\r\nTo: "
              + to.group(1)
              + "\r\n"
              + "Call-ID: "
              + callId
              + "\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\n"
              + "Content-Length: 0\r\n\r\n");
      return response.lines().findFirst().orElseThrow();
    }
  }

  private static void write(SSLSocket s, String message) throws IOException {
    s.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
  }

  /** One SIP message from the stream: its headers up to the blank line, then its body. */
  private static String read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      String h = head.toString(StandardCharsets.UTF_8);
      if (h.endsWith("\r\n\r\n")) {
        if (h.isBlank()) { // a keep-alive CRLF CRLF (RFC 5626 §3.5.1)
          head.reset();
          continue;
        }
        Matcher length = Pattern.compile("(?mi)^Content-Length: *(\\d+)").matcher(h);
        int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return h + new String(in.readNBytes(body), StandardCharsets.UTF_8);
      }
    }
    throw new IOException("connection closed after: " + head);
  }
}
