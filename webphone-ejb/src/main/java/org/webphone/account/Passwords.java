package org.webphone.account;

import java.security.SecureRandom;

/** Random passwords for accounts the server creates (demo users, generated SIP passwords). */
public final class Passwords {
  // No 0/O, 1/l/I: people read these off a screen and type them into desk phones.
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  /** {@code length} characters, about 5.8 bits each. */
  public static String random(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
