package org.webphone.web.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.webphone.site.HostNames;
import org.webphone.web.domains.DnsGuidance.Record;

/** The records an operator is told to create, and the names the Domains screen takes. */
class DnsGuidanceTest {
  private static List<String> lines(List<Record> records) {
    return records.stream().map(r -> r.name() + " " + r.type() + " " + r.value()).toList();
  }

  @Test
  void theWebrtcDomainGetsTheAddressAndAWebSubdomainACnameToIt() {
    assertEquals(
        List.of("webrtc.example.com A 203.0.113.7", "phone.example.com CNAME webrtc.example.com."),
        lines(DnsGuidance.records("phone.example.com", "webrtc.example.com", "203.0.113.7")));
  }

  @Test
  void anApexWebDomainGetsAnAddressRecordBecauseItTakesNoCname() {
    assertEquals(
        List.of("webrtc.example.co.uk AAAA 2001:db8::7", "example.co.uk AAAA 2001:db8::7"),
        lines(DnsGuidance.records("example.co.uk", "webrtc.example.co.uk", "2001:db8::7")));
    assertEquals(
        List.of("example.com A 203.0.113.7"),
        lines(DnsGuidance.records("example.com", null, "203.0.113.7")));
  }

  @Test
  void oneNameForBothNeedsOneRecord() {
    assertEquals(
        List.of("phone.example.com A 203.0.113.7"),
        lines(DnsGuidance.records("phone.example.com", "phone.example.com", "203.0.113.7")));
  }

  @Test
  void hostNamesAreCheckedAndKeptInOneForm() {
    assertEquals("phone.example.com", HostNames.normalize("  Phone.Example.COM. "));
    assertNull(HostNames.normalize(" "));
    assertNull(HostNames.problem("phone.example.com"));
    assertNull(HostNames.problem("localhost"));
    assertEquals(
        "a host name, not an address (certificates and browsers want names)",
        HostNames.problem("203.0.113.7"));
    assertEquals(
        "a host name only, without scheme or path", HostNames.problem("https://x.example"));
    assertTrue(HostNames.problem("phone..example.com").startsWith("letters, digits and hyphens"));
    assertTrue(HostNames.problem("-phone.example.com").startsWith("letters, digits and hyphens"));
    assertTrue(HostNames.isApex("example.com"));
    assertTrue(HostNames.isApex("example.co.uk"));
    assertFalse(HostNames.isApex("phone.example.com"));
    assertFalse(HostNames.isApex("localhost"));
  }
}
