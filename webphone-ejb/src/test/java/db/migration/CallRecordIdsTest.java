package db.migration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The call-record sequence as EclipseLink uses it (allocation size 100: a value {@code v} is the
 * block {@code v-99 .. v}), on a real H2 database migrated by the application's own migrations.
 */
class CallRecordIdsTest {
  private final ScratchDatabase database = new ScratchDatabase();
  private final String url = database.url;

  @Test
  void aFreshDatabaseHandsOutItsFirstBlockAboveZero() throws SQLException {
    database.migrate("latest");
    try (Connection db = DriverManager.getConnection(url, "sa", "")) {
      long first = nextBlockEnd(db);
      assertTrue(first - 99 >= 1, "first block starts at " + (first - 99));
      long second = nextBlockEnd(db);
      assertTrue(second - 99 > first, "blocks do not overlap: " + first + ", then " + second);
    }
  }

  @Test
  void aDatabaseThatWroteRecordsInBlocksOfTenNeverReusesTheirIds() throws SQLException {
    database.migrate("7");
    long highest = 0;
    try (Connection db = DriverManager.getConnection(url, "sa", "")) {
      // Four blocks of ten handed out before V8 (10, 20, 30, 40), records written up to id 37.
      for (int i = 0; i < 4; i++) nextBlockEnd(db);
      try (Statement s = db.createStatement()) {
        s.execute(
            "INSERT INTO call_record (id, customer_id, call_id, caller, callee, started_at,"
                + " ended_at, duration_s, disposition) VALUES (37, 1, 'c', 'alice', 'bob',"
                + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0, 'ANSWERED')");
      }
      highest = 40;
    }
    database.migrate("latest");
    try (Connection db = DriverManager.getConnection(url, "sa", "")) {
      long block = nextBlockEnd(db);
      assertTrue(block - 99 > highest, "next block starts at " + (block - 99) + ", not above 40");
    }
  }

  private static long nextBlockEnd(Connection db) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT NEXT VALUE FOR call_record_seq")) {
      r.next();
      return r.getLong(1);
    }
  }
}
