package org.webphone.web.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an admin was told is saved stays saved on the embedded database: a JVM that commits rows on
 * the default URL of {@code microprofile-config.properties} and is then halted at once (as {@code
 * kill -9} would end it) leaves every committed row for the next start. H2's default write delay
 * held the last half second of commits in memory: with it, none of them came back.
 */
class EmbeddedDatabaseDurabilityTest {
  private static final int ROWS = 50;

  @TempDir Path data;

  @Test
  void everyCommitBeforeAKillIsThereAfterTheRestart() throws Exception {
    String url = configuredUrl(data);

    Process killed =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KilledWriter.class.getName(),
                url,
                Integer.toString(ROWS))
            .redirectErrorStream(true)
            .start();
    String said = new String(killed.getInputStream().readAllBytes());
    killed.waitFor(60, TimeUnit.SECONDS);
    assertEquals(9, killed.exitValue(), "the writer was halted after its commits: " + said);

    assertEquals(ROWS, rowsAfterRestart(url), "rows committed before the kill");
  }

  /** The rows found on the database's next opening; 0 when even its table was lost. */
  private static int rowsAfterRestart(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "webphone", "webphone");
        ResultSet table =
            c.createStatement()
                .executeQuery(
                    "select count(*) from information_schema.tables where table_name = 'SAVED'")) {
      table.next();
      if (table.getInt(1) == 0) {
        return 0;
      }
      try (ResultSet r = c.createStatement().executeQuery("select count(*) from saved")) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /** The default database URL, with the data folder put in. */
  private static String configuredUrl(Path data) throws IOException {
    Properties p = new Properties();
    try (Reader r =
        Files.newBufferedReader(
            Path.of("src/main/resources/META-INF/microprofile-config.properties"))) {
      p.load(r);
    }
    return p.getProperty("webphone.db.url").replace("${webphone.data.dir}", data.toString());
  }

  /** Commits {@code args[1]} rows one by one on {@code args[0]}, then halts as a kill would. */
  public static final class KilledWriter {
    public static void main(String[] args) throws SQLException {
      // Never closed: closing the last connection would close the database, writing all out.
      Connection c = DriverManager.getConnection(args[0], "webphone", "webphone");
      c.createStatement().execute("create table saved (id int primary key)");
      c.setAutoCommit(false);
      PreparedStatement insert = c.prepareStatement("insert into saved values (?)");
      for (int i = 0; i < Integer.parseInt(args[1]); i++) {
        insert.setInt(1, i);
        insert.executeUpdate();
        c.commit(); // "saved" is shown after this
      }
      Runtime.getRuntime().halt(9);
    }
  }
}
