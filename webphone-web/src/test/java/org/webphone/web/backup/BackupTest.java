package org.webphone.web.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup of the embedded default taken while its database is open: the database as it was, the
 * vault key and the journal beside it, in a folder only its owner reads; and a backup folder that
 * holds something, or is no absolute path, is refused before anything is written.
 */
class BackupTest {
  @TempDir Path dir;

  private JdbcDataSource database(Path data) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + data.resolve("db/webphone") + ";WRITE_DELAY=0");
    ds.setUser("webphone");
    ds.setPassword("webphone");
    return ds;
  }

  @Test
  void theOpenDatabaseAndTheKeysBesideItGoIntoAFolderOnlyItsOwnerReads() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("tls"));
    Files.createDirectories(data.resolve("journal"));
    Files.writeString(data.resolve("tls/vault.key"), "the vault key");
    Files.writeString(data.resolve("demo-users.properties"), "alice=secret\n");
    Files.writeString(data.resolve("journal/calls-1.journal"), "a record");
    JdbcDataSource db = database(data);
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE contact(name VARCHAR(80))");
      s.execute("INSERT INTO contact VALUES ('Bob Example')");

      // Taken while the database is open and in use.
      Path backup = dir.resolve("backups/today");
      List<String> written = new Backup(data, db).writeTo(backup);

      assertEquals(
          List.of(
              Backup.DATABASE,
              "vault.key",
              "demo-users.properties",
              "journal/calls-1.journal",
              Backup.MANIFEST),
          written);
      assertEquals("the vault key", Files.readString(backup.resolve("vault.key")));
      assertEquals("a record", Files.readString(backup.resolve("journal/calls-1.journal")));
      assertEquals(
          Set.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE),
          Files.getPosixFilePermissions(backup));

      // What restore does: the zip's database file into a fresh data folder's db/, opened there.
      Path restored = dir.resolve("restored");
      Files.createDirectories(restored.resolve("db"));
      try (InputStream in = Files.newInputStream(backup.resolve(Backup.DATABASE));
          ZipInputStream zip = new ZipInputStream(in)) {
        ZipEntry entry = zip.getNextEntry();
        assertEquals("webphone.mv.db", entry.getName(), "the name restore extracts");
        Files.copy(zip, restored.resolve("db").resolve(entry.getName()));
      }
      try (Connection r = database(restored).getConnection();
          Statement q = r.createStatement();
          ResultSet rows = q.executeQuery("SELECT name FROM contact")) {
        assertTrue(rows.next());
        assertEquals("Bob Example", rows.getString(1));
      }
    }
  }

  @Test
  void aFolderThatHoldsSomethingOrIsNoAbsolutePathIsRefusedBeforeAnythingIsWritten()
      throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Backup backup = new Backup(data, database(data));
    Path full = Files.createDirectories(dir.resolve("full"));
    Files.writeString(full.resolve("keep.txt"), "mine");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> backup.writeTo(full));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    assertEquals(List.of(full.resolve("keep.txt")), Files.list(full).toList());
    e = assertThrows(IllegalArgumentException.class, () -> backup.writeTo(Path.of("backups")));
    assertTrue(e.getMessage().contains("absolute path"), e.getMessage());
  }
}
