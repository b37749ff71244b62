package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.sip.container.ws.WebSocketConnection;
import org.webphone.sip.container.ws.WebSocketPeer;

/**
 * SIP over WebSocket (RFC 7118) inside the container, below the web tier: frames from a browser
 * connection enter the same stack and servlets as UDP, and the answers go back as frames on that
 * connection. The connection here is in memory, the way Netty tests a protocol on an embedded
 * channel; the Jakarta WebSocket endpoint that feeds real browsers is tested with it in Payara.
 */
class WebSocketTransportTest {
  private SipContainer container;

  /** A browser connection that keeps what the server sends it. */
  private static final class Browser implements WebSocketPeer {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    volatile String closedWith;

    @Override
    public String remoteAddress() {
      return "127.0.0.1";
    }

    @Override
    public void send(String message) {
      received.add(message);
    }

    @Override
    public void close(int code, String reason) {
      closedWith = code + " " + reason;
    }
  }

  @BeforeEach
  void start() throws Exception {
    container =
        new SipContainer(
            new SipContainerConfig(
                "127.0.0.1", null, TestPorts.freeUdp(), 0, 0, 8080, 0, "ws-test", 4, 1000, 400, 5),
            TestPorts.answeringApplication());
    container.start();
  }

  @AfterEach
  void stop() {
    container.stop();
  }

  private static String register(String branch) {
    return "REGISTER sip:localhost SIP/2.0\r\n"
        + "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch="
        + branch
        + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:alice@localhost>;tag=65bnmj.q\r\n"
        + "To: <sip:alice@localhost>\r\n"
        + "Call-ID: "
        + UUID.randomUUID()
        + "\r\n"
        + "CSeq: 1 REGISTER\r\n"
        + "Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws>;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\";reg-id=1\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  @Test
  void aBrowserRegistersOverItsWebSocketAndTheAnswerComesBackOnIt() throws Exception {
    Browser browser = new Browser();
    WebSocketConnection connection = container.openWebSocket(browser, false);

    connection.receive(register("z9hG4bK56sdasks"));

    String answer = browser.received.poll(5, TimeUnit.SECONDS);
    assertNotNull(answer, "no answer on the WebSocket");
    assertTrue(answer.startsWith("SIP/2.0 200 OK\r\n"), answer);
    // RFC 7118 §5 / RFC 3261 §18.2.1: the server records where the request really came from.
    assertTrue(
        answer.matches(
            "(?s).*Via: SIP/2.0/WS df7jal23ls0d\\.invalid;branch=z9hG4bK56sdasks;received=127\\.0\\.0\\.1.*"),
        answer);
  }

  @Test
  void aGarbageFrameIsDroppedAndTheConnectionKeepsWorking() throws Exception {
    Browser browser = new Browser();
    WebSocketConnection connection = container.openWebSocket(browser, false);

    connection.receive("this is not SIP\r\n\r\n");
    connection.receive(register("z9hG4bKafter"));

    String answer = browser.received.poll(5, TimeUnit.SECONDS);
    assertNotNull(answer, "no answer after the garbage frame");
    assertTrue(answer.startsWith("SIP/2.0 200 OK\r\n"), answer);
  }

  @Test
  void wssIsRefusedWhenNotConfigured() {
    try {
      container.openWebSocket(new Browser(), true);
      throw new AssertionError("WSS opened without being configured");
    } catch (java.io.IOException expected) {
      assertTrue(expected.getMessage().contains("WSS"), expected.getMessage());
    }
  }
}
