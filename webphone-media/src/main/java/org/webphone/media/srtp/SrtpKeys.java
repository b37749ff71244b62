package org.webphone.media.srtp;

/**
 * The keys a DTLS handshake exported for one leg (RFC 5764 §4.2): which profile, and the master key
 * and salt each side protects its own packets with.
 *
 * @param local what we protect our packets with
 * @param remote what the peer protects its packets with (we unprotect with it)
 */
public record SrtpKeys(SrtpProfile profile, Master local, Master remote) {
  /** One side's SRTP master key and salt. */
  public record Master(byte[] key, byte[] salt) {
    public Master {
      key = key.clone();
      salt = salt.clone();
    }

    @Override
    public byte[] key() {
      return key.clone();
    }

    @Override
    public byte[] salt() {
      return salt.clone();
    }

    @Override
    public String toString() {
      return "Master[" + key.length * 8 + "-bit key]"; // the key itself never goes to a log
    }
  }

  /**
   * Splits keying material exported with {@code EXTRACTOR-dtls_srtp}: client key, server key,
   * client salt, server salt.
   *
   * @param weAreClient whether we were the DTLS client
   */
  public static SrtpKeys fromExport(SrtpProfile profile, byte[] material, boolean weAreClient) {
    int k = profile.keyLength;
    int s = profile.saltLength;
    byte[] clientKey = java.util.Arrays.copyOfRange(material, 0, k);
    byte[] serverKey = java.util.Arrays.copyOfRange(material, k, 2 * k);
    byte[] clientSalt = java.util.Arrays.copyOfRange(material, 2 * k, 2 * k + s);
    byte[] serverSalt = java.util.Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
    Master client = new Master(clientKey, clientSalt);
    Master server = new Master(serverKey, serverSalt);
    return weAreClient
        ? new SrtpKeys(profile, client, server)
        : new SrtpKeys(profile, server, client);
  }

  /** How many bytes to export for {@code profile}. */
  public static int exportLength(SrtpProfile profile) {
    return 2 * (profile.keyLength + profile.saltLength);
  }
}
