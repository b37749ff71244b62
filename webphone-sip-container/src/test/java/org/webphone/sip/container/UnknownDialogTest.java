package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In-dialog requests (with a To tag) for dialogs the node never made: the core would forward them
 * statelessly to their Request-URI, which makes the node an open relay and, for a URI naming the
 * node itself, loops the request forever. They are answered 481, or dropped when they are ACKs, and
 * reach nobody else.
 */
class UnknownDialogTest {
  private static SipContainer container;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    port = TestPorts.freeUdp();
    container =
        new SipContainer(SipContainerConfig.loopback(port, 0), TestPorts.answeringApplication());
    container.start();
  }

  @AfterAll
  static void stop() {
    container.stop();
  }

  @Test
  void aByeForADialogNobodyMadeGets481AndIsNotRelayedToItsRequestUri() throws IOException {
    try (DatagramSocket mallory = socket(3000);
        DatagramSocket victim = socket(1000)) {
      send(mallory, inDialog("BYE", mallory.getLocalPort(), victim.getLocalPort()));
      String answer = RawSipClient.receiveFinal(mallory);
      assertTrue(
          answer != null && answer.startsWith("SIP/2.0 481 "),
          "a BYE for an unknown dialog is answered 481: " + answer);
      assertNull(RawSipClient.receiveFinal(victim), "nothing is relayed to the Request-URI");
    }
    assertEquals("SIP/2.0 200 OK", RawSipClient.udp("REGISTER", port));
  }

  @Test
  void anAckForADialogNobodyMadeIsDroppedNotRelayed() throws IOException {
    try (DatagramSocket mallory = socket(1000);
        DatagramSocket victim = socket(1000)) {
      send(mallory, inDialog("ACK", mallory.getLocalPort(), victim.getLocalPort()));
      assertNull(RawSipClient.receiveFinal(victim), "nothing is relayed to the Request-URI");
      assertNull(RawSipClient.receiveFinal(mallory), "an ACK gets no answer");
    }
    assertEquals("SIP/2.0 200 OK", RawSipClient.udp("REGISTER", port));
  }

  private static String inDialog(String method, int localPort, int targetPort) {
    return method
        + " sip:bob@127.0.0.1:"
        + targetPort
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:"
        + localPort
        + ";branch=z9hG4bK"
        + UUID.randomUUID()
        + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:alice@127.0.0.1>;tag=a1\r\n"
        + "To: <sip:bob@127.0.0.1>;tag=made-up\r\n"
        + "Call-ID: "
        + UUID.randomUUID()
        + "\r\n"
        + "CSeq: 2 "
        + method
        + "\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  private static DatagramSocket socket(int timeoutMillis) throws IOException {
    DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    s.setSoTimeout(timeoutMillis);
    return s;
  }

  private static void send(DatagramSocket s, String message) throws IOException {
    byte[] out = message.getBytes(StandardCharsets.UTF_8);
    s.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), port));
  }
}
