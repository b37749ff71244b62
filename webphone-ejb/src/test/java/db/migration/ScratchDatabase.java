package db.migration;

import java.util.UUID;
import org.flywaydb.core.Flyway;

/** A throw-away H2 database that the application's own migrations bring to any version. */
final class ScratchDatabase {
  final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  /** Migrates up to {@code target} ("latest" for all). */
  void migrate(String target) {
    Flyway.configure()
        .dataSource(url, "sa", "")
        .locations("classpath:db/migration")
        .target(target)
        .load()
        .migrate();
  }
}
