package org.webphone.web.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's signing secret ({@code webphone.registrar.digest-secret}, or random per start). Each
 * use takes its own key derived from it (HMAC-SHA256 over a label, as HKDF-Expand's first block),
 * so that a digest nonce can never pass for an API token or the other way round.
 */
public final class ServerSecret {
  private final byte[] secret;

  public ServerSecret(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("the server secret needs at least 16 bytes");
    }
    this.secret = secret.clone();
  }

  public byte[] derive(String label) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }
}
