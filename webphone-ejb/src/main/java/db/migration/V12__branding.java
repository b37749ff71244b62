package db.migration;

import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The platform's branding (Setup → Branding): one row, id 1, absent until an admin saves it (the
 * configuration's defaults apply until then). Java, not SQL: images are bytes, which H2 calls
 * VARBINARY and PostgreSQL BYTEA.
 */
public class V12__branding extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws SQLException {
    String bytes = Dialect.bytes(context.getConnection(), 262144);
    try (Statement s = context.getConnection().createStatement()) {
      s.execute(
          "CREATE TABLE branding ("
              + " id            SMALLINT      NOT NULL PRIMARY KEY,"
              + " product_name  VARCHAR(60)   NOT NULL,"
              + " accent_color  VARCHAR(7)    NOT NULL,"
              + " background    VARCHAR(7)    NOT NULL,"
              + " logo          "
              + bytes
              + ","
              + " logo_type     VARCHAR(40),"
              + " favicon       "
              + bytes
              + ","
              + " favicon_type  VARCHAR(40),"
              + " custom_css    VARCHAR(20000),"
              + " version       INTEGER       NOT NULL,"
              + " updated_at    TIMESTAMP     NOT NULL)");
    }
  }
}
