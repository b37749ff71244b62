package org.webphone.web.certificates.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the server renews what it ordered, and what configuration it refuses to start with. */
class RenewalRuleTest {
  private static final Instant ISSUED = Instant.parse("2026-11-01T00:00:00Z");
  private final RenewalRule automatic = new RenewalRule(Optional.empty());

  @Test
  void aNinetyDayCertificateIsRenewedWithThirtyDaysLeft() {
    Instant end = ISSUED.plus(Duration.ofDays(90));
    assertFalse(automatic.due(ISSUED, end, end.minus(Duration.ofDays(31))));
    assertTrue(automatic.due(ISSUED, end, end.minus(Duration.ofDays(30))));
  }

  @Test
  void aSixDayCertificateIsRenewedAfterTwoThirdsOfItsLifeNotEveryDay() {
    Instant end = ISSUED.plus(Duration.ofDays(6));
    assertFalse(automatic.due(ISSUED, end, ISSUED.plus(Duration.ofDays(1))), "not at once");
    assertFalse(automatic.due(ISSUED, end, ISSUED.plus(Duration.ofHours(95))));
    assertTrue(automatic.due(ISSUED, end, ISSUED.plus(Duration.ofHours(96))));
  }

  @Test
  void aYearLongCertificateStillWaitsUntilThirtyDaysAreLeft() {
    Instant end = ISSUED.plus(Duration.ofDays(365));
    assertEquals(Duration.ofDays(30), automatic.margin(ISSUED, end));
  }

  @Test
  void theOperatorsMarginReplacesBoth() {
    RenewalRule eightDays = new RenewalRule(Optional.of(Duration.ofDays(8)));
    Instant end = ISSUED.plus(Duration.ofDays(7));
    assertTrue(eightDays.due(ISSUED, end, ISSUED), "a 7-day certificate is due at once");
    Instant yearEnd = ISSUED.plus(Duration.ofDays(365));
    assertFalse(eightDays.due(ISSUED, yearEnd, yearEnd.minus(Duration.ofDays(9))));
  }

  @Test
  void anExpiredCertificateIsDue() {
    Instant end = ISSUED.plus(Duration.ofDays(90));
    assertTrue(automatic.due(ISSUED, end, end.plusSeconds(1)));
  }

  @Test
  void aDirectoryThatIsNotHttpsOrANonPositiveTimeStopsTheStartWithItsName() {
    AcmeConfig d = AcmeConfig.defaults();
    IllegalArgumentException plain =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new AcmeConfig(
                    URI.create("http://ca.example/dir"),
                    d.trust(),
                    d.poll(),
                    d.timeout(),
                    d.renewBefore(),
                    d.checkEvery()));
    assertTrue(plain.getMessage().startsWith("webphone.acme.directory"), plain.getMessage());
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new AcmeConfig(
                    d.directory(),
                    d.trust(),
                    Duration.ZERO,
                    d.timeout(),
                    d.renewBefore(),
                    d.checkEvery()));
    assertTrue(zero.getMessage().startsWith("webphone.acme.poll-interval"), zero.getMessage());
  }
}
