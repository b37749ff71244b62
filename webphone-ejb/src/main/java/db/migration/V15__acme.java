package db.migration;

import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * ACME (RFC 8555): the platform's account at each certificate authority it ordered from (its key
 * sealed by the web module's key vault, like certificate keys), and the HTTP-01 answers being
 * validated. The answers are rows, not memory: behind a load balancer the CA's validation request
 * may reach any node. Java, not SQL: sealed keys are bytes.
 */
public class V15__acme extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws SQLException {
    try (Statement s = context.getConnection().createStatement()) {
      s.execute(
          "CREATE TABLE acme_account ("
              + " directory   VARCHAR(500)  NOT NULL PRIMARY KEY,"
              + " account_url VARCHAR(500),"
              + " email       VARCHAR(254),"
              + " key_sealed  "
              + Dialect.bytes(context.getConnection(), 8192)
              + " NOT NULL,"
              + " created_at  TIMESTAMP     NOT NULL)");
      s.execute(
          "CREATE TABLE acme_challenge ("
              + " token       VARCHAR(128)  NOT NULL PRIMARY KEY,"
              + " content     VARCHAR(512)  NOT NULL,"
              + " expires_at  TIMESTAMP     NOT NULL)");
    }
  }
}
