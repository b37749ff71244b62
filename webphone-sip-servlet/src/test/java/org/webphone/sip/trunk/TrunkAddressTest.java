package org.webphone.sip.trunk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.webphone.trunk.TrunkRoute;

/** Only the trunk's own host may ask for the trunk's credentials. */
class TrunkAddressTest {
  private static TrunkRoute at(String host) {
    return TrunkRoute.builder("carrier", host, 5060)
        .id(1)
        .credentials("user", "secret", null)
        .priority(0)
        .build();
  }

  @Test
  void theTrunksOwnAddressMayAskAndAHopOnTheWayMayNot() {
    assertTrue(TrunkAddress.isOf(at("192.0.2.10"), "192.0.2.10"));
    assertFalse(TrunkAddress.isOf(at("192.0.2.10"), "192.0.2.11"));
    assertFalse(TrunkAddress.isOf(at("192.0.2.10"), null));
  }

  @Test
  void aTrunkNamedByHostAcceptsWhatTheNameResolvesTo() {
    assertTrue(TrunkAddress.isOf(at("localhost"), "127.0.0.1"));
    assertFalse(TrunkAddress.isOf(at("localhost"), "192.0.2.10"));
  }

  @Test
  void anIpv6AddressIsComparedAsAnAddressNotAsText() {
    assertTrue(TrunkAddress.isOf(at("2001:db8::1"), "2001:db8:0:0:0:0:0:1"));
  }
}
