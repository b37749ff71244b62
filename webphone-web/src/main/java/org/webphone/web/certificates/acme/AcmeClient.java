package org.webphone.web.certificates.acme;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * acme4j sessions that speak to a directory over our own HTTP client: TLS 1.2+ trusting the JDK's
 * roots plus the operator's extra certificates ({@code webphone.acme.trust}, for a private CA such
 * as pebble in the tests), and no proxy unless the JVM names one. acme4j's generic provider would
 * build a client with the JDK's trust only.
 */
final class AcmeClient {
  private final HttpClient http;

  AcmeClient(Optional<Path> trust, Duration timeout) throws IOException, GeneralSecurityException {
    SSLParameters tls = new SSLParameters();
    tls.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    this.http =
        HttpClient.newBuilder()
            .sslContext(context(trust))
            .sslParameters(tls)
            .connectTimeout(timeout)
            .proxy(ProxySelector.getDefault())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  Session session(URI directory) {
    return new Session(directory, new Provider(http));
  }

  /** The generic provider for any directory URL, on our client. */
  private static final class Provider extends GenericAcmeProvider {
    private final HttpClient http;

    Provider(HttpClient http) {
      this.http = http;
    }

    @Override
    protected HttpConnector createHttpConnector(NetworkSettings settings, HttpClient ignored) {
      return new HttpConnector(settings, http);
    }
  }

  private static SSLContext context(Optional<Path> trust)
      throws IOException, GeneralSecurityException {
    KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
    anchors.load(null, null);
    TrustManagerFactory jdk =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    jdk.init((KeyStore) null);
    int n = 0;
    for (var m : jdk.getTrustManagers()) {
      if (m instanceof X509TrustManager x) {
        for (X509Certificate c : x.getAcceptedIssuers()) {
          anchors.setCertificateEntry("jdk" + n++, c);
        }
      }
    }
    if (trust.isPresent()) {
      try (InputStream in = Files.newInputStream(trust.get())) {
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          anchors.setCertificateEntry("extra" + n++, c);
        }
      }
    }
    TrustManagerFactory f =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(anchors);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, f.getTrustManagers(), null);
    return context;
  }
}
