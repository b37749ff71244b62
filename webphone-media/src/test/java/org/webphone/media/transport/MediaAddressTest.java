package org.webphone.media.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where an SDP may make the anchor send media: IP literals only, never a name, and never a group,
 * the broadcast address, a link-local or unspecified address, or this host's loopback for a peer
 * that signals from elsewhere.
 */
class MediaAddressTest {
  @ParameterizedTest(name = "{0} from {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "203.0.113.7     | 203.0.113.9 | sent to",
        "10.1.2.3        | 203.0.113.9 | sent to",
        "2001:db8::7     | 203.0.113.9 | sent to",
        "127.0.0.1       | 127.0.0.1   | sent to",
        "127.0.0.1       | -           | sent to",
        "127.0.0.1       | 203.0.113.9 | refused",
        "::1             | 203.0.113.9 | refused",
        "localhost       | 127.0.0.1   | refused",
        "media.example   | 203.0.113.9 | refused",
        "x1y2.local      | 203.0.113.9 | refused",
        "1.2.3           | 203.0.113.9 | refused",
        "256.1.1.1       | 203.0.113.9 | refused",
        "224.0.0.1       | 203.0.113.9 | refused",
        "ff02::1         | 203.0.113.9 | refused",
        "169.254.169.254 | 203.0.113.9 | refused",
        "fe80::1         | 203.0.113.9 | refused",
        "255.255.255.255 | 203.0.113.9 | refused",
        "0.0.0.0         | 203.0.113.9 | refused",
        "0.1.2.3         | 203.0.113.9 | refused",
      })
  void mediaGoesOnlyWhereAPhoneCanBe(String address, String signalling, String expected)
      throws Exception {
    InetAddress from = signalling.equals("-") ? null : InetAddress.getByName(signalling);
    InetAddress to = MediaAddress.sendable(address, from);
    if (expected.equals("sent to")) {
      assertNotNull(to, address);
      assertEquals(InetAddress.getByName(address), to);
    } else {
      assertNull(to, address);
    }
  }

  @ParameterizedTest
  @CsvSource({"localhost", "example.com", "a.local", "1.2.3.4.5", "::g"})
  void aNameIsNoLiteral(String text) {
    assertNull(MediaAddress.literal(text));
  }
}
