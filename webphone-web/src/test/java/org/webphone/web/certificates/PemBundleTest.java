package org.webphone.web.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * "Add Certificate"'s checks on what an operator uploads: a good chain passes; a key of another
 * certificate, an expired certificate, a wrong name, a chain missing its issuer, chains out of
 * order and garbage are each refused with a message for the field.
 */
class PemBundleTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private record Issued(KeyPair keys, X509Certificate certificate) {}

  private static KeyPair keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  private static Issued issue(String subject, Issued issuer, Duration validFor, String dns)
      throws Exception {
    KeyPair keys = keys();
    KeyPair signer = issuer == null ? keys : issuer.keys();
    String issuerName =
        issuer == null ? subject : issuer.certificate().getSubjectX500Principal().getName();
    var b =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuerName),
            BigInteger.valueOf(System.nanoTime()),
            Date.from(NOW.minus(Duration.ofDays(10))),
            Date.from(NOW.plus(validFor)),
            new X500Name(subject),
            keys.getPublic());
    if (dns != null) {
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, dns)));
    }
    X509Certificate c =
        new JcaX509CertificateConverter()
            .getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    return new Issued(keys, c);
  }

  private static String pem(Object... objects) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        // Keys as PKCS #8 ("PRIVATE KEY"), as openssl genpkey and most CAs' tools write them.
        w.writeObject(
            o instanceof java.security.PrivateKey k
                ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null)
                : o);
      }
    }
    return out.toString();
  }

  private Issued root;
  private Issued intermediate;

  private void ca() throws Exception {
    root = issue("CN=Test Root", null, Duration.ofDays(3650), null);
    intermediate = issue("CN=Test Intermediate", root, Duration.ofDays(1000), null);
  }

  @Test
  void aServerCertificateWithItsIntermediateAndRootAndItsOwnKeyPasses() throws Exception {
    ca();
    Issued server =
        issue("CN=phone.example.com", intermediate, Duration.ofDays(90), "phone.example.com");
    String chain = pem(server.certificate(), intermediate.certificate(), root.certificate());
    assertEquals(
        Map.of(),
        PemBundle.problems(chain, pem(server.keys().getPrivate()), "phone.example.com", CLOCK));
    assertEquals(3, PemBundle.parse(chain, pem(server.keys().getPrivate())).chain().size());
  }

  @Test
  void eachWrongUploadIsRefusedWithWhy() throws Exception {
    ca();
    Issued server =
        issue("CN=phone.example.com", intermediate, Duration.ofDays(90), "phone.example.com");
    String good = pem(server.certificate(), intermediate.certificate(), root.certificate());
    String key = pem(server.keys().getPrivate());

    assertEquals(
        "this private key does not belong to the first certificate of the chain",
        PemBundle.problems(good, pem(keys().getPrivate()), "phone.example.com", CLOCK).get("key"));

    Issued old =
        issue("CN=phone.example.com", intermediate, Duration.ofDays(-1), "phone.example.com");
    assertTrue(
        PemBundle.problems(
                pem(old.certificate(), intermediate.certificate(), root.certificate()),
                pem(old.keys().getPrivate()),
                "phone.example.com",
                CLOCK)
            .get("chain")
            .startsWith("the certificate expired on 2026-11-26"));

    assertEquals(
        "the certificate does not name webrtc.example.com (it names [phone.example.com])",
        PemBundle.problems(good, key, "webrtc.example.com", CLOCK).get("chain"));

    assertTrue(
        PemBundle.problems(pem(server.certificate()), key, "phone.example.com", CLOCK)
            .get("chain")
            .startsWith(
                "the chain is incomplete: the certificate of CN=Test Intermediate is missing"));

    assertTrue(
        PemBundle.problems(
                pem(server.certificate(), root.certificate(), intermediate.certificate()),
                key,
                "phone.example.com",
                CLOCK)
            .get("chain")
            .startsWith("certificate 2 of the chain did not sign certificate 1"));

    Map<String, String> garbage =
        PemBundle.problems("hello", "-----BEGIN PRIVATE KEY-----\nnot base64\n", null, CLOCK);
    assertEquals("not a PEM certificate chain (-----BEGIN CERTIFICATE-----)", garbage.get("chain"));
    assertEquals("not a PEM private key (-----BEGIN PRIVATE KEY-----)", garbage.get("key"));
  }
}
