package org.webphone.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What digest authentication needs of an account, detached from persistence so that SIP threads
 * never touch an entity.
 *
 * @param username the account's user part
 * @param realm the realm HA1 was computed with
 * @param ha1 hex MD5(username:realm:password)
 * @param active the account and its customer are enabled
 */
public record DigestCredentials(String username, String realm, String ha1, boolean active) {
  public DigestCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(ha1, "ha1");
  }

  /** RFC 2617 §3.2.2.2: HA1 = MD5(username ":" realm ":" password). */
  public static String ha1(String username, String realm, String password) {
    return md5Hex(username + ":" + realm + ":" + password);
  }

  /** Lower-case hex MD5 of the UTF-8 bytes, as RFC 2617 writes digests. */
  public static String md5Hex(String s) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md5.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
  }
}
