package org.webphone.web.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.webphone.web.sip.CallRecordWriter;

/**
 * Says whether the database answers, without taking the node out of service: while the database is
 * away, phones this node knows keep registering and calling (the SIP side's last-known answers),
 * and their calls' records wait in the journal. So the check is always {@code UP}; {@code database}
 * in its data is {@code available} or {@code unavailable}, for monitoring to alert on, and the
 * control panel and API answer 503 meanwhile ({@code DatabaseUnavailableFilter}). How many records
 * wait is the metric {@code webphone_call_records_waiting}, not said here: {@code /health} is
 * public, and that count is the node's call volume.
 *
 * <p>The database is asked at most once every 5 s, by one request at a time ({@code /health} is
 * public: a flood of requests must not become a flood of connections); the others get the last
 * answer. An unavailable database found by the call-record writer counts at once.
 *
 * <p>Threading: any HTTP thread.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {
  private static final Logger LOG = Logger.getLogger(DatabaseHealthCheck.class.getName());
  private static final long PROBE_EVERY_NANOS = 5_000_000_000L;
  private static final int VALID_WITHIN_SECONDS = 2;

  @Resource(lookup = "java:app/jdbc/webphone")
  DataSource dataSource;

  @Inject CallRecordWriter records;

  private final ReentrantLock probing = new ReentrantLock();
  private volatile long probedAt = System.nanoTime() - PROBE_EVERY_NANOS;
  private volatile boolean available = true;

  private boolean probe() {
    if (System.nanoTime() - probedAt < PROBE_EVERY_NANOS || !probing.tryLock()) {
      return available;
    }
    try {
      boolean now;
      try (Connection c = dataSource.getConnection()) {
        now = c.isValid(VALID_WITHIN_SECONDS);
      } catch (SQLException | RuntimeException e) {
        now = false;
      }
      if (now != available) {
        if (now) {
          LOG.info("the database answers again");
        } else {
          LOG.warning("the database does not answer: the node carries on with what it knows");
        }
      }
      available = now;
      probedAt = System.nanoTime();
      return now;
    } finally {
      probing.unlock();
    }
  }

  @Override
  public HealthCheckResponse call() {
    boolean up = probe() && records.databaseAwaySince().isEmpty();
    return HealthCheckResponse.named("database")
        .up()
        .withData("database", up ? "available" : "unavailable")
        .build();
  }
}
