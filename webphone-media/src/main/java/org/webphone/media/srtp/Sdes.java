package org.webphone.media.srtp;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.webphone.media.NotAcceptableException;

/**
 * SDES keys (RFC 4568) for a SIP phone's or trunk's SRTP leg: the peer's key comes in its {@code
 * a=crypto} line, ours goes back in ours. Only AES_CM_128_HMAC_SHA1_80 (§6.2.1), the suite every
 * SDES phone offers; a line with a lifetime or MKI parameters of its own is taken as it is (they
 * only bound how long a key may be used, §6.1).
 *
 * <p>Threading: immutable.
 *
 * @param tag the crypto line's tag, answered with the same (§5.1.2)
 * @param theirs the key and salt the peer protects its packets with
 * @param ours the key and salt we protect ours with
 */
public record Sdes(int tag, SrtpKeys.Master theirs, SrtpKeys.Master ours) {
  static final String SUITE = "AES_CM_128_HMAC_SHA1_80";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Our answer to the first offered line we can use: the peer's key from it, a fresh one of ours.
   *
   * @throws NotAcceptableException when no offered line names our suite with a usable key
   */
  public static Sdes answer(List<String> offered) throws NotAcceptableException {
    for (String line : offered) {
      Sdes s = read(line, null);
      if (s != null) {
        return s;
      }
    }
    throw new NotAcceptableException("No common SRTP crypto suite (" + SUITE + ")");
  }

  /** Our offer: a fresh key of ours, the peer's to come in its answer ({@link #answered}). */
  static Sdes offer() {
    return new Sdes(1, null, fresh());
  }

  /**
   * The peer's answer to our offer: its line with our tag and suite.
   *
   * @throws NotAcceptableException when it has none
   */
  public Sdes answered(List<String> lines) throws NotAcceptableException {
    for (String line : lines) {
      Sdes s = read(line, ours);
      if (s != null && s.tag == tag) {
        return s;
      }
    }
    throw new NotAcceptableException("The answer has no " + SUITE + " key for our offer");
  }

  /** {@code tag suite inline:key||salt[|lifetime][|mki]}; null for a suite or key we cannot use. */
  private static Sdes read(String line, SrtpKeys.Master ours) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 3 || !f[1].equals(SUITE) || !f[2].startsWith("inline:")) {
      return null;
    }
    byte[] material;
    try {
      material = Base64.getDecoder().decode(f[2].substring(7).split("\\|")[0]);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (material.length != 30) {
      return null;
    }
    int tag;
    try {
      tag = Integer.parseInt(f[0]);
    } catch (NumberFormatException e) {
      return null;
    }
    SrtpKeys.Master theirs =
        new SrtpKeys.Master(
            java.util.Arrays.copyOfRange(material, 0, 16),
            java.util.Arrays.copyOfRange(material, 16, 30));
    return new Sdes(tag, theirs, ours == null ? fresh() : ours);
  }

  private static SrtpKeys.Master fresh() {
    byte[] key = new byte[16];
    byte[] salt = new byte[14];
    RANDOM.nextBytes(key);
    RANDOM.nextBytes(salt);
    return new SrtpKeys.Master(key, salt);
  }

  /** Our a=crypto value. */
  public String line() {
    byte[] material = new byte[30];
    System.arraycopy(ours.key(), 0, material, 0, 16);
    System.arraycopy(ours.salt(), 0, material, 16, 14);
    return tag + " " + SUITE + " inline:" + Base64.getEncoder().encodeToString(material);
  }

  /** The leg's SRTP session, once both keys are known. */
  public SrtpSession session() {
    return new SrtpSession(new SrtpKeys(SrtpProfile.AES128_CM_HMAC_SHA1_80, ours, theirs));
  }

  @Override
  public String toString() {
    return "Sdes[tag " + tag + ", " + SUITE + "]"; // keys never go to a log
  }
}
