package org.webphone.web.site;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.webphone.sip.container.tls.LiveKeys;
import org.webphone.site.CertificateStore;
import org.webphone.site.StoredCertificate;

/**
 * Puts the certificates admins added into the TLS listeners while they run ({@link LiveKeys}):
 * every name's newest valid one when the application starts, and each new one as it is added. Today
 * that reaches SIP over TLS (its stack's key manager reads LiveKeys); HTTPS and WSS still present
 * the key store they were started with (docs/certificates.md).
 */
@ApplicationScoped
public class LiveCertificates {
  private static final Logger LOG = Logger.getLogger(LiveCertificates.class.getName());

  @EJB CertificateStore store;

  @Inject
  @ConfigProperty(name = "webphone.tls.vault-key")
  Optional<String> vaultKey;

  @Inject
  @ConfigProperty(name = "webphone.data.dir", defaultValue = "./data")
  String dataDir;

  void started(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    for (StoredCertificate c : store.current()) {
      try {
        install(c);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        LOG.log(
            Level.WARNING, "certificate for {0} not loaded: {1}", new Object[] {c.getHost(), e});
      }
    }
  }

  /** Opens the stored key and presents the chain for its name from the next handshake on. */
  public void install(StoredCertificate c) throws IOException, GeneralSecurityException {
    KeyVault vault = KeyVault.open(vaultKey.orElse(null), Path.of(dataDir));
    String keyPem = new String(vault.open(c.getKeySealed()), StandardCharsets.US_ASCII);
    PemBundle bundle = PemBundle.parse(c.getChainPem(), keyPem);
    LiveKeys.shared()
        .put(
            c.getHost(),
            new LiveKeys.Entry(
                bundle.chain().toArray(new X509Certificate[0]), jdkKey(bundle.key())));
    LOG.info(() -> "presenting certificate " + c.getSerial() + " for " + c.getHost());
  }

  /** The same key as the JDK's own object (TLS signs with it; BouncyCastle read it). */
  private static PrivateKey jdkKey(PrivateKey key) throws GeneralSecurityException {
    String algorithm = key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
    return KeyFactory.getInstance(algorithm)
        .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
  }
}
