package org.webphone.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.webphone.sip.container.RawSipClient;
import org.webphone.sip.container.SipDigest;

/**
 * SIP over WebSocket (RFC 7118) on the packaged WAR's HTTP listener, with the JDK's WebSocket
 * client as the browser: alice registers with digest over {@code ws://…/sip}; handshakes without
 * the sip subprotocol, or from a foreign Origin, are refused before the upgrade.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebSocketSipIT {

  @Deployment(testable = false)
  static WebArchive packagedWar() {
    return PackagedWar.archive();
  }

  @ArquillianResource URL base;

  /** What the server sends the browser, one SIP message per frame. */
  private static final class Frames implements WebSocket.Listener {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  @Test
  void aliceRegistersWithDigestOverWebSocket() throws Exception {
    Frames frames = new Frames();
    WebSocket ws = connect(frames);
    assertEquals("sip", ws.getSubprotocol());
    String callId = UUID.randomUUID().toString();

    ws.sendText(register(callId, 1, ""), true).get(5, TimeUnit.SECONDS);
    String challenge = frames.received.poll(10, TimeUnit.SECONDS);
    assertNotNull(challenge, "no answer over the WebSocket");
    assertTrue(challenge.startsWith("SIP/2.0 401"), challenge);

    ws.sendText(
            register(
                callId,
                2,
                SipDigest.registerAuthorization(
                    "localhost", challenge, "alice", PackagedWar.demoPassword("alice"), 1)),
            true)
        .get(5, TimeUnit.SECONDS);
    String ok = frames.received.poll(10, TimeUnit.SECONDS);
    assertNotNull(ok, "no answer to the authenticated REGISTER");
    assertTrue(ok.startsWith("SIP/2.0 200 OK"), ok);
    assertTrue(ok.contains("sip:alice@df7jal23ls0d.invalid;transport=ws"), ok);

    // The server probes her (every second in this test server) over her own connection, and her
    // answer completes its transaction: the metric counts it.
    double answeredBefore = metric("webphone_sip_probes_answered");
    String options = frames.received.poll(10, TimeUnit.SECONDS);
    assertNotNull(options, "no OPTIONS from the server");
    assertTrue(
        options.startsWith("OPTIONS sip:alice@df7jal23ls0d.invalid;transport=ws SIP/2.0"), options);
    ws.sendText(RawSipClient.okFor(options), true).get(5, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (metric("webphone_sip_probes_answered") <= answeredBefore
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // one scrape per 50 ms at most
    }
    assertTrue(
        metric("webphone_sip_probes_answered") > answeredBefore,
        () ->
            "answer not counted: "
                + metricsText().lines().filter(l -> l.contains("webphone")).toList());
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
  }

  @Test
  void aConnectionThatAnswersPingsOutlivesTheIdleTimeout() throws Exception {
    java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    WebSocket ws =
        connect(
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                closed.countDown();
                return null;
              }
            });
    // The test server pings every second and closes after 3 s of silence; the JDK client answers
    // pings by itself, as browsers do, and sends nothing else.
    assertTrue(!closed.await(6, TimeUnit.SECONDS), "closed although it answered pings");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
  }

  @Test
  void aConnectionThatNeverAnswersIsClosedAfterTheIdleTimeout() throws IOException {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(15_000);
      s.getOutputStream()
          .write(upgrade("sip", "http://localhost").getBytes(StandardCharsets.US_ASCII));
      var in = s.getInputStream();
      // Skip the 101 response, then read frames without ever answering a ping (RFC 6455 §5.2).
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      int closeCode = -1;
      while (closeCode < 0) {
        int b0 = in.read();
        int len = in.read() & 0x7f;
        assertTrue(b0 >= 0, "the server dropped the connection without a close frame");
        byte[] payload = in.readNBytes(len);
        if ((b0 & 0x0f) == 0x8) {
          closeCode = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
      }
      assertEquals(1001, closeCode);
    }
  }

  /** Opens /sip the way a browser on this server's page would. */
  private WebSocket connect(WebSocket.Listener listener) throws Exception {
    return HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .subprotocols("sip")
        .header("Origin", "http://localhost:" + base.getPort())
        .buildAsync(
            URI.create("ws://" + base.getHost() + ":" + base.getPort() + base.getPath() + "sip"),
            listener)
        .get(10, TimeUnit.SECONDS);
  }

  private static String readHead(java.io.InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.append((char) c);
    }
    return head.toString();
  }

  /** A Prometheus value from the server's MicroProfile Metrics endpoint; 0 while absent. */
  private double metric(String name) throws IOException {
    URL url =
        new URL(base.getProtocol(), base.getHost(), base.getPort(), "/metrics?scope=application");
    String text;
    try (var in = url.openStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})?\\s+([0-9.eE+-]+)").matcher(text);
    return m.find() ? Double.parseDouble(m.group(2)) : 0;
  }

  private String metricsText() {
    try {
      URL url =
          new URL(base.getProtocol(), base.getHost(), base.getPort(), "/metrics?scope=application");
      try (var in = url.openStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return "metrics unavailable: " + e;
    }
  }

  @Test
  void aHandshakeWithoutTheSipSubprotocolIsRefused() throws IOException {
    assertEquals(400, handshakeStatus(null, "http://localhost"));
  }

  @Test
  void aHandshakeFromAForeignOriginIsRefused() throws IOException {
    assertEquals(403, handshakeStatus("sip", "https://evil.example"));
    assertEquals(403, handshakeStatus("sip", null));
  }

  private int handshakeStatus(String protocol, String origin) throws IOException {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(upgrade(protocol, origin).getBytes(StandardCharsets.US_ASCII));
      byte[] head = new byte[12];
      int n = s.getInputStream().readNBytes(head, 0, 12);
      return Integer.parseInt(new String(head, 0, n, StandardCharsets.US_ASCII).substring(9, 12));
    }
  }

  private String upgrade(String protocol, String origin) {
    return "GET "
        + base.getPath()
        + "sip HTTP/1.1\r\n"
        + "Host: localhost:"
        + base.getPort()
        + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + (protocol == null ? "" : "Sec-WebSocket-Protocol: " + protocol + "\r\n")
        + (origin == null ? "" : "Origin: " + origin + "\r\n")
        + "\r\n";
  }

  private static String register(String callId, int cseq, String authorization) {
    return "REGISTER sip:localhost SIP/2.0\r\n"
        + "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK"
        + UUID.randomUUID()
        + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:alice@localhost>;tag=65bnmj.q\r\n"
        + "To: <sip:alice@localhost>\r\n"
        + "Call-ID: "
        + callId
        + "\r\n"
        + "CSeq: "
        + cseq
        + " REGISTER\r\n"
        + "Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws>;expires=600\r\n"
        + authorization
        + "Content-Length: 0\r\n\r\n";
  }
}
