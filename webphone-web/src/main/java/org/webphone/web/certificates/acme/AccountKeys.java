package org.webphone.web.certificates.acme;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * The ACME account's key pair as bytes to seal: the private key (PKCS#8) and the public key
 * (X.509), each after its length. Both are kept: the JDK cannot derive an EC public key from the
 * private one.
 */
final class AccountKeys {
  private AccountKeys() {}

  static byte[] encode(KeyPair key) {
    byte[] priv = key.getPrivate().getEncoded();
    byte[] pub = key.getPublic().getEncoded();
    return ByteBuffer.allocate(8 + priv.length + pub.length)
        .putInt(priv.length)
        .put(priv)
        .putInt(pub.length)
        .put(pub)
        .array();
  }

  static KeyPair open(byte[] encoded) throws GeneralSecurityException {
    ByteBuffer b = ByteBuffer.wrap(encoded);
    byte[] priv = new byte[b.getInt()];
    b.get(priv);
    byte[] pub = new byte[b.getInt()];
    b.get(pub);
    KeyFactory ec = KeyFactory.getInstance("EC");
    return new KeyPair(
        ec.generatePublic(new X509EncodedKeySpec(pub)),
        ec.generatePrivate(new PKCS8EncodedKeySpec(priv)));
  }
}
