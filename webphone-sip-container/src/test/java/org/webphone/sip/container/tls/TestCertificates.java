package org.webphone.sip.container.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.webphone.tls.LiveKeys;

/**
 * A test CA and the certificates it signs, made by the JDK's keytool in a folder of the test's:
 * {@code ca.p12} (the CA's key), {@code trust.p12} (only its certificate), and one {@code
 * ALIAS.p12} per certificate issued (its key and chain). Every store's password is {@link
 * #PASSWORD}.
 */
public final class TestCertificates {
  public static final char[] PASSWORD = "changeit".toCharArray();
  private final Path dir;

  /** Makes the CA in {@code dir}. */
  public TestCertificates(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-dname",
        "CN=Test CA",
        "-ext",
        "bc:c",
        "-keystore",
        "ca.p12");
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
    keytool(
        "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12");
  }

  /** A key pair for {@code alias}, its certificate signed by the CA for {@code san}. */
  public void issue(String alias, String san) throws IOException, InterruptedException {
    String store = alias + ".p12";
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "EC",
        "-dname",
        "CN=" + alias,
        "-keystore",
        store);
    keytool("-certreq", "-alias", alias, "-keystore", store, "-file", alias + ".csr");
    keytool(
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-infile",
        alias + ".csr",
        "-outfile",
        alias + ".pem",
        "-rfc",
        "-ext",
        "SAN=" + san);
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", store);
    keytool("-importcert", "-alias", alias, "-file", alias + ".pem", "-keystore", store);
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

  private void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass", new String(PASSWORD), "-storetype", "PKCS12"));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + ": " + out);
    }
  }
}
