package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When every worker is busy and requests queue up, new requests are answered 503 with Retry-After
 * (not left to time out), and the node answers normally once the workers are free.
 */
class OverloadTest {

  @Test
  void queuedRequestsPastTheDelayBoundGet503WithRetryAfterThenServiceResumes() throws Exception {
    int port = TestPorts.freeUdp();
    SipContainer container =
        new SipContainer(
            SipContainerConfig.builder()
                .udpPort(port)
                .stackName("overload-test")
                .threads(2)
                .maxQueuedMessages(1000)
                .overload(50, 7)
                .build(),
            SipApplicationSpec.single("blocking", BlockingServlet.class, TestPorts::instantiate));
    BlockingServlet.reset(2);
    container.start();
    try (DatagramSocket busy1 = socket();
        DatagramSocket busy2 = socket();
        DatagramSocket early = socket();
        DatagramSocket late = socket()) {
      // Both workers take an OPTIONS and hold it.
      send(busy1, "OPTIONS", port);
      send(busy2, "OPTIONS", port);
      assertTrue(BlockingServlet.entered.await(5, TimeUnit.SECONDS), "workers did not start");
      // Two REGISTERs queue behind them and age past the 50 ms bound.
      send(early, "REGISTER", port);
      send(late, "REGISTER", port);
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(120);
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      // One worker comes free and takes the queue in order.
      BlockingServlet.releases.get(0).countDown();

      // The first is taken while the second still waits too long behind it: refused, politely.
      String refused = RawSipClient.receiveFinal(early);
      assertTrue(refused.startsWith("SIP/2.0 503 Service Unavailable\r\n"), refused);
      assertTrue(refused.contains("\r\nRetry-After: 7"), refused);
      assertTrue(
          refused.matches("(?s).*\r\nTo: [^\r]*;tag=[^\r]+\r\n.*"), "a 503 carries a To tag");
      // Nothing waits behind the second: served.
      assertEquals("SIP/2.0 200 OK", statusLine(RawSipClient.receiveFinal(late)));
      BlockingServlet.releases.get(1).countDown();
      assertEquals("SIP/2.0 200 OK", statusLine(RawSipClient.receiveFinal(busy1)));
      assertEquals("SIP/2.0 200 OK", statusLine(RawSipClient.receiveFinal(busy2)));
      // And the node answers normally afterwards.
      assertEquals("SIP/2.0 200 OK", RawSipClient.udp("REGISTER", port));
    } finally {
      BlockingServlet.releaseAll();
      container.stop();
    }
  }

  private static DatagramSocket socket() throws IOException {
    DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    s.setSoTimeout(5000);
    return s;
  }

  private static void send(DatagramSocket s, String method, int port) throws IOException {
    byte[] out =
        RawSipClient.request(method, "UDP", s.getLocalPort(), port)
            .getBytes(StandardCharsets.UTF_8);
    s.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), port));
  }

  private static String statusLine(String msg) {
    return msg.substring(0, msg.indexOf("\r\n"));
  }
}
