package org.webphone.media.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.webphone.media.srtp.SrtpKeys;
import org.webphone.media.srtp.SrtpProfile;

/**
 * Our side of a DTLS-SRTP handshake when we are the DTLS client: we offered {@code a=setup:actpass}
 * to a browser and it answered {@code passive} (RFC 5763 §5). The same rules as {@link DtlsServer}:
 * DTLS 1.2, ECDHE-ECDSA with AES-GCM, the server's certificate must be the one its SDP's
 * fingerprint names, and our {@link SrtpProfile}s offered in our order.
 *
 * <p>Threading: one handshake per call, blocking the calling thread until it ends.
 */
public final class DtlsClient {
  private DtlsClient() {}

  /**
   * Runs the handshake on {@code transport} and returns the leg's SRTP keys.
   *
   * @param peerFingerprint the {@code a=fingerprint:sha-256} value of the browser's SDP
   * @throws IOException when the handshake fails (a TlsFatalAlert names why)
   */
  public static SrtpKeys connect(
      DtlsIdentity identity, String peerFingerprint, DatagramTransport transport)
      throws IOException {
    return connect(identity, peerFingerprint, transport, SrtpProfile.ids());
  }

  /**
   * The same, offering {@code profiles} in use_srtp (none: no use_srtp at all), as a browser with
   * other preferences does; for tests.
   */
  static SrtpKeys connect(
      DtlsIdentity identity, String peerFingerprint, DatagramTransport transport, int... profiles)
      throws IOException {
    Client client = new Client(identity, peerFingerprint, profiles);
    new DTLSClientProtocol().connect(client, transport);
    return client.keys;
  }

  private static final class Client extends DefaultTlsClient {
    private final DtlsIdentity identity;
    private final String peerFingerprint;
    private final int[] offered;
    private SrtpProfile profile;
    private SrtpKeys keys;

    Client(DtlsIdentity identity, String peerFingerprint, int[] offered) {
      super(new BcTlsCrypto(new SecureRandom()));
      this.identity = identity;
      this.peerFingerprint = peerFingerprint;
      this.offered = offered;
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
    @SuppressWarnings({"rawtypes", "unchecked"}) // BouncyCastle's API
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
      UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
      profile =
          chosen == null || chosen.getProtectionProfiles().length != 1
              ? null
              : SrtpProfile.byId(chosen.getProtectionProfiles()[0]);
      if (profile == null) {
        throw new TlsFatalAlert(AlertDescription.illegal_parameter); // RFC 5764 §4.1.1
      }
    }

    @Override
    public TlsAuthentication getAuthentication() {
      return new TlsAuthentication() {
        @Override
        public void notifyServerCertificate(TlsServerCertificate serverCertificate)
            throws IOException {
          DtlsRules.requireFingerprint(serverCertificate.getCertificate(), peerFingerprint);
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
      keys = DtlsRules.keys(context, profile, true);
    }
  }
}
