package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.Permission;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The container opens no connection, and resolves no name, that the operator did not configure: the
 * Mobicents core ships a statistics reporter that posts to its vendor (ARCHITECTURE.md). Every
 * outbound connect and name lookup in this JVM passes a SecurityManager's {@code checkConnect},
 * which records and refuses them while the container starts, serves and stops.
 */
class NoOutboundConnectionTest {

  @Test
  @SuppressWarnings("removal") // SecurityManager is the one hook that sees every connect
  void aStartServeStopCycleConnectsNowhereButLoopback() throws Exception {
    Set<String> attempts = ConcurrentHashMap.newKeySet();
    SecurityManager recorder =
        new SecurityManager() {
          @Override
          public void checkConnect(String host, int port) {
            if (!isLoopback(host)) {
              attempts.add(host + ":" + port);
              // Refuse as well as record, so a failing run sends nothing off the machine either.
              throw new SecurityException("outbound connection to " + host + ":" + port);
            }
          }

          @Override
          public void checkConnect(String host, int port, Object context) {
            checkConnect(host, port);
          }

          @Override
          public void checkPermission(Permission perm) {}

          @Override
          public void checkPermission(Permission perm, Object context) {}
        };
    int udp = TestPorts.freeUdp();
    int tcp = TestPorts.freeTcp();
    SipContainer container =
        new SipContainer(SipContainerConfig.loopback(udp, tcp), TestPorts.answeringApplication());
    System.setSecurityManager(recorder);
    try {
      container.start();
      assertEquals("SIP/2.0 200 OK", RawSipClient.udp("REGISTER", udp));
      assertEquals("SIP/2.0 200 OK", RawSipClient.tcp("OPTIONS", tcp));
      container.stop();
    } finally {
      System.setSecurityManager(null);
      container.stop();
    }
    assertEquals(Set.of(), attempts, "outbound connections or lookups");
  }

  private static boolean isLoopback(String host) {
    return host.equals("127.0.0.1")
        || host.equals("localhost")
        || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1")
        || host.startsWith("127.");
  }
}
