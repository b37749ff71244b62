package org.webphone.tls;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** What each name is presented, as certificates are added, renewed and expire. */
class LiveKeysTest {
  private static LiveKeys.Entry entry() throws Exception {
    return new LiveKeys.Entry(
        new X509Certificate[0], KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate());
  }

  @Test
  void theStartedKeyStoreSeedsTheFallbackOnceWhicheverListenerComesFirst() throws Exception {
    LiveKeys keys = new LiveKeys();
    LiveKeys.Entry sip = entry();
    keys.seedFallback(sip);
    keys.seedFallback(entry()); // HTTPS, later, from the same key store
    assertSame(sip, keys.current().fallback());
  }

  @Test
  void aNameGetsItsOwnAWildcardCoversOneLabelAndTheRestGetTheFallback() throws Exception {
    LiveKeys keys = new LiveKeys();
    LiveKeys.Entry fallback = entry();
    LiveKeys.Entry rtc = entry();
    LiveKeys.Entry wildcard = entry();
    keys.seedFallback(fallback);
    keys.put("RTC.example.com", rtc);
    keys.put("*.example.com", wildcard);
    LiveKeys.Snapshot s = keys.current();
    assertSame(rtc, s.forHost("rtc.example.com"));
    assertSame(wildcard, s.forHost("phone.example.com"));
    assertSame(fallback, s.forHost("a.b.example.com"));
    assertSame(fallback, s.forHost(null), "no SNI");
  }

  @Test
  void removingANameFallsBackAndEveryChangeIsANewGeneration() throws Exception {
    LiveKeys keys = new LiveKeys();
    long start = keys.current().generation();
    keys.put("rtc.example.com", entry());
    keys.remove("rtc.example.com");
    keys.remove("rtc.example.com"); // nothing to remove: no new generation
    assertNull(keys.current().forHost("rtc.example.com"));
    assertTrue(keys.current().generation() == start + 2);
  }
}
