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
    return TrunkRoute.builder("t", "gw.example", 5060)
        .id(1)
        .credentials("user", "secret", null)
        .prefixes(prefixes)
        .format(format)
        .region(region)
        .techPrefix(techPrefix)
        .priority(0)
        .inbound(TrunkRoute.Inbound.byAddress(List.of("192.0.2.7", "192.0.2.8:5070")))
        .build();
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
  void aTrunkTrustedByDigestIsNotRecognisedByItsAddressAlone() {
    TrunkRoute pbx = inbound(TrunkRoute.Inbound.byDigest("pbx", "pbx-secret", List.of()));
    assertFalse(pbx.sentFrom("192.0.2.7", 5060));
    assertTrue(pbx.authenticatesAs("pbx", "198.51.100.1", 5060), "any address when none listed");
    assertFalse(pbx.authenticatesAs("other", "198.51.100.1", 5060));
    assertFalse(pbx.authenticatesAs(null, "198.51.100.1", 5060));
  }

  @Test
  void aTrunkTrustedByDigestFromListedAddressesAcceptsItsCredentialsOnlyFromThere() {
    TrunkRoute pbx =
        inbound(TrunkRoute.Inbound.byDigest("pbx", "pbx-secret", List.of("192.0.2.7")));
    assertTrue(pbx.authenticatesAs("pbx", "192.0.2.7", 5099));
    assertFalse(pbx.authenticatesAs("pbx", "192.0.2.8", 5060));
  }

  @Test
  void aTrunkTrustedByNothingIsRecognisedByNothing() {
    TrunkRoute none =
        inbound(new TrunkRoute.Inbound(InboundTrust.NONE, List.of("192.0.2.7"), null, null));
    assertFalse(none.sentFrom("192.0.2.7", 5060));
    assertFalse(none.authenticatesAs("pbx", "192.0.2.7", 5060));
    TrunkRoute noPassword = inbound(TrunkRoute.Inbound.byDigest("pbx", null, List.of()));
    assertFalse(noPassword.authenticatesAs("pbx", "192.0.2.7", 5060), "no password, no way in");
  }

  @Test
  void aTrunkTrustedByCertificateIsTheOneWhoseNameTheCertificateProves() {
    TrunkRoute tls = inbound(TrunkRoute.Inbound.byCertificate(List.of()));
    assertTrue(tls.certifiedAs(List.of("other.example", "pbx.example"), "198.51.100.1", 5061));
    assertTrue(tls.certifiedAs(List.of("*.example"), "198.51.100.1", 5061), "a wildcard");
    assertFalse(tls.certifiedAs(List.of("*.pbx.example"), "198.51.100.1", 5061));
    assertFalse(tls.certifiedAs(List.of("other.example"), "198.51.100.1", 5061));
    assertFalse(tls.certifiedAs(List.of(), "198.51.100.1", 5061));
    assertFalse(tls.sentFrom("198.51.100.1", 5061), "never by its address alone");
  }

  @Test
  void aTrunkTrustedByCertificateFromListedAddressesOnlyThere() {
    TrunkRoute tls = inbound(TrunkRoute.Inbound.byCertificate(List.of("192.0.2.7")));
    assertTrue(tls.certifiedAs(List.of("pbx.example"), "192.0.2.7", 40000));
    assertFalse(tls.certifiedAs(List.of("pbx.example"), "192.0.2.8", 40000));
    TrunkRoute byAddress = inbound(TrunkRoute.Inbound.byAddress(List.of("192.0.2.7")));
    assertFalse(byAddress.certifiedAs(List.of("pbx.example"), "192.0.2.7", 5061));
  }

  @Test
  void ourCredentialsAnswerTheTrunksRealmOnlyOrAnyForATrunkStoredWithoutOne() {
    assertTrue(trunk(NumberFormat.E164, null, null, List.of()).answersRealm("anything"));
    TrunkRoute withRealm =
        TrunkRoute.builder("t", "gw.example", 5060)
            .id(1)
            .credentials("user", "secret", "gw.example")
            .priority(0)
            .build();
    assertTrue(withRealm.answersRealm("gw.example"));
    assertFalse(withRealm.answersRealm("other.example"));
  }

  @Test
  void theInboundTextNeverShowsItsPasswordEither() {
    TrunkRoute pbx = inbound(TrunkRoute.Inbound.byDigest("pbx", "pbx-secret", List.of()));
    assertFalse(pbx.toString().contains("pbx-secret"));
    assertFalse(pbx.inbound().toString().contains("pbx-secret"));
  }

  private static TrunkRoute inbound(TrunkRoute.Inbound how) {
    return TrunkRoute.builder("pbx", "pbx.example", 5060)
        .id(1)
        .customer(7L)
        .priority(0)
        .inbound(how)
        .build();
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
        TrunkRoute.builder("own", "gw", 5060)
            .id(2)
            .customer(5L)
            .transport(Transport.TLS)
            .priority(0)
            .build();
    assertTrue(own.serves(5));
    assertFalse(own.serves(6));
  }
}
