package org.webphone.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which contacts an account may make the node send calls and probes to. */
class ContactAddressTest {

  @ParameterizedTest(name = "{0} over {1} from {2}")
  @CsvSource({
    "203.0.113.7, UDP, 203.0.113.7",
    "192.168.1.20, TCP, 203.0.113.7",
    "[2001:db8::5], TLS, 2001:db8::5",
    "127.0.0.1, UDP, 127.0.0.1",
    "df7jal23ls0d.invalid, WSS, 198.51.100.1",
  })
  void aPhonesOwnAddressIsFine(String host, String transport, String source) {
    assertEquals(Optional.empty(), ContactAddress.refusal(host, transport, source));
  }

  @ParameterizedTest(name = "{0} over {1} from {2}")
  @CsvSource({
    "169.254.169.254, UDP, 203.0.113.7",
    "169.254.1.1, TCP, 203.0.113.7",
    "[fe80::1], UDP, 203.0.113.7",
    "[::ffff:169.254.169.254], UDP, 203.0.113.7",
    "0.0.0.0, UDP, 203.0.113.7",
    "224.0.0.1, UDP, 203.0.113.7",
    "255.255.255.255, UDP, 203.0.113.7",
    "127.0.0.1, UDP, 203.0.113.7",
    "[::1], TCP, 203.0.113.7",
    "metadata.google.internal, UDP, 203.0.113.7",
    "phone.example.com, TLS, 203.0.113.7",
  })
  void anAddressNoPhoneCanBeAtIsRefused(String host, String transport, String source) {
    assertTrue(ContactAddress.refusal(host, transport, source).isPresent(), host);
  }
}
