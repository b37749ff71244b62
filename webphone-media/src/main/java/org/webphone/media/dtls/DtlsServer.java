package org.webphone.media.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.webphone.media.srtp.SrtpKeys;
import org.webphone.media.srtp.SrtpProfile;

/**
 * Our side of a DTLS-SRTP handshake when the browser is the DTLS client: we answered its offer with
 * {@code a=setup:passive} (RFC 5763 §5). DTLS 1.2 only, ECDHE-ECDSA with AES-GCM; the browser must
 * show a certificate, and it must be the one whose fingerprint its SDP gave (else the handshake
 * fails with bad_certificate, and no key is ever exported); use_srtp picks the first of our {@link
 * SrtpProfile}s the browser offers.
 *
 * <p>Threading: one handshake per instance, on the calling thread; BouncyCastle blocks it until the
 * handshake ends (ARCHITECTURE.md: run handshakes on a bounded pool).
 */
public final class DtlsServer {
  private DtlsServer() {}

  /**
   * Runs the handshake on {@code transport} and returns the leg's SRTP keys.
   *
   * @param peerFingerprint the {@code a=fingerprint:sha-256} value of the browser's SDP
   * @throws IOException when the handshake fails (a TlsFatalAlert names why)
   */
  public static SrtpKeys accept(
      DtlsIdentity identity, String peerFingerprint, DatagramTransport transport)
      throws IOException {
    Server server = new Server(identity, peerFingerprint);
    new DTLSServerProtocol().accept(server, transport);
    return server.keys;
  }

  private static final class Server extends DefaultTlsServer {
    private final DtlsIdentity identity;
    private final String peerFingerprint;
    private SrtpProfile profile;
    private SrtpKeys keys;

    Server(DtlsIdentity identity, String peerFingerprint) {
      super(new BcTlsCrypto(new SecureRandom()));
      this.identity = identity;
      this.peerFingerprint = peerFingerprint;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
      return DtlsRules.versions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
      return DtlsRules.cipherSuites();
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
      return identity.signer(context, (BcTlsCrypto) getCrypto());
    }

    @Override
    public CertificateRequest getCertificateRequest() {
      @SuppressWarnings("unchecked")
      Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
      algorithms.add(
          SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
      algorithms.add(
          SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
      return new CertificateRequest(
          new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
          algorithms,
          null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
      DtlsRules.requireFingerprint(clientCertificate, peerFingerprint);
    }

    @Override
    @SuppressWarnings("rawtypes") // BouncyCastle's API
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
      super.processClientExtensions(clientExtensions);
      UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
      if (offered == null) {
        throw new TlsFatalAlert(AlertDescription.handshake_failure); // RFC 5764: SRTP or nothing
      }
      for (int ours : SrtpProfile.ids()) {
        for (int theirs : offered.getProtectionProfiles()) {
          if (ours == theirs && profile == null) {
            profile = SrtpProfile.byId(ours);
          }
        }
      }
      if (profile == null) {
        throw new TlsFatalAlert(AlertDescription.handshake_failure);
      }
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
      Hashtable extensions = super.getServerExtensions();
      if (extensions == null) {
        extensions = new Hashtable();
      }
      TlsSRTPUtils.addUseSRTPExtension(
          extensions, new UseSRTPData(new int[] {profile.id}, new byte[0]));
      return extensions;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
      super.notifyHandshakeComplete();
      keys = DtlsRules.keys(context, profile, false);
    }
  }
}
