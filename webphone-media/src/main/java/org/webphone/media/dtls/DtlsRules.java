package org.webphone.media.dtls;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.webphone.media.srtp.SrtpKeys;
import org.webphone.media.srtp.SrtpProfile;

/**
 * What both our DTLS roles insist on (RFC 5763, RFC 5764, RFC 8827 §6.5): DTLS 1.2 only,
 * ECDHE-ECDSA with AES-GCM, a peer certificate that is the one its SDP's fingerprint names, and
 * SRTP keys exported with {@code EXTRACTOR-dtls_srtp}.
 */
final class DtlsRules {
  private DtlsRules() {}

  static ProtocolVersion[] versions() {
    return ProtocolVersion.DTLSv12.only();
  }

  static int[] cipherSuites() {
    return new int[] {
      CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
      CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
    };
  }

  /**
   * @throws TlsFatalAlert bad_certificate when the peer's first certificate is not the one the
   *     fingerprint names, handshake_failure when it showed none
   */
  static void requireFingerprint(Certificate peer, String fingerprint) throws IOException {
    if (peer == null || peer.isEmpty()) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure);
    }
    byte[] der = peer.getCertificateAt(0).getEncoded();
    if (!DtlsIdentity.same(DtlsIdentity.fingerprint(der), fingerprint)) {
      throw new TlsFatalAlert(AlertDescription.bad_certificate);
    }
  }

  /** The leg's SRTP keys, once the handshake in {@code context} is complete. */
  static SrtpKeys keys(TlsContext context, SrtpProfile profile, boolean weAreClient)
      throws IOException {
    byte[] material =
        context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpKeys.exportLength(profile));
    return SrtpKeys.fromExport(profile, material, weAreClient);
  }
}
