package org.webphone.sip.container.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Flow identities of WebSocket connections (a synthetic port per connection of an address): none is
 * ever held by two open connections of an address, and a closed connection's stays its own while
 * its bindings may still wait for it, however many connections the address opens meanwhile.
 */
class FlowClaimsTest {
  private static final int SPAN = FlowClaims.LAST_PORT - FlowClaims.FIRST_PORT + 1;
  private final AtomicLong now = new AtomicLong();
  private final FlowClaims claims = new FlowClaims(now::get);

  @Test
  void aClosedConnectionsIdentityRestsWhileTheAddressCyclesThroughEveryOther() {
    Set<Integer> open = new HashSet<>();
    int alice = claims.takePort("192.0.2.1", p -> !open.contains(p));
    claims.releasedPort("192.0.2.1", alice);
    // Mallory, from alice's NAT address, opens connections until the identities go round.
    for (int i = 0; i < SPAN - 1; i++) {
      int port = claims.takePort("192.0.2.1", p -> !open.contains(p));
      assertNotEquals(alice, port, "connection " + i + " got alice's identity");
      open.add(port);
    }
    assertEquals(-1, claims.takePort("192.0.2.1", p -> !open.contains(p)), "none left: refused");
    assertNotEquals(-1, claims.takePort("198.51.100.7", p -> true), "other addresses are not");

    now.addAndGet(FlowClaims.REST.plus(Duration.ofSeconds(1)).toNanos());
    assertEquals(alice, claims.takePort("192.0.2.1", p -> !open.contains(p)), "rested: free again");
  }

  @Test
  void aPortAnOpenConnectionHoldsIsSkipped() {
    Set<Integer> open = new HashSet<>();
    int first = claims.takePort("192.0.2.2", p -> !open.contains(p));
    open.add(first);
    for (int i = 0; i < SPAN - 1; i++) {
      open.add(claims.takePort("192.0.2.2", p -> !open.contains(p)));
    }
    assertEquals(SPAN, open.size(), "every identity went to one open connection");
    assertEquals(-1, claims.takePort("192.0.2.2", p -> !open.contains(p)));
  }
}
