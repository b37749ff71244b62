package org.webphone.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a trunk writes and reads numbers, matches them, and knows its own addresses. */
class TrunkRouteTest {
  private static TrunkRoute trunk(
      NumberFormat format, String region, String techPrefix, List<String> prefixes) {
    return new TrunkRoute(
        1,
        "t",
        null,
        "gw.example",
        5060,
        Transport.UDP,
        "user",
        "secret",
        prefixes,
        format,
        region,
        techPrefix,
        0,
        List.of("192.0.2.7", "192.0.2.8:5070"));
  }

  @Test
  void aBerlinNumberIsWrittenInEachFormat() {
    assertEquals(
        "+49301234567", trunk(NumberFormat.E164, null, null, List.of()).dial("+49301234567"));
    assertEquals(
        "49301234567", trunk(NumberFormat.DIGITS, null, null, List.of()).dial("+49301234567"));
    assertEquals(
        "0301234567", trunk(NumberFormat.NATIONAL, "DE", null, List.of()).dial("+49301234567"));
  }

  @Test
  void aNationalTrunkDialsOtherCountriesWithItsInternationalPrefix() {
    TrunkRoute german = trunk(NumberFormat.NATIONAL, "DE", null, List.of());
    assertEquals("0043154321", german.dial("+43154321"));
    TrunkRoute american = trunk(NumberFormat.NATIONAL, "US", null, List.of());
    assertEquals("011493012345678", american.dial("+493012345678"));
  }

  @Test
  void theTechPrefixGoesBeforeTheNumberButNotBeforeTheCallingNumber() {
    TrunkRoute t = trunk(NumberFormat.DIGITS, null, "77#", List.of());
    assertEquals("77#49301234567", t.dial("+49301234567"));
    assertEquals("49301111111", t.callingNumber("+49301111111"));
  }

  @Test
  void theLongestPrefixMatchesBestAndATrunkWithoutPrefixesTakesAnything() {
    TrunkRoute t = trunk(NumberFormat.E164, null, null, List.of("+49", "+4930"));
    assertEquals(5, t.match("+49301234567"));
    assertEquals(3, t.match("+49891234567"));
    assertEquals(-1, t.match("+43154321"));
    assertEquals(0, trunk(NumberFormat.E164, null, null, List.of()).match("+43154321"));
  }

  @Test
  void numbersTheTrunkSendsAreReadAsE164() {
    TrunkRoute national = trunk(NumberFormat.NATIONAL, "DE", null, List.of());
    assertEquals(Optional.of("+49301111111"), national.read("0301111111"));
    assertEquals(Optional.of("+43154321"), national.read("0043154321"));
    assertEquals(Optional.of("+49301111111"), national.read("+49301111111"));
    assertEquals(
        Optional.of("+49301111111"),
        trunk(NumberFormat.DIGITS, null, null, List.of()).read("49301111111"));
    assertEquals(Optional.empty(), national.read("anonymous"));
    assertEquals(Optional.empty(), national.read(null));
  }

  @Test
  void aTrunkKnowsItsAddressesWithOrWithoutPort() {
    TrunkRoute t = trunk(NumberFormat.E164, null, null, List.of());
    assertTrue(t.sentFrom("192.0.2.7", 5099));
    assertTrue(t.sentFrom("192.0.2.8", 5070));
    assertFalse(t.sentFrom("192.0.2.8", 5060));
    assertFalse(t.sentFrom("192.0.2.9", 5060));
  }

  @Test
  void itsTextNeverShowsThePassword() {
    assertFalse(trunk(NumberFormat.E164, null, null, List.of()).toString().contains("secret"));
  }

  @Test
  void aGlobalTrunkServesEveryCustomerAndACustomersOwnOnlyThatOne() {
    TrunkRoute global = trunk(NumberFormat.E164, null, null, List.of());
    assertTrue(global.serves(5));
    TrunkRoute own =
        new TrunkRoute(
            2,
            "own",
            5L,
            "gw",
            5060,
            Transport.TLS,
            null,
            null,
            List.of(),
            NumberFormat.E164,
            null,
            null,
            0,
            List.of());
    assertTrue(own.serves(5));
    assertFalse(own.serves(6));
  }
}
