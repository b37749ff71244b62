package org.webphone.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The phone's bearer tokens: what they carry, how long they live, and what they refuse. */
class ApiTokensTest {
  private static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

  private static ApiTokens at(Instant now) {
    return new ApiTokens(KEY, Duration.ofMinutes(15), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aTokenNamesItsPhoneUntilItExpires() {
    ApiTokens.Issued issued = at(T0).issue("sip:alice@localhost");

    assertEquals(T0.plus(Duration.ofMinutes(15)), issued.expires());
    assertEquals(Optional.of("sip:alice@localhost"), at(T0).verify(issued.token()));
    assertEquals(
        Optional.of("sip:alice@localhost"),
        at(T0.plus(Duration.ofMinutes(15)).minusSeconds(1)).verify(issued.token()));
    assertEquals(Optional.empty(), at(T0.plus(Duration.ofMinutes(15))).verify(issued.token()));
  }

  @Test
  void aTokenWhoseSubjectWasChangedIsRefused() {
    String token = at(T0).issue("sip:alice@localhost").token();
    String body = token.substring(0, token.indexOf('.'));
    byte[] raw = Base64.getUrlDecoder().decode(body);
    byte[] forged =
        new String(raw, StandardCharsets.ISO_8859_1)
            .replace("alice", "mallo")
            .getBytes(StandardCharsets.ISO_8859_1);
    String tampered =
        Base64.getUrlEncoder().withoutPadding().encodeToString(forged)
            + token.substring(token.indexOf('.'));

    assertEquals(Optional.empty(), at(T0).verify(tampered));
  }

  @Test
  void anotherServersTokenAndGarbageAreRefused() {
    ApiTokens other =
        new ApiTokens(
            "another key, 32 bytes long......".getBytes(StandardCharsets.UTF_8),
            Duration.ofMinutes(15),
            Clock.fixed(T0, ZoneOffset.UTC));
    String theirs = other.issue("sip:alice@localhost").token();

    assertEquals(Optional.empty(), at(T0).verify(theirs));
    for (String junk : new String[] {null, "", ".", "a.b.c", "!!!.???", "AAAA.AAAA"}) {
      assertEquals(Optional.empty(), at(T0).verify(junk), String.valueOf(junk));
    }
  }

  @Test
  void aLifetimeOfZeroIsAConfigurationError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ApiTokens(KEY, Duration.ZERO, Clock.systemUTC()));
    assertTrue(e.getMessage().contains("webphone.api.token-lifetime"), e.getMessage());
  }
}
