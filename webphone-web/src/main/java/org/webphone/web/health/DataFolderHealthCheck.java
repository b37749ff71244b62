package org.webphone.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.webphone.web.sip.CallRecordWriter;

/**
 * The node is ready only while its data folder takes durable writes ({@link DataFolder}) and its
 * call-record journal's last write worked: a node that cannot make a call's record durable should
 * not be given new calls (they cost money). Calls in progress go on, and their records are kept in
 * memory and written to the database as before. Reports what kind of problem under {@code
 * data-folder} ({@code /health} is public: the details, with paths, go to the log when they
 * change).
 */
@Readiness
@ApplicationScoped
public class DataFolderHealthCheck implements HealthCheck {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(DataFolderHealthCheck.class.getName());

  private static final long PROBE_EVERY_NANOS = 5_000_000_000L;

  @Inject CallRecordWriter records;

  private volatile String lastDetail;
  private volatile long probedAt = System.nanoTime() - PROBE_EVERY_NANOS;
  private volatile Optional<DataFolder.Problem> probed = Optional.empty();

  /**
   * The folder's state, probed at most once every 5 s: {@code /health} is public, and a probe
   * forces a file to disk, so a flood of requests must not become a flood of fsyncs competing with
   * the call-record journal's.
   */
  private synchronized Optional<DataFolder.Problem> probe(Path dataDir, long minFreeBytes) {
    long now = System.nanoTime();
    if (now - probedAt >= PROBE_EVERY_NANOS) {
      probed = DataFolder.problem(dataDir, minFreeBytes);
      probedAt = now;
    }
    return probed;
  }

  @Override
  public HealthCheckResponse call() {
    // Read here, by this application's class loader: Payara asks health checks from HTTP threads
    // while the application still deploys, whose context cannot see our settings yet.
    Config c = ConfigProvider.getConfig(DataFolderHealthCheck.class.getClassLoader());
    Path dataDir = Path.of(c.getValue("webphone.data.dir", String.class));
    long minFreeMb = c.getValue("webphone.data.min-free-mb", Long.class);
    Optional<DataFolder.Problem> problem = probe(dataDir, minFreeMb * 1024 * 1024);
    if (problem.isEmpty()) {
      problem = records.journalFailure().map(why -> new DataFolder.Problem("journal failing", why));
    }
    String detail = problem.map(DataFolder.Problem::detail).orElse(null);
    if (!java.util.Objects.equals(detail, lastDetail)) {
      lastDetail = detail; // said once in the log, with paths; /health is public, so not there
      if (detail != null) {
        LOG.warning("not ready: " + detail);
      } else {
        LOG.info("the data folder takes durable writes again");
      }
    }
    return HealthCheckResponse.named("data-folder")
        .status(problem.isEmpty())
        .withData("problem", problem.map(DataFolder.Problem::kind).orElse("none"))
        .build();
  }
}
