package org.webphone.sip.container.tls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our client TLS to a trunk proves the peer is the trunk's host: a carrier whose certificate (from
 * a CA we trust) names it is accepted and hears its name in SNI; a server with a certificate from
 * the same CA for another name is refused, as is one that names an address other than the one we
 * dialled. Certificates are made by the JDK's keytool: a CA and two server keys it signs.
 */
class TlsPeerNamesTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  @TempDir static Path dir;
  private static SSLContext client;

  @BeforeAll
  static void certificates() throws Exception {
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
    serverKey("carrier", "dns:localhost");
    serverKey("impostor", "dns:wrong.example");
    serverKey("by-ip", "ip:127.0.0.2");
    keytool(
        "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12");
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load("trust.p12"));
    client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
  }

  /** A key pair for {@code alias}, its certificate signed by the CA for {@code san}. */
  private static void serverKey(String alias, String san) throws Exception {
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

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass", "changeit", "-storetype", "PKCS12"));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + ": " + out);
    }
  }

  private static KeyStore load(String file) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(file))) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  /** A TLS server on {@code address} presenting {@code alias}'s certificate to one client. */
  private static final class Server implements AutoCloseable {
    final SSLServerSocket socket;
    final CompletableFuture<List<String>> sni = new CompletableFuture<>();

    Server(String alias, String address) throws Exception {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(load(alias + ".p12"), PASSWORD);
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(kmf.getKeyManagers(), null, null);
      socket =
          (SSLServerSocket)
              c.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getByName(address));
      Thread t =
          new Thread(
              () -> {
                try (SSLSocket s = (SSLSocket) socket.accept()) {
                  s.startHandshake();
                  sni.complete(
                      ((ExtendedSSLSession) s.getSession())
                          .getRequestedServerNames().stream()
                              .map(n -> ((SNIHostName) n).getAsciiName())
                              .toList());
                } catch (IOException e) {
                  sni.completeExceptionally(e);
                }
              });
      t.setDaemon(true);
      t.start();
    }

    /** A client socket as the SIP stack makes it, through the names under test. */
    SSLSocket dial(TlsPeerNames names) throws IOException {
      InetAddress to = socket.getInetAddress();
      SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(to, socket.getLocalPort());
      names.secure(s, to);
      return s;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void theCarrierWhoseCertificateNamesItIsAcceptedAndHearsItsNameInSni() throws Exception {
    TlsPeerNames names = new TlsPeerNames();
    names.expect("localhost");
    try (Server carrier = new Server("carrier", "127.0.0.1");
        SSLSocket s = carrier.dial(names)) {
      assertDoesNotThrow(s::startHandshake);
      assertEquals(List.of("localhost"), carrier.sni.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void aServerWithAnotherNamesCertificateFromTheSameCaIsRefused() throws Exception {
    TlsPeerNames names = new TlsPeerNames();
    names.expect("localhost");
    try (Server impostor = new Server("impostor", "127.0.0.1");
        SSLSocket s = impostor.dial(names)) {
      assertThrows(SSLHandshakeException.class, s::startHandshake);
    }
  }

  @Test
  void aTrunkConfiguredByAddressIsCheckedAgainstThatAddress() throws Exception {
    TlsPeerNames names = new TlsPeerNames();
    try (Server byIp = new Server("by-ip", "127.0.0.2");
        SSLSocket s = byIp.dial(names)) {
      assertDoesNotThrow(s::startHandshake, "the certificate names 127.0.0.2");
    }
    try (Server carrier = new Server("carrier", "127.0.0.1");
        SSLSocket s = carrier.dial(names)) {
      assertThrows(SSLHandshakeException.class, s::startHandshake, "no name leads to 127.0.0.1");
    }
  }
}
