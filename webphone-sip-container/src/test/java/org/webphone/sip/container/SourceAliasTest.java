package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a peer is reached at its source rather than its contact, and what an alias may name. */
class SourceAliasTest {
  @Test
  void aPhoneBehindNatOverUdpIsReachedAtTheAddressAndPortItSentFrom() {
    assertTrue(SourceAlias.needed("192.168.1.7", 5060, "UDP", "203.0.113.5", 40123));
    assertTrue(SourceAlias.needed("203.0.113.5", 5060, "udp", "203.0.113.5", 40123), "port only");
    assertFalse(SourceAlias.needed("203.0.113.5", 5060, "UDP", "203.0.113.5", 5060));
    assertFalse(SourceAlias.needed("203.0.113.5", -1, "UDP", "203.0.113.5", 5060), "5060 implied");
  }

  @Test
  void overTcpAndTlsOnlyAnotherAddressCountsForAConnectionsPortIsNeverItsListeningPort() {
    assertFalse(SourceAlias.needed("203.0.113.5", 5060, "TCP", "203.0.113.5", 51234));
    assertTrue(SourceAlias.needed("10.0.0.5", 5061, "TLS", "203.0.113.5", 51234));
  }

  @Test
  void aNameIsNeverTheSourceAndIsNotLookedUp() {
    assertTrue(SourceAlias.needed("pbx.example", 5060, "UDP", "203.0.113.5", 5060));
  }

  @Test
  void theSameAddressWrittenTwoWaysIsTheSame() {
    assertFalse(SourceAlias.needed("[2001:db8::1]", 5060, "UDP", "2001:db8:0:0:0:0:0:1", 5060));
  }

  @Test
  void webSocketContactsAreRoutedByTheirConnectionInstead() {
    assertFalse(SourceAlias.needed("df7jal23ls0d.invalid", -1, "WSS", "203.0.113.5", 40123));
  }

  @Test
  void anAliasNamesAnAddressAPortAndATransportAndNothingElse() {
    String value = SourceAlias.value("203.0.113.5", 40123, "UDP");
    assertEquals("203.0.113.5~40123~udp", value);
    assertEquals(
        Optional.of(new SourceAlias.Target("203.0.113.5", 40123, "UDP")), SourceAlias.parse(value));
    assertEquals(
        Optional.of(new SourceAlias.Target("2001:db8::1", 5060, "TCP")),
        SourceAlias.parse("2001:db8::1~5060~tcp"));
    assertEquals(
        Optional.of(new SourceAlias.Target("203.0.113.5", 40123, "UDP")),
        SourceAlias.parse("203.0.113.5%7E40123%7eudp"),
        "escaped, as the servlet API writes it");
    assertEquals(Optional.empty(), SourceAlias.parse("pbx.example~5060~udp"), "no lookups");
    assertEquals(Optional.empty(), SourceAlias.parse("203.0.113.5~70000~udp"));
    assertEquals(Optional.empty(), SourceAlias.parse("203.0.113.5~0~udp"));
    assertEquals(Optional.empty(), SourceAlias.parse("203.0.113.5~5060~ws"));
    assertEquals(Optional.empty(), SourceAlias.parse("203.0.113.5~5060"));
    assertEquals(Optional.empty(), SourceAlias.parse(null));
  }
}
