package org.webphone.web.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** What the certificates page says of a certificate: names, days left, what it covers. */
class CertificateInfoTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static X509Certificate certificate(String issuer, Duration left, String... dnsNames)
      throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair keys = g.generateKeyPair();
    var builder =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(0x5eed),
            Date.from(NOW.minus(Duration.ofDays(30))),
            Date.from(NOW.plus(left)),
            new X500Name("CN=" + dnsNames[0]),
            keys.getPublic());
    GeneralName[] names = new GeneralName[dnsNames.length];
    for (int i = 0; i < dnsNames.length; i++) {
      names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
    }
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  @Test
  void aCaIssuedCertificateWithTwoMonthsLeftCoversItsNamesAndOneLabelUnderItsWildcard()
      throws Exception {
    CertificateInfo c =
        CertificateInfo.of(
            "web",
            certificate(
                "O=Example,CN=Test CA", Duration.ofDays(60), "phone.example.com", "*.example.net"),
            CLOCK);
    assertEquals(List.of("phone.example.com", "*.example.net"), c.names());
    assertEquals("CN=phone.example.com", c.subject());
    // Encoded as CAs do (O, then CN), shown most specific first (RFC 2253).
    assertEquals("CN=Test CA,O=Example", c.issuer());
    assertEquals(60, c.daysLeft());
    assertEquals("5eed", c.serial());
    assertFalse(c.expiresSoon());
    assertFalse(c.selfSigned());
    assertTrue(c.covers("Phone.Example.com"));
    assertTrue(c.covers("webrtc.example.net"));
    assertFalse(c.covers("a.b.example.net"), "a wildcard stands for one label");
    assertFalse(c.covers("example.net"));
  }

  @Test
  void aCertificateDueWithinTwoWeeksWarnsAndAnExpiredOneSaysSo() throws Exception {
    CertificateInfo soon =
        CertificateInfo.of(
            "a", certificate("CN=localhost", Duration.ofDays(13), "localhost"), CLOCK);
    assertTrue(soon.expiresSoon());
    assertFalse(soon.expired());
    assertTrue(soon.selfSigned());
    CertificateInfo gone =
        CertificateInfo.of("b", certificate("CN=x", Duration.ofDays(-2), "localhost"), CLOCK);
    assertTrue(gone.expired());
  }
}
