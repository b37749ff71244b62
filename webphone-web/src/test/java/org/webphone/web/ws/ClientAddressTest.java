package org.webphone.web.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Whose address a WebSocket connection counts against, behind our load balancers or not. */
class ClientAddressTest {
  private final ClientAddress behindHaproxy = new ClientAddress(List.of("10.0.0.5", "10.1.0.0/16"));

  @Test
  void aBrowserThatConnectsDirectlyCannotChooseItsAddress() {
    assertEquals("203.0.113.9", behindHaproxy.of("203.0.113.9", "198.51.100.1"));
    assertEquals("203.0.113.9", new ClientAddress(List.of()).of("203.0.113.9", "10.0.0.5"));
  }

  @Test
  void throughOurFrontsTheFirstHopFromTheRightThatIsNoFrontIsTheClient() {
    assertEquals("198.51.100.7", behindHaproxy.of("10.0.0.5", "198.51.100.7"));
    // The client wrote a header of its own; the front appended what it saw.
    assertEquals("198.51.100.7", behindHaproxy.of("10.0.0.5", "1.2.3.4, 198.51.100.7"));
    // Two fronts in a row (a CDN edge in 10.1/16, then HAProxy).
    assertEquals("198.51.100.7", behindHaproxy.of("10.0.0.5", "198.51.100.7, 10.1.2.3"));
  }

  @Test
  void whatAFrontWroteThatIsNoAddressCountsAgainstTheFront() {
    assertEquals("10.0.0.5", behindHaproxy.of("10.0.0.5", "unknown"));
    assertEquals("10.0.0.5", behindHaproxy.of("10.0.0.5", "evil.example"));
    assertEquals("10.0.0.5", behindHaproxy.of("10.0.0.5", "10.1.9.9"));
  }

  @Test
  void ipv6ClientsAndBlocksAreReadAsAddresses() {
    ClientAddress v6 = new ClientAddress(List.of("fd00::/8"));
    assertEquals("2001:db8:0:0:0:0:0:7", v6.of("fd00::1", "[2001:db8::7]"));
    assertEquals("2001:db8::7", v6.of("2001:db8::7", "198.51.100.7"));
  }

  @Test
  void aConfiguredEntryThatIsNoAddressStopsTheStartWithItsName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("lb.local")));
    assertEquals(
        "webphone.web.trusted-proxies: lb.local is not an IP address or CIDR block",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
  }
}
