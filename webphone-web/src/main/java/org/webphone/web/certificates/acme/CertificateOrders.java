package org.webphone.web.certificates.acme;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.exception.AcmeException;
import org.webphone.site.AcmeAccount;
import org.webphone.site.AcmeChallenge;
import org.webphone.site.AcmeState;
import org.webphone.site.CertificateStore;
import org.webphone.site.StoredCertificate;
import org.webphone.site.TaskLease;
import org.webphone.web.certificates.KeyPairs;
import org.webphone.web.certificates.LiveCertificates;
import org.webphone.web.certificates.PemBundle;

/**
 * Certificates from ACME: an admin's order for one name, "Refresh Certificates" (renew every
 * ordered certificate that is due), and the same refresh on a schedule. Each runs as a background
 * {@link CertificateJob} the certificates page shows step by step; an issued certificate is stored
 * with its key sealed and presented by the listeners at once ({@link LiveCertificates}).
 *
 * <p>Threading: jobs run one at a time on the managed executor (two orders for one name at once
 * would only waste the CA's rate limit); the job list is guarded by its own lock.
 */
@ApplicationScoped
public class CertificateOrders {
  private static final Logger LOG = Logger.getLogger(CertificateOrders.class.getName());
  private static final int KEEP_JOBS = 10;
  static final String SOURCE = "acme";

  @EJB AcmeState state;

  @EJB CertificateStore store;

  @EJB TaskLease lease;

  @Inject LiveCertificates live;

  @Resource ManagedExecutorService executor;

  @Resource ManagedScheduledExecutorService scheduler;

  private final Clock clock = Clock.systemUTC();
  private final AtomicLong ids = new AtomicLong();

  /** This node, as the holder of the renewal lease. */
  private final String node = "node-" + UUID.randomUUID();

  private final Deque<CertificateJob> jobs = new ArrayDeque<>();
  private final Object oneAtATime = new Object();
  private AcmeConfig config;
  private AcmeClient client;
  private ScheduledFuture<?> checks;

  @PostConstruct
  void configure() {
    config = AcmeConfig.from(ConfigProvider.getConfig());
    try {
      client = new AcmeClient(config.trust(), config.timeout());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("ACME cannot start: " + e, e);
    }
  }

  /** Looks for certificates due for renewal every check interval (the first one after one). */
  void started(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    long every = config.checkEvery().toMillis();
    checks =
        scheduler.scheduleWithFixedDelay(
            () -> run(newJob("Scheduled renewal check"), j -> refresh(j, false)),
            every,
            every,
            TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (checks != null) {
      checks.cancel(false);
    }
  }

  public AcmeConfig config() {
    return config;
  }

  public RenewalRule rule() {
    return new RenewalRule(config.renewBefore());
  }

  /**
   * Orders a certificate for {@code host} in the background; the admin agreed to the CA's terms.
   */
  public CertificateJob order(String host, URI directory, String email) {
    CertificateJob job = newJob("Certificate for " + host + " from " + directory.getHost());
    executor.execute(() -> run(job, j -> issue(j, host, directory, email)));
    return job;
  }

  /** Renews, in the background, every ordered certificate that is due ({@code force}: all). */
  public CertificateJob refresh(boolean force) {
    CertificateJob job = newJob(force ? "Renew all ordered certificates" : "Refresh Certificates");
    executor.execute(() -> run(job, j -> refresh(j, force)));
    return job;
  }

  /** The latest jobs, newest first. */
  public List<CertificateJob> jobs() {
    synchronized (jobs) {
      return List.copyOf(jobs);
    }
  }

  private CertificateJob newJob(String title) {
    CertificateJob job = new CertificateJob(ids.incrementAndGet(), title, clock.instant());
    synchronized (jobs) {
      jobs.addFirst(job);
      while (jobs.size() > KEEP_JOBS) {
        jobs.removeLast();
      }
    }
    return job;
  }

  private interface Work {
    String run(CertificateJob job) throws Exception;
  }

  private void run(CertificateJob job, Work work) {
    synchronized (oneAtATime) {
      try {
        String outcome = work.run(job);
        if (job.isRunning()) {
          job.done(outcome == null ? "done" : outcome, clock.instant());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        job.failed("stopped: the server is shutting down", clock.instant());
      } catch (Exception e) {
        LOG.log(Level.WARNING, job.getTitle() + " failed", e);
        job.failed(reason(e), clock.instant());
      }
    }
  }

  private String refresh(CertificateJob job, boolean force) throws Exception {
    List<StoredCertificate> ordered = new ArrayList<>();
    for (StoredCertificate c : store.current()) {
      if (SOURCE.equals(c.getSource())) {
        ordered.add(c);
      }
    }
    Duration time = config.timeout().multipliedBy(Math.max(1, ordered.size()));
    if (!lease.claim(TaskLease.CERTIFICATE_RENEWAL, node, time)) {
      job.step("another node of the cluster is renewing now");
      return "nothing done here: another node renews";
    }
    try {
      return refresh(job, force, ordered);
    } finally {
      lease.release(TaskLease.CERTIFICATE_RENEWAL, node);
    }
  }

  private String refresh(CertificateJob job, boolean force, List<StoredCertificate> ordered)
      throws Exception {
    Optional<AcmeAccount> account = state.latestAccount();
    job.step("checking " + ordered.size() + " ordered certificate(s)");
    int renewed = 0;
    List<String> failed = new ArrayList<>();
    for (StoredCertificate c : ordered) {
      X509Certificate leaf = PemBundle.firstCertificate(c.getChainPem());
      if (!force && !rule().due(leaf, clock.instant())) {
        job.step(c.getHost() + ": not due (valid until " + c.getNotAfter() + ")");
        continue;
      }
      // The CA it came from; certificates ordered before that was recorded: the newest account's.
      String directory =
          c.getAcmeDirectory() != null
              ? c.getAcmeDirectory()
              : account.map(AcmeAccount::getDirectory).orElse(null);
      if (directory == null) {
        failed.add(c.getHost() + ": no ACME account");
        continue;
      }
      try {
        issue(job, c.getHost(), URI.create(directory), null);
        renewed++;
      } catch (AcmeException | GeneralSecurityException | IOException e) {
        job.step(c.getHost() + ": " + reason(e));
        failed.add(c.getHost());
      }
    }
    String summary =
        renewed + " renewed, " + (ordered.size() - renewed - failed.size()) + " not due";
    if (!failed.isEmpty()) {
      throw new AcmeException(summary + "; failed: " + String.join(", ", failed));
    }
    return summary;
  }

  private String issue(CertificateJob job, String host, URI directory, String email)
      throws AcmeException, GeneralSecurityException, IOException, InterruptedException {
    AcmeOrder order =
        new AcmeOrder(
            client.session(directory),
            config.poll(),
            config.timeout(),
            clock,
            new AcmeOrder.Answers() {
              @Override
              public void publish(String token, String content, Instant until) {
                state.publish(new AcmeChallenge(token, content, until));
              }

              @Override
              public void withdraw(String token) {
                state.withdraw(token);
              }
            },
            job::step);
    Login login = login(order, directory.toString(), email);
    AcmeOrder.Issued issued = order.order(login, host);
    X509Certificate leaf = issued.chain().get(0);
    StoredCertificate added =
        live.keep(host, issued.chainPem(), issued.keyPem(), SOURCE, directory.toString());
    live.install(added);
    String done =
        host
            + ": issued by "
            + leaf.getIssuerX500Principal().getName()
            + ", serial "
            + added.getSerial()
            + ", valid until "
            + added.getNotAfter()
            + "; presented now";
    job.step(done);
    return done;
  }

  /** The platform's account at {@code directory}, created (and kept) on first use. */
  private Login login(AcmeOrder order, String directory, String email)
      throws AcmeException, GeneralSecurityException, IOException {
    Optional<AcmeAccount> known = state.account(directory);
    if (known.isPresent() && known.get().getAccountUrl() != null) {
      KeyPair key = AccountKeys.open(live.vault().open(known.get().getKeySealed()));
      Login login = order.login(key, new URL(known.get().getAccountUrl()), known.get().getEmail());
      if (!login.getAccountLocation().toString().equals(known.get().getAccountUrl())) {
        state.saveAccount(
            new AcmeAccount(
                directory,
                login.getAccountLocation().toString(),
                known.get().getEmail(),
                known.get().getKeySealed()));
      }
      return login;
    }
    KeyPair key = KeyPairs.p256();
    Login login = order.login(key, null, email);
    state.saveAccount(
        new AcmeAccount(
            directory,
            login.getAccountLocation().toString(),
            email,
            live.vault().seal(AccountKeys.encode(key))));
    return login;
  }

  /** What an admin reads when a job fails: the CA's own words when it gave some. */
  static String reason(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
