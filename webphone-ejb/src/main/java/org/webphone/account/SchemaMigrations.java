package org.webphone.account;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The application's database, chosen by configuration (an H2 file under the data folder by default,
 * PostgreSQL in production; Payara resolves the {@code MPCONFIG} expressions), and the migrations
 * that bring its schema up to date (Flyway, {@code db/migration}) before anything uses it. Runs
 * without a container transaction: Flyway commits each migration itself.
 */
@DataSourceDefinition(
    name = SchemaMigrations.DATA_SOURCE,
    className = "${MPCONFIG=webphone.db.datasource-class}",
    url = "${MPCONFIG=webphone.db.url}",
    user = "${MPCONFIG=webphone.db.user}",
    password = "${MPCONFIG=webphone.db.password}",
    minPoolSize = 1,
    maxPoolSize = 32,
    // Payara's pool properties. A connection is checked (Connection.isValid) before it is handed
    // out, at most once a second, and when one fails the check every pooled one is dropped: after
    // the database restarts, its old connections all died with it, and the pool would otherwise
    // hand each out once more to fail a request.
    properties = {
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.connection-validation-method=custom-validation",
      "fish.payara.validation-classname="
          + "org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
      "fish.payara.validate-atmost-once-period-in-seconds=1",
      "fish.payara.fail-all-connections=true"
    })
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrations {
  private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

  static final String DATA_SOURCE = "java:app/jdbc/webphone";

  @Resource(lookup = DATA_SOURCE)
  private DataSource dataSource;

  @PostConstruct
  void migrate() {
    MigrateResult result =
        Flyway.configure(getClass().getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .load()
            .migrate();
    if (result.migrationsExecuted > 0) {
      LOG.info(
          "Database schema migrated to version "
              + result.targetSchemaVersion
              + " ("
              + result.migrationsExecuted
              + " migrations)");
    }
  }
}
