package org.webphone.web.certificates;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A certificate chain and its private key as an operator uploads them (PEM), checked before
 * anything is kept: both parse; the key belongs to the first certificate; each certificate is
 * signed by the next, and the last is a root or issued by one the JDK trusts (the chain is
 * complete); the first is valid now; and it names the host it is for. Each refusal names its field
 * ({@code chain} or {@code key}) and says what is wrong.
 */
public record PemBundle(List<X509Certificate> chain, PrivateKey key) {
  private static final java.security.Provider BC =
      new org.bouncycastle.jce.provider.BouncyCastleProvider();

  /** The problems, by field; empty when the bundle may be used for {@code host}. */
  public static Map<String, String> problems(
      String chainPem, String keyPem, String host, Clock clock) {
    Map<String, String> wrong = new LinkedHashMap<>();
    List<X509Certificate> chain = certificates(chainPem, wrong);
    PrivateKey key = key(keyPem, wrong);
    if (!wrong.isEmpty()) {
      return wrong;
    }
    X509Certificate leaf = chain.get(0);
    if (!belongs(key, leaf)) {
      wrong.put("key", "this private key does not belong to the first certificate of the chain");
      return wrong;
    }
    String broken = brokenLink(chain);
    if (broken != null) {
      wrong.put("chain", broken);
      return wrong;
    }
    Instant now = clock.instant();
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      wrong.put("chain", "the certificate expired on " + leaf.getNotAfter().toInstant());
    } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
      wrong.put("chain", "the certificate is valid only from " + leaf.getNotBefore().toInstant());
    } else if (host != null && !CertificateInfo.of("upload", leaf, clock).covers(host)) {
      wrong.put(
          "chain",
          "the certificate does not name "
              + host
              + " (it names "
              + CertificateInfo.of("upload", leaf, clock).names()
              + ")");
    }
    return wrong;
  }

  /** The first certificate of a stored chain (the server's own). */
  public static X509Certificate firstCertificate(String chainPem) {
    Map<String, String> wrong = new LinkedHashMap<>();
    List<X509Certificate> chain = certificates(chainPem, wrong);
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException(wrong.toString());
    }
    return chain.get(0);
  }

  /** The bundle, once {@link #problems} found none. */
  public static PemBundle parse(String chainPem, String keyPem) {
    Map<String, String> wrong = new LinkedHashMap<>();
    List<X509Certificate> chain = certificates(chainPem, wrong);
    PrivateKey key = key(keyPem, wrong);
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException(wrong.toString());
    }
    return new PemBundle(List.copyOf(chain), key);
  }

  private static List<X509Certificate> certificates(String pem, Map<String, String> wrong) {
    List<X509Certificate> chain = new ArrayList<>();
    try (PEMParser p = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      JcaX509CertificateConverter convert = new JcaX509CertificateConverter();
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof X509CertificateHolder h) {
          chain.add(convert.getCertificate(h));
        } else {
          wrong.put("chain", "only certificates belong here (found " + kind(o) + ")");
          return chain;
        }
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      wrong.put("chain", "not a PEM certificate chain (-----BEGIN CERTIFICATE-----)");
      return chain;
    }
    if (chain.isEmpty()) {
      wrong.put("chain", "not a PEM certificate chain (-----BEGIN CERTIFICATE-----)");
    }
    return chain;
  }

  private static PrivateKey key(String pem, Map<String, String> wrong) {
    try (PEMParser p = new PEMParser(new StringReader(pem == null ? "" : pem))) {
      Object o = p.readObject();
      // BouncyCastle's key factories: the JDK's refuses an OpenSSL "EC PRIVATE KEY" (SEC 1) whose
      // curve is named only in the key itself.
      JcaPEMKeyConverter convert = new JcaPEMKeyConverter().setProvider(BC);
      if (o instanceof PEMKeyPair pair) {
        return convert.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (o instanceof PrivateKeyInfo info) {
        return convert.getPrivateKey(info);
      }
      wrong.put(
          "key",
          o == null
              ? "not a PEM private key (-----BEGIN PRIVATE KEY-----)"
              : "an unencrypted private key belongs here (found " + kind(o) + ")");
    } catch (IOException | RuntimeException e) {
      wrong.put("key", "not a PEM private key (-----BEGIN PRIVATE KEY-----)");
    }
    return null;
  }

  private static String kind(Object o) {
    String name = o.getClass().getSimpleName();
    return name.contains("Encrypted") ? "an encrypted key: decrypt it first" : name;
  }

  /** Signs with the key and verifies with the certificate: they are one pair or not. */
  private static boolean belongs(PrivateKey key, X509Certificate leaf) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC", "ECDSA" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null) {
      return false;
    }
    try {
      byte[] probe = "webphone key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(algorithm, BC);
      s.initSign(key);
      s.update(probe);
      byte[] signature = s.sign();
      Signature v = Signature.getInstance(algorithm, BC);
      v.initVerify(leaf.getPublicKey());
      v.update(probe);
      return v.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Why the chain is not complete, or null when it is. */
  private static String brokenLink(List<X509Certificate> chain) {
    for (int i = 0; i + 1 < chain.size(); i++) {
      try {
        chain.get(i).verify(chain.get(i + 1).getPublicKey());
      } catch (GeneralSecurityException e) {
        return "certificate "
            + (i + 2)
            + " of the chain did not sign certificate "
            + (i + 1)
            + ": put them in order, the server's own first";
      }
    }
    X509Certificate last = chain.get(chain.size() - 1);
    if (last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
      return null; // a root, included
    }
    for (X509Certificate anchor : trusted()) {
      if (anchor.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
        try {
          last.verify(anchor.getPublicKey());
          return null;
        } catch (GeneralSecurityException e) {
          // another key with the same name: keep looking
        }
      }
    }
    return "the chain is incomplete: the certificate of "
        + last.getIssuerX500Principal().getName()
        + " is missing (add the intermediates your CA sent)";
  }

  /** The JDK's trusted roots. */
  private static List<X509Certificate> trusted() {
    try {
      TrustManagerFactory f =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init((KeyStore) null);
      for (var m : f.getTrustManagers()) {
        if (m instanceof X509TrustManager x) {
          return List.of(x.getAcceptedIssuers());
        }
      }
    } catch (GeneralSecurityException e) {
      // no trust store: only chains that end in a root pass
    }
    return List.of();
  }
}
