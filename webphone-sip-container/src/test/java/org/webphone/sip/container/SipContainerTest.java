package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SipContainerTest {
  private SipContainer container;

  private static SipContainerConfig config() throws IOException {
    return SipContainerConfig.loopback(TestPorts.freeUdp(), TestPorts.freeTcp());
  }

  @AfterEach
  void stop() {
    if (container != null) {
      container.stop();
    }
  }

  @Test
  void aPhoneRegistersOverUdpAndTcpWithTheDeployedServlet() throws Exception {
    SipContainerConfig config = config();
    container = new SipContainer(config, TestPorts.answeringApplication());
    container.start();
    int before = AnsweringServlet.SERVED.get();

    assertEquals("SIP/2.0 200 OK", RawSipClient.udp("REGISTER", config.udpPort()));
    assertEquals("SIP/2.0 200 OK", RawSipClient.tcp("REGISTER", config.tcpPort()));
    assertEquals("SIP/2.0 200 OK", RawSipClient.udp("OPTIONS", config.udpPort()));
    assertEquals(before + 3, AnsweringServlet.SERVED.get());
  }

  @Test
  @SuppressWarnings("removal") // Thread.stop is how the test kills the reader, as an OOM did
  void aDeadUdpReaderIsNoticedByTheSelfProbe() throws Exception {
    SipContainerConfig config = config();
    container = new SipContainer(config, TestPorts.answeringApplication());
    container.start();
    assertTrue(container.answersItself(java.time.Duration.ofSeconds(2)), "healthy node answers");

    Thread reader =
        Thread.getAllStackTraces().keySet().stream()
            .filter(
                t -> t.getName().equals("MessageProcessorThread-UDP-127.0.0.1/" + config.udpPort()))
            .findFirst()
            .orElseThrow();
    reader.stop(); // what an OutOfMemoryError in the reader did under overload
    reader.join(5000);

    assertTrue(
        !container.answersItself(java.time.Duration.ofMillis(500)), "a deaf node is noticed");
  }

  @Test
  void stopLeavesNoSipThreadAndFreesThePortsForTheNextStart() throws Exception {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    SipContainerConfig config = config();
    for (int cycle = 0; cycle < 3; cycle++) {
      container = new SipContainer(config, TestPorts.answeringApplication());
      container.start();
      assertEquals(
          "SIP/2.0 200 OK", RawSipClient.udp("OPTIONS", config.udpPort()), "cycle " + cycle);
      container.stop();
      container = null;

      assertTrue(TestPorts.udpIsFree(config.udpPort()), "UDP port still bound after stop");
      assertTrue(TestPorts.tcpIsFree(config.tcpPort()), "TCP port still bound after stop");
      assertEquals(
          Set.of(),
          TestThreads.leftSince(
              before,
              // Any new thread counts here, except the JDK's own lazily started helpers.
              t ->
                  !t.getKey().getName().startsWith("Common-Cleaner")
                      && !t.getKey().getName().startsWith("Attach Listener"),
              java.time.Duration.ofSeconds(10)),
          "threads left after stop " + cycle);
    }
  }
}
