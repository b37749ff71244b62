package org.webphone.site;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes ask for the certificate-renewal lease, with TaskLease's own statements on a database
 * migrated by the application's migrations: one wins until its time runs out or it lets go.
 */
class TaskLeaseTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @BeforeEach
  void migrate() {
    Flyway.configure()
        .dataSource(url, "sa", "")
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  private int claim(String node, Instant now, Duration time) throws SQLException {
    try (Connection db = DriverManager.getConnection(url, "sa", "");
        PreparedStatement s = db.prepareStatement(TaskLease.CLAIM.replaceAll("\\?\\d", "?"))) {
      // JDBC numbers markers by position: CLAIM's ?1, ?2, ?3, ?4, ?1.
      s.setString(1, node);
      s.setTimestamp(2, Timestamp.from(now.plus(time)));
      s.setString(3, TaskLease.CERTIFICATE_RENEWAL);
      s.setTimestamp(4, Timestamp.from(now));
      s.setString(5, node);
      return s.executeUpdate();
    }
  }

  private void release(String node) throws SQLException {
    try (Connection db = DriverManager.getConnection(url, "sa", "");
        PreparedStatement s = db.prepareStatement(TaskLease.RELEASE.replaceAll("\\?\\d", "?"))) {
      s.setTimestamp(1, Timestamp.from(Instant.parse("2000-01-01T00:00:00Z")));
      s.setString(2, TaskLease.CERTIFICATE_RENEWAL);
      s.setString(3, node);
      s.executeUpdate();
    }
  }

  @Test
  void oneNodeRenewsAtATimeAndTheOtherGetsItWhenItsTimeRunsOut() throws SQLException {
    assertEquals(1, claim("a", T0, Duration.ofMinutes(5)), "a is first");
    assertEquals(0, claim("b", T0.plusSeconds(60), Duration.ofMinutes(5)), "b waits");
    assertEquals(1, claim("a", T0.plusSeconds(60), Duration.ofMinutes(5)), "a may extend");
    assertEquals(1, claim("b", T0.plusSeconds(400), Duration.ofMinutes(5)), "a's time ran out");
  }

  @Test
  void aNodeThatLetsGoLetsTheOtherInAtOnceAndOnlyTheHolderCanLetGo() throws SQLException {
    assertEquals(1, claim("a", T0, Duration.ofMinutes(5)));
    release("b");
    assertEquals(0, claim("b", T0.plusSeconds(1), Duration.ofMinutes(5)), "b cannot free a's");
    release("a");
    assertEquals(1, claim("b", T0.plusSeconds(2), Duration.ofMinutes(5)));
  }
}
