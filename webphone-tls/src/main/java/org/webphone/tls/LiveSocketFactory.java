package org.webphone.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.logging.Logger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;
import org.glassfish.grizzly.config.ssl.JSSE14SocketFactory;

/**
 * Payara's socket factory with one change: its SSLContext gets a {@link LiveKeyManager}, which
 * answers every handshake from {@link LiveKeys}. The JDK asks the key manager at each full
 * handshake, so a certificate put into LiveKeys is presented from the next one on, while open
 * connections keep their own. (Resumed TLS sessions skip the key manager: a client resuming keeps
 * the certificate it saw for the session's lifetime.)
 *
 * <p>The listener's configured key store (what {@code --sslcert} names) seeds the fallback, for
 * clients that send no name we have a certificate for, unless SIP over TLS seeded it first from the
 * same store. Grizzly calls this on the first handshake, and again with the SNI name as alias when
 * {@code ssl.sni-enabled} is on: keep that off (our key manager reads SNI itself).
 *
 * <p>Threading: Grizzly's handshake threads; LiveKeys is safe for any thread.
 */
public class LiveSocketFactory extends JSSE14SocketFactory {
  private static final Logger LOG = Logger.getLogger(LiveSocketFactory.class.getName());

  @Override
  protected KeyManager[] getKeyManagers(String algorithm, String keyAlias) throws Exception {
    LiveKeys keys = LiveKeys.shared();
    if (keys.current().fallback() == null) {
      for (KeyManager m : super.getKeyManagers(algorithm, keyAlias)) {
        if (m instanceof X509KeyManager x) {
          String alias = keyAlias != null ? keyAlias : firstServerAlias(x);
          PrivateKey key = alias == null ? null : x.getPrivateKey(alias);
          X509Certificate[] chain = alias == null ? null : x.getCertificateChain(alias);
          if (key != null && chain != null) {
            keys.seedFallback(new LiveKeys.Entry(chain, key));
          }
          break;
        }
      }
    }
    LOG.info("HTTPS presents the certificates of LiveKeys (swapped without a restart)");
    return new KeyManager[] {new LiveKeyManager(keys)};
  }

  private static String firstServerAlias(X509KeyManager m) {
    for (String type : new String[] {"EC", "RSA"}) {
      String[] aliases = m.getServerAliases(type, null);
      if (aliases != null && aliases.length > 0) {
        return aliases[0];
      }
    }
    return null;
  }
}
