package db.migration;

import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Certificates an admin added (Setup → Information → Certificates): the chain as PEM and the
 * private key sealed by the web module's key vault (AES-GCM with a key that is never in the
 * database). Java, not SQL: sealed keys are bytes (BYTEA on PostgreSQL, VARBINARY on H2).
 */
public class V14__tls_certificates extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws SQLException {
    try (Statement s = context.getConnection().createStatement()) {
      s.execute("CREATE SEQUENCE tls_certificate_seq START WITH 10 INCREMENT BY 10");
      s.execute(
          "CREATE TABLE tls_certificate ("
              + " id          BIGINT        NOT NULL PRIMARY KEY,"
              + " host        VARCHAR(253)  NOT NULL,"
              + " chain_pem   VARCHAR(65535) NOT NULL,"
              + " key_sealed  "
              + Dialect.bytes(context.getConnection(), 16384)
              + " NOT NULL,"
              + " serial      VARCHAR(64)   NOT NULL,"
              + " not_after   TIMESTAMP     NOT NULL,"
              + " source      VARCHAR(10)   NOT NULL,"
              + " created_at  TIMESTAMP     NOT NULL)");
      s.execute("CREATE INDEX ix_tls_certificate_host ON tls_certificate (host, not_after)");
    }
  }
}
