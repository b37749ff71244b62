package org.webphone.media;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS client side as a browser plays it (RFC 5763/5764), written directly on BouncyCastle's
 * API for the tests: offers both SRTP profiles in the order Chromium does (AES-GCM first), shows
 * its own certificate, checks the server's against the fingerprint "its SDP" received, and exports
 * the SRTP keys itself.
 */
final class BrowserLikeDtlsClient extends DefaultTlsClient {
  private final DtlsIdentity identity;
  private final String serverFingerprint;
  private final int[] offered;
  private int profile;
  private SrtpKeys keys;

  private BrowserLikeDtlsClient(DtlsIdentity identity, String serverFingerprint, int[] offered) {
    super(new BcTlsCrypto(new SecureRandom()));
    this.identity = identity;
    this.serverFingerprint = serverFingerprint;
    this.offered = offered;
  }

  static SrtpKeys connect(
      DtlsIdentity identity, String serverFingerprint, DatagramTransport transport)
      throws IOException {
    return connect(
        identity,
        serverFingerprint,
        transport,
        SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM,
        SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
  }

  /**
   * @param offered the SRTP profiles to offer in use_srtp; none: no use_srtp at all
   */
  static SrtpKeys connect(
      DtlsIdentity identity, String serverFingerprint, DatagramTransport transport, int... offered)
      throws IOException {
    BrowserLikeDtlsClient client = new BrowserLikeDtlsClient(identity, serverFingerprint, offered);
    new DTLSClientProtocol().connect(client, transport);
    return client.keys;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getClientExtensions() throws IOException {
    Hashtable extensions = super.getClientExtensions();
    if (extensions == null) {
      extensions = new Hashtable();
    }
    if (offered.length > 0) {
      TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(offered, new byte[0]));
    }
    return extensions;
  }

  @Override
  @SuppressWarnings("rawtypes") // BouncyCastle's API
  public void processServerExtensions(Hashtable serverExtensions) throws IOException {
    super.processServerExtensions(serverExtensions);
    profile = TlsSRTPUtils.getUseSRTPExtension(serverExtensions).getProtectionProfiles()[0];
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate)
          throws IOException {
        byte[] der = serverCertificate.getCertificate().getCertificateAt(0).getEncoded();
        if (!DtlsIdentity.same(DtlsIdentity.fingerprint(der), serverFingerprint)) {
          throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        return identity.signer(context, (BcTlsCrypto) getCrypto());
      }
    };
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    SrtpProfile p = SrtpProfile.byId(profile);
    keys =
        SrtpKeys.fromExport(
            p,
            context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpKeys.exportLength(p)),
            true);
  }
}
