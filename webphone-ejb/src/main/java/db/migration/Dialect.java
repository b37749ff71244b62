package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** What the Java migrations write differently for the two databases we run on. */
final class Dialect {
  private Dialect() {}

  static boolean postgres(Connection db) throws SQLException {
    return db.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
  }

  /** A column of at most {@code max} bytes: BYTEA on PostgreSQL, VARBINARY on H2. */
  static String bytes(Connection db, int max) throws SQLException {
    return postgres(db) ? "BYTEA" : "VARBINARY(" + max + ")";
  }
}
