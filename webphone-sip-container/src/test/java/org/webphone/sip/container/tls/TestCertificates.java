package org.webphone.sip.container.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.webphone.tls.LiveKeys;

/**
 * A test CA and the certificates it signs, made in this process with BouncyCastle (ECDSA P-256,
 * valid from a day ago for a year) and kept in a folder of the test's: {@code ca.p12} (the CA's
 * key), {@code trust.p12} (only its certificate), and one {@code ALIAS.p12} per certificate issued
 * (its key and chain). Every store's password is {@link #PASSWORD}. (It ran the JDK's keytool
 * before: five JVM starts per certificate, most of a TLS suite's time.)
 */
public final class TestCertificates {
  public static final char[] PASSWORD = "changeit".toCharArray();
  private static final String SIGNATURE = "SHA256withECDSA";
  private final Path dir;
  private final KeyPair caKeys;
  private final X509Certificate ca;
  private long serial = 1;

  /** Makes the CA in {@code dir}. */
  public TestCertificates(Path dir) throws IOException, GeneralSecurityException {
    this.dir = dir;
    this.caKeys = keyPair();
    X500Name name = new X500Name("CN=Test CA");
    this.ca =
        sign(
            builder(name, name, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
    store("ca.p12", "ca", caKeys.getPrivate(), ca);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, PASSWORD);
    trust.setCertificateEntry("ca", ca);
    save(trust, "trust.p12");
  }

  /**
   * A key pair for {@code alias}, its certificate signed by the CA for {@code san}: comma-separated
   * {@code dns:NAME}, {@code ip:ADDRESS} or {@code email:ADDRESS}, as keytool's {@code -ext SAN=}.
   */
  public void issue(String alias, String san) throws IOException, GeneralSecurityException {
    KeyPair keys = keyPair();
    X509Certificate cert =
        sign(
            builder(new X500Name("CN=Test CA"), new X500Name("CN=" + alias), keys.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, names(san)));
    store(alias + ".p12", alias, keys.getPrivate(), cert, ca);
  }

  private static GeneralNames names(String san) {
    List<GeneralName> names = new ArrayList<>();
    for (String part : san.split(",")) {
      String[] kv = part.trim().split(":", 2);
      int tag =
          switch (kv[0].toLowerCase(Locale.ROOT)) {
            case "dns" -> GeneralName.dNSName;
            case "ip" -> GeneralName.iPAddress;
            case "email" -> GeneralName.rfc822Name;
            default -> throw new IllegalArgumentException("not a SAN kind: " + part);
          };
      names.add(new GeneralName(tag, kv[1]));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(serial++),
        Date.from(now.minus(1, ChronoUnit.DAYS)),
        Date.from(now.plus(365, ChronoUnit.DAYS)),
        subject,
        key);
  }

  private X509Certificate sign(X509v3CertificateBuilder builder)
      throws IOException, GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(SIGNATURE).build(caKeys.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private void store(String file, String alias, PrivateKey key, X509Certificate... chain)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, PASSWORD);
    ks.setKeyEntry(alias, key, PASSWORD, chain);
    if (chain.length > 1) {
      ks.setCertificateEntry("ca", ca);
    }
    save(ks, file);
  }

  private void save(KeyStore ks, String file) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(dir.resolve(file))) {
      ks.store(out, PASSWORD);
    }
  }

  /** The store holding only the CA's certificate, for trust. */
  public Path trustStore() {
    return dir.resolve("trust.p12");
  }

  /** A TLS context that trusts the CA and presents {@code alias}'s key (null: none). */
  public SSLContext context(String alias) throws IOException, GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load("trust.p12"));
    KeyManagerFactory kmf = null;
    if (alias != null) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(load(alias + ".p12"), PASSWORD);
    }
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return c;
  }

  /** {@code alias}'s key and chain, as LiveKeys holds them. */
  public LiveKeys.Entry entry(String alias) throws IOException, GeneralSecurityException {
    KeyStore ks = load(alias + ".p12");
    var chain = ks.getCertificateChain(alias);
    return new LiveKeys.Entry(
        Arrays.copyOf(chain, chain.length, X509Certificate[].class),
        (PrivateKey) ks.getKey(alias, PASSWORD));
  }

  public KeyStore load(String file) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(file))) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }
}
