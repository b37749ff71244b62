package org.webphone.web.certificates.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.KeyPair;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.webphone.web.certificates.KeyPairs;

/** The ACME account key survives sealing as bytes: the same pair signs and verifies. */
class AccountKeysTest {
  @Test
  void theAccountKeyPairComesBackWhole() throws Exception {
    KeyPair key = KeyPairs.p256();
    KeyPair back = AccountKeys.open(AccountKeys.encode(key));
    assertEquals(key.getPublic(), back.getPublic());
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(back.getPrivate());
    s.update(new byte[] {1, 2, 3});
    byte[] signed = s.sign();
    s.initVerify(key.getPublic());
    s.update(new byte[] {1, 2, 3});
    assertEquals(true, s.verify(signed));
  }
}
