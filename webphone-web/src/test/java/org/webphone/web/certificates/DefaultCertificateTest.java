package org.webphone.web.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A new server's own certificate: self-signed for where the embedded default is reached, a P-256
 * key, and a chain and key the certificate checks accept like any added one.
 */
class DefaultCertificateTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void itNamesLocalhostAndTheLoopbackAddressesAndLasts825Days() throws Exception {
    DefaultCertificate.Made made = DefaultCertificate.make(NOW);
    CertificateInfo info =
        CertificateInfo.of("default", made.certificate(), Clock.fixed(NOW, ZoneOffset.UTC));
    assertTrue(info.selfSigned());
    assertTrue(info.covers("localhost"));
    assertTrue(info.covers("127.0.0.1"));
    assertTrue(info.names().contains("0:0:0:0:0:0:0:1"), info.names().toString()); // ::1
    assertEquals("EC", made.certificate().getPublicKey().getAlgorithm());
    assertEquals(NOW.plus(Duration.ofDays(825)), made.certificate().getNotAfter().toInstant());
  }

  @Test
  void itsChainAndKeyPassTheChecksOfAnAddedCertificate() throws Exception {
    DefaultCertificate.Made made = DefaultCertificate.make(NOW);
    Map<String, String> problems =
        PemBundle.problems(
            made.chainPem(),
            made.keyPem(),
            "localhost",
            Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
    assertEquals(Map.of(), problems);
  }
}
