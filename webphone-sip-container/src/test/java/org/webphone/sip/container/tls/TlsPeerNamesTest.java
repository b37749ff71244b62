package org.webphone.sip.container.tls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
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
  @TempDir static Path dir;
  private static TestCertificates certificates;
  private static SSLContext client;

  @BeforeAll
  static void certificates() throws Exception {
    certificates = new TestCertificates(dir);
    certificates.issue("carrier", "dns:localhost");
    certificates.issue("impostor", "dns:wrong.example");
    certificates.issue("by-ip", "ip:127.0.0.2");
    client = certificates.context(null);
  }

  /** A TLS server on {@code address} presenting {@code alias}'s certificate to one client. */
  private static final class Server implements AutoCloseable {
    final SSLServerSocket socket;
    final CompletableFuture<List<String>> sni = new CompletableFuture<>();

    Server(String alias, String address) throws Exception {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(certificates.load(alias + ".p12"), TestCertificates.PASSWORD);
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
