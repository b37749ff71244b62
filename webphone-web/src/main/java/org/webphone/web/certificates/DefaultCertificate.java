package org.webphone.web.certificates;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate a new server presents until an admin adds or orders its own: self-signed for
 * {@code localhost}, 127.0.0.1 and ::1 (where the embedded default is reached), a {@link
 * KeyPairs#p256} key, 825 days (the longest Apple's clients accept for a server certificate).
 */
public final class DefaultCertificate {
  public static final String HOST = "localhost";
  static final Duration LIFETIME = Duration.ofDays(825);
  private static final SecureRandom RANDOM = new SecureRandom();

  private DefaultCertificate() {}

  /** The chain (one certificate) and its key, as PEM. */
  public record Made(X509Certificate certificate, String chainPem, String keyPem) {}

  public static Made make(Instant now) throws GeneralSecurityException {
    KeyPair key = KeyPairs.p256();
    X500Name name = new X500Name("CN=" + HOST);
    try {
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  name,
                  new BigInteger(64, RANDOM).setBit(63),
                  Date.from(now.minus(Duration.ofMinutes(5))),
                  Date.from(now.plus(LIFETIME)),
                  name,
                  key.getPublic())
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(
                      new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, HOST),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.iPAddress, "::1")
                      }))
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
      X509Certificate c = new JcaX509CertificateConverter().getCertificate(holder);
      return new Made(
          c,
          Pem.encode("CERTIFICATE", c.getEncoded()),
          Pem.encode("PRIVATE KEY", key.getPrivate().getEncoded()));
    } catch (OperatorCreationException | java.io.IOException e) {
      throw new GeneralSecurityException("cannot make the default certificate: " + e, e);
    }
  }
}
