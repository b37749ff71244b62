package org.webphone.web.certificates;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * The key pairs the server makes for itself (its certificates', its ACME account's): ECDSA P-256,
 * which every browser and CA accepts, and whose signature costs a TLS handshake a fraction of
 * RSA-3072's (bench/wss.sh).
 */
public final class KeyPairs {
  private KeyPairs() {}

  public static KeyPair p256() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }
}
