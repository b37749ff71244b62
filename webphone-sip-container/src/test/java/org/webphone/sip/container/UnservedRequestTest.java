package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webphone.sip.container.ws.WsProcessorFactory;

/**
 * Mallory sends what no application here serves: methods no SIP specification defines, methods
 * nobody here serves, dialog-only methods outside a dialog, CANCELs of nothing, messages larger
 * than the node reads. Each gets its RFC 3261 answer at once (or silence, over UDP, for an
 * oversized one), and none leaves a transaction or an application session behind, however many she
 * sends.
 */
class UnservedRequestTest {
  private static final int FLOOD = 10_000;
  private static final int BURST = 100;
  private static SipContainer container;
  private static int udpPort;
  private static int tcpPort;

  @BeforeAll
  static void start() throws Exception {
    udpPort = TestPorts.freeUdp();
    tcpPort = TestPorts.freeTcp();
    container =
        new SipContainer(
            SipContainerConfig.loopback(udpPort, tcpPort),
            SipApplications.of(TestPorts.answeringApplication())
                .serving(Set.of("REGISTER", "OPTIONS")),
            new WsProcessorFactory());
    container.start();
  }

  @AfterAll
  static void stop() {
    container.stop();
  }

  @Test
  void aMethodNoSpecificationDefinesGets501OverUdpAndTcp() throws IOException {
    assertEquals("SIP/2.0 501 Not Implemented", RawSipClient.udp("FOO", udpPort));
    assertEquals("SIP/2.0 501 Not Implemented", RawSipClient.tcp("FOO", tcpPort));
  }

  @Test
  void aMethodNobodyServesGets405WithWhatIsAllowed() throws IOException {
    try (DatagramSocket mallory = udpSocket()) {
      send(mallory, RawSipClient.request("MESSAGE", "UDP", mallory.getLocalPort(), udpPort));
      String answer = RawSipClient.receiveFinal(mallory);
      assertTrue(answer.startsWith("SIP/2.0 405 "), answer);
      assertTrue(answer.contains("\r\nAllow: OPTIONS, REGISTER\r\n"), answer);
    }
    assertEquals("SIP/2.0 200 OK", RawSipClient.udp("OPTIONS", udpPort), "served methods are");
  }

  @Test
  void aByeOrInfoOutsideADialogGets481() throws IOException {
    for (String method : new String[] {"BYE", "INFO", "UPDATE", "PRACK"}) {
      assertEquals(
          "SIP/2.0 481 No Such Dialog", RawSipClient.udp(method, udpPort), method + " off-dialog");
    }
  }

  @Test
  void aCancelOfNothingGets481() throws IOException {
    assertEquals(
        "SIP/2.0 481 Call/Transaction Does Not Exist", RawSipClient.udp("CANCEL", udpPort));
  }

  @Test
  void aMessageOverTheLimitGets513OverTcpAndTheConnectionKeepsServing() throws IOException {
    try (Socket mallory = new Socket(InetAddress.getLoopbackAddress(), tcpPort)) {
      mallory.setSoTimeout(5000);
      String big =
          withBody(RawSipClient.request("OPTIONS", "TCP", mallory.getLocalPort(), tcpPort));
      mallory.getOutputStream().write(big.getBytes(StandardCharsets.UTF_8));
      assertEquals("SIP/2.0 513 Message Too Large", statusLine(mallory.getInputStream()));
      mallory
          .getOutputStream()
          .write(
              RawSipClient.request("OPTIONS", "TCP", mallory.getLocalPort(), tcpPort)
                  .getBytes(StandardCharsets.UTF_8));
      assertEquals("SIP/2.0 200 OK", statusLine(mallory.getInputStream()));
    }
  }

  @Test
  void aDatagramOverTheLimitIsDroppedAndCounted() throws IOException {
    long before = container.refusals().oversized();
    try (DatagramSocket mallory = udpSocket()) {
      send(
          mallory,
          withBody(RawSipClient.request("OPTIONS", "UDP", mallory.getLocalPort(), udpPort)));
      await(() -> container.refusals().oversized(), before + 1);
      mallory.setSoTimeout(300);
      assertEquals(null, RawSipClient.receiveFinal(mallory), "no answer to a spoofable source");
    }
  }

  @Test
  void tenThousandRefusalsOfEachKindLeaveNoTransactionAndNoSession() throws IOException {
    SipRefusals before = container.refusals();
    // Other stories' served requests may still hold theirs (Timer J): none may be added.
    int transactionsBefore = container.serverTransactions();
    int sessionsBefore = container.activeApplicationSessions();
    String[] methods = {"FOO", "MESSAGE", "PUBLISH", "NOTIFY", "BYE", "INFO", "CANCEL"};
    long sent = 0;
    try (DatagramSocket mallory = udpSocket()) {
      for (String method : methods) {
        for (int i = 0; i < FLOOD; i++) {
          send(mallory, RawSipClient.request(method, "UDP", mallory.getLocalPort(), udpPort));
          // In bursts the socket buffers hold: a datagram the kernel drops is never counted.
          if (++sent % BURST == 0) {
            await(() -> container.refusals().unserved(), before.unserved() + sent);
          }
        }
      }
      await(() -> container.refusals().unserved(), before.unserved() + sent);
    }
    assertTrue(
        container.serverTransactions() <= transactionsBefore,
        "server transactions left: "
            + container.serverTransactions()
            + ", "
            + transactionsBefore
            + " before");
    assertTrue(
        container.activeApplicationSessions() <= sessionsBefore,
        "application sessions left: "
            + container.activeApplicationSessions()
            + ", "
            + sessionsBefore
            + " before");
    assertEquals("SIP/2.0 200 OK", RawSipClient.udp("REGISTER", udpPort), "phones are served");
  }

  /**
   * Polls {@code counter} until it reaches {@code expected}; the flood's answers come back fast.
   */
  private static void await(LongSupplier counter, long expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (counter.getAsLong() < expected) {
      if (System.nanoTime() > deadline) {
        fail("counted " + counter.getAsLong() + " of " + expected);
      }
      Thread.onSpinWait();
    }
  }

  private static String withBody(String request) {
    String body = "x".repeat(SipContainerConfig.DEFAULT_MAX_MESSAGE_BYTES);
    return request
        .replace(
            "Content-Length: 0\r\n",
            "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n")
        .concat(body);
  }

  private static DatagramSocket udpSocket() throws IOException {
    DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    s.setSoTimeout(5000);
    s.setReceiveBufferSize(4 << 20);
    return s;
  }

  private static void send(DatagramSocket s, String message) throws IOException {
    byte[] out = message.getBytes(StandardCharsets.UTF_8);
    s.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), udpPort));
  }

  private static String statusLine(InputStream in) throws IOException {
    return RawSipClient.statusLine(RawSipClient.readMessage(in));
  }
}
