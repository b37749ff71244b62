package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Repairs V8. EclipseLink reads a sequence value {@code v} with an allocation size of 100 as the
 * block {@code v-99 .. v}. V8 raised the increment to 100 but left the next value where V7's
 * increment of 10 had put it: on a fresh database the first value was 10 (block -89..10, refused:
 * "sequence setup incorrectly", and the first batch of call records was lost), and on a used one
 * the first block could overlap ids already written. The sequence restarts 100 above both the
 * highest id written and the highest value ever handed out, so every block from now on lies above
 * anything in use, including blocks other nodes still hold in memory during a rolling upgrade.
 *
 * <p>Java, not SQL: the restart value must be computed, and H2 and PostgreSQL read a sequence with
 * different syntax.
 */
public class V11__call_record_ids_in_blocks extends BaseJavaMigration {
  static final int BLOCK = 100;

  @Override
  public void migrate(Context context) throws SQLException {
    Connection db = context.getConnection();
    boolean postgres = Dialect.postgres(db);
    long handedOut =
        single(
            db,
            postgres
                ? "SELECT nextval('call_record_seq')"
                : "SELECT NEXT VALUE FOR call_record_seq");
    long written = single(db, "SELECT COALESCE(MAX(id), 0) FROM call_record");
    try (Statement s = db.createStatement()) {
      s.execute(
          "ALTER SEQUENCE call_record_seq RESTART WITH " + (Math.max(handedOut, written) + BLOCK));
    }
  }

  private static long single(Connection db, String query) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }
}
