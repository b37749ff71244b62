package org.webphone.tls;

import com.sun.enterprise.security.ssl.GlassfishSSLImpl;
import java.util.logging.Logger;
import org.glassfish.grizzly.config.ssl.ServerSocketFactory;

/**
 * Payara's HTTPS listener with keys from {@link LiveKeys}: named by {@code
 * …https-listener.ssl.classname} (bin/payara-preboot.asadmin), Grizzly's SSLConfigurator makes one
 * by reflection and builds the listener's SSLContext from our socket factory. Everything but the
 * key managers is Payara's default implementation (protocols, ciphers, trust, session settings).
 *
 * <p>Payara falls back to its own implementation with only a warning when this class cannot be
 * loaded (not in an {@code --addlibs} jar, say); the log line below is how to tell it serves.
 */
public class LiveSslImplementation extends GlassfishSSLImpl {
  private static final Logger LOG = Logger.getLogger(LiveSslImplementation.class.getName());

  public LiveSslImplementation() {
    LOG.fine("HTTPS keys come from LiveKeys");
  }

  @Override
  public String getImplementationName() {
    return "WebPhoneLiveKeys";
  }

  @Override
  public ServerSocketFactory getServerSocketFactory() {
    return new LiveSocketFactory();
  }
}
