package org.webphone.media.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The certificate this process shows in every DTLS handshake (RFC 5763 §5: self-signed; the peer
 * trusts it by the fingerprint in our SDP, not by a CA): ECDSA P-256, which every browser accepts
 * and which is cheap to sign with. Generated once per process, as generating one costs 1–2 s cold
 * (ARCHITECTURE.md).
 *
 * <p>Threading: immutable.
 */
public final class DtlsIdentity {
  private final byte[] certificate;
  private final AsymmetricKeyParameter privateKey;
  private final String fingerprint;

  private DtlsIdentity(byte[] certificate, AsymmetricKeyParameter privateKey) {
    this.certificate = certificate.clone();
    this.privateKey = privateKey;
    this.fingerprint = fingerprint(certificate);
  }

  /** A new key pair and a self-signed certificate for it, valid for {@code validity}. */
  public static DtlsIdentity generate(Duration validity) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = g.generateKeyPair();
      X500Name name = new X500Name("CN=WebPhone");
      Instant now = Instant.now();
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  name,
                  new BigInteger(64, new SecureRandom()),
                  Date.from(now.minus(Duration.ofDays(1))),
                  Date.from(now.plus(validity)),
                  name,
                  pair.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return new DtlsIdentity(
          holder.getEncoded(), PrivateKeyFactory.createKey(pair.getPrivate().getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot create the DTLS certificate", e);
    }
  }

  /** The certificate, DER. */
  public byte[] certificate() {
    return certificate.clone();
  }

  /** What signs our side of a handshake in {@code context}: this certificate and its key. */
  TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto) throws IOException {
    TlsCertificate cert = crypto.createCertificate(certificate);
    return new BcDefaultTlsCredentialedSigner(
        new TlsCryptoParameters(context),
        crypto,
        privateKey,
        new Certificate(new TlsCertificate[] {cert}),
        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
  }

  /**
   * For SDP: {@code a=fingerprint:sha-256 <this>} (RFC 8122 §5), upper-case hex pairs with colons.
   */
  public String fingerprint() {
    return fingerprint;
  }

  /** The SHA-256 fingerprint of a DER certificate, as SDP writes it. */
  public static String fingerprint(byte[] der) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** Whether two fingerprints are the same, whatever case the SDP used. */
  static boolean same(String a, String b) {
    return a != null
        && b != null
        && a.trim().toUpperCase(Locale.ROOT).equals(b.trim().toUpperCase(Locale.ROOT));
  }
}
