package org.webphone.media.srtp;

import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP protection profiles we negotiate in DTLS's use_srtp extension (RFC 5764 §4.1.2), in our
 * order of preference: AES-GCM (RFC 7714; one pass for encryption and authentication) before AES-CM
 * with an 80-bit HMAC-SHA1 tag, which every browser also offers.
 */
public enum SrtpProfile {
  AEAD_AES_128_GCM(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, 16, 12),
  AES128_CM_HMAC_SHA1_80(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, 16, 14);

  /** The profile's number in use_srtp. */
  public final int id;

  final int keyLength;
  final int saltLength;

  SrtpProfile(int id, int keyLength, int saltLength) {
    this.id = id;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
  }

  public static SrtpProfile byId(int id) {
    for (SrtpProfile p : values()) {
      if (p.id == id) {
        return p;
      }
    }
    return null;
  }

  public static int[] ids() {
    SrtpProfile[] all = values();
    int[] ids = new int[all.length];
    for (int i = 0; i < all.length; i++) {
      ids[i] = all[i].id;
    }
    return ids;
  }

  /** jitsi-srtp's description of this profile, for SRTP and for SRTCP. */
  SrtpPolicy policy() {
    return this == AEAD_AES_128_GCM
        ? new SrtpPolicy(
            SrtpPolicy.AESGCM_ENCRYPTION,
            keyLength,
            SrtpPolicy.NULL_AUTHENTICATION,
            0,
            16,
            saltLength)
        : new SrtpPolicy(
            SrtpPolicy.AESCM_ENCRYPTION,
            keyLength,
            SrtpPolicy.HMACSHA1_AUTHENTICATION,
            20,
            10,
            saltLength);
  }
}
