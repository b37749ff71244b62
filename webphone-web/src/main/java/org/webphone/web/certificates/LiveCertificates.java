package org.webphone.web.certificates;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.webphone.site.CertificateStore;
import org.webphone.site.StoredCertificate;
import org.webphone.tls.LiveKeys;
import org.webphone.vault.KeyVault;
import org.webphone.vault.Vault;

/**
 * Puts the certificates admins added or ordered into the TLS listeners while they run ({@link
 * LiveKeys}, read by HTTPS, WSS and SIP over TLS): every name's newest valid one when the
 * application starts, each new one as it is added on this node, and once a minute whatever another
 * node of the cluster added or renewed (the database is the truth; this compares serials).
 *
 * <p>Threading: install may run on any thread (LiveKeys swaps atomically).
 */
@ApplicationScoped
public class LiveCertificates {
  private static final Logger LOG = Logger.getLogger(LiveCertificates.class.getName());
  static final String SELF_SIGNED = "self";

  @EJB CertificateStore store;

  @Inject Vault vaults;

  @Inject
  @ConfigProperty(name = "webphone.data.dir")
  String dataDir;

  @Inject
  @ConfigProperty(name = "webphone.tls.default-certificate")
  boolean ownDefault;

  @Resource ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> sync;

  void started(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    if (ownDefault) {
      try {
        presentDefault();
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        LOG.log(Level.SEVERE, "no default certificate: TLS clients that name no host fail", e);
      }
    }
    sync();
    sync = scheduler.scheduleWithFixedDelay(this::sync, 60, 60, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (sync != null) {
      sync.cancel(false);
    }
  }

  /**
   * Installs each name's current certificate that the listeners do not present yet, and stops
   * presenting a name's certificate once it has expired with nothing newer stored.
   */
  void sync() {
    LiveKeys.Snapshot now = LiveKeys.shared().current();
    List<StoredCertificate> current = store.current();
    Set<String> named = new HashSet<>();
    current.forEach(c -> named.add(c.getHost()));
    now.byHost().keySet().stream()
        .filter(h -> !named.contains(h))
        .filter(h -> now.byHost().get(h).chain()[0].getNotAfter().before(new Date()))
        .forEach(LiveKeys.shared()::remove);
    for (StoredCertificate c : current) {
      if (SELF_SIGNED.equals(c.getSource())) {
        continue; // the fallback, presented to every name without its own
      }
      LiveKeys.Entry e = now.byHost().get(c.getHost());
      if (e != null && e.chain()[0].getSerialNumber().toString(16).equals(c.getSerial())) {
        continue;
      }
      try {
        install(c);
      } catch (IOException | GeneralSecurityException | RuntimeException ex) {
        LOG.log(
            Level.WARNING, "certificate for {0} not loaded: {1}", new Object[] {c.getHost(), ex});
      }
    }
  }

  /**
   * The certificate for clients that name no host we have one for (most SIP phones, and {@code
   * https://localhost}): the newest self-signed one stored, made and stored on the first start (and
   * again 30 days before it expires). Its public half goes to {@code <data>/tls/certificate.pem}
   * for clients that should trust it (tests, curl --cacert). Not when the operator gave a key store
   * ({@code javax.net.ssl.keyStore}): that one is the fallback then.
   */
  void presentDefault() throws IOException, GeneralSecurityException {
    Instant now = Instant.now();
    StoredCertificate current =
        store
            .newest(SELF_SIGNED)
            .filter(c -> c.getNotAfter().isAfter(now.plus(Duration.ofDays(30))))
            .orElse(null);
    if (current == null) {
      DefaultCertificate.Made made = DefaultCertificate.make(now);
      current = keep(DefaultCertificate.HOST, made.chainPem(), made.keyPem(), SELF_SIGNED, null);
      LOG.info(() -> "made a self-signed certificate for " + DefaultCertificate.HOST);
    }
    LiveKeys.shared().fallback(entry(current));
    Path tls = Path.of(dataDir).resolve("tls");
    Files.createDirectories(tls);
    Path pem = tls.resolve("certificate.pem");
    Path next = tls.resolve("certificate.pem.new");
    Files.writeString(next, current.getChainPem() + "\n", StandardCharsets.US_ASCII);
    Files.move(next, pem, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Keeps a checked certificate for {@code host}: its key sealed by the vault, the chain as PEM
   * (the host's first), from {@code source} ("upload", "acme" with the directory it came from, or
   * "self"). Presenting it is the caller's next step ({@link #install}, or the fallback).
   */
  public StoredCertificate keep(
      String host, String chainPem, String keyPem, String source, String acmeDirectory)
      throws IOException, GeneralSecurityException {
    X509Certificate leaf = PemBundle.firstCertificate(chainPem);
    return store.add(
        new StoredCertificate(
                host,
                chainPem.trim(),
                vault().seal(keyPem.getBytes(StandardCharsets.US_ASCII)),
                leaf.getSerialNumber().toString(16),
                leaf.getNotAfter().toInstant(),
                source)
            .orderedFrom(acmeDirectory));
  }

  /** Opens the stored key and presents the chain for its name from the next handshake on. */
  public void install(StoredCertificate c) throws IOException, GeneralSecurityException {
    LiveKeys.shared().put(c.getHost(), entry(c));
    LOG.info(() -> "presenting certificate " + c.getSerial() + " for " + c.getHost());
  }

  private LiveKeys.Entry entry(StoredCertificate c) throws IOException, GeneralSecurityException {
    String keyPem = new String(vault().open(c.getKeySealed()), StandardCharsets.US_ASCII);
    PemBundle bundle = PemBundle.parse(c.getChainPem(), keyPem);
    return new LiveKeys.Entry(bundle.chain().toArray(new X509Certificate[0]), jdkKey(bundle.key()));
  }

  /** The vault that seals the platform's private keys (certificates', the ACME account's). */
  public KeyVault vault() throws IOException {
    try {
      return vaults.keys();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The same key as the JDK's own object (TLS signs with it; BouncyCastle read it). */
  private static PrivateKey jdkKey(PrivateKey key) throws GeneralSecurityException {
    String algorithm = key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
    return KeyFactory.getInstance(algorithm)
        .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
  }
}
