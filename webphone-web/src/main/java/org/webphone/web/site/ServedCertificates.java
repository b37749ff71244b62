package org.webphone.web.site;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The certificates the listeners serve now: the key entries of the key store that HTTPS, WSS and
 * SIP over TLS were started with (the {@code javax.net.ssl.keyStore*} properties the run command
 * sets). Read on demand; the key store's password never leaves this class.
 */
public final class ServedCertificates {
  private ServedCertificates() {}

  /** Each key entry's leaf certificate; empty when no key store is configured. */
  public static List<CertificateInfo> read(Clock clock)
      throws IOException, GeneralSecurityException {
    String file = System.getProperty("javax.net.ssl.keyStore");
    if (file == null || file.isBlank() || !Files.isReadable(Path.of(file))) {
      return List.of();
    }
    String type = System.getProperty("javax.net.ssl.keyStoreType", KeyStore.getDefaultType());
    String password = System.getProperty("javax.net.ssl.keyStorePassword", "");
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      store.load(in, password.toCharArray());
    }
    List<CertificateInfo> found = new ArrayList<>();
    for (String alias : Collections.list(store.aliases())) {
      if (!store.isKeyEntry(alias)) {
        continue;
      }
      Certificate[] chain = store.getCertificateChain(alias);
      if (chain != null && chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
        found.add(CertificateInfo.of(alias, leaf, clock));
      }
    }
    return found;
  }
}
