package org.webphone.web.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A consistent copy of what the embedded default keeps, taken while it runs: the H2 database (H2's
 * online {@code BACKUP TO}, one zip, consistent at a point in time), the key vault's key that opens
 * the database's sealed TLS keys, the demo passwords file, and the call-record journal (records the
 * database may not have yet; replayed and deduplicated at start). {@code ./bin/webphone restore}
 * puts them back into a data folder. PostgreSQL is backed up with its own tools ({@code
 * docs/operations.md}).
 *
 * <p>Threading: one backup at a time per caller; H2 serializes its own.
 */
final class Backup {
  static final String DATABASE = "database.zip";
  static final String MANIFEST = "MANIFEST.txt";

  private final Path data;
  private final DataSource database;

  /**
   * @param data the data folder ({@code webphone.data.dir})
   * @param database the application's H2 database
   */
  Backup(Path data, DataSource database) {
    this.data = data;
    this.database = database;
  }

  /**
   * Writes the backup into {@code dir}, which must not exist or be empty (it is made readable by
   * this user only).
   *
   * @return the files written, in order
   * @throws IllegalArgumentException when {@code dir} is not absolute or holds something
   */
  List<String> writeTo(Path dir) throws IOException, SQLException {
    if (!dir.isAbsolute()) {
      throw new IllegalArgumentException("the backup folder must be an absolute path: " + dir);
    }
    dir = dir.normalize();
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir) || !isEmpty(dir)) {
        throw new IllegalArgumentException("the backup folder exists and is not empty: " + dir);
      }
    } else {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    List<String> written = new ArrayList<>();
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      s.execute("BACKUP TO '" + dir.resolve(DATABASE).toString().replace("'", "''") + "'");
    }
    written.add(DATABASE);
    copy(data.resolve("tls").resolve("vault.key"), dir.resolve("vault.key"), written);
    copy(data.resolve("demo-users.properties"), dir.resolve("demo-users.properties"), written);
    Path journal = data.resolve("journal");
    if (Files.isDirectory(journal)) {
      Files.createDirectory(dir.resolve("journal"));
      try (DirectoryStream<Path> segments = Files.newDirectoryStream(journal, "*.journal")) {
        for (Path segment : segments) {
          copy(segment, dir.resolve("journal").resolve(segment.getFileName()), written);
        }
      }
    }
    Files.writeString(
        dir.resolve(MANIFEST),
        "WebPhone backup\ncreated="
            + Instant.now()
            + "\nfiles="
            + String.join(",", written)
            + "\nrestore: ./bin/webphone restore "
            + dir
            + " (the server stopped; see docs/operations.md)\n");
    written.add(MANIFEST);
    return written;
  }

  private static void copy(Path from, Path to, List<String> written) throws IOException {
    if (Files.isRegularFile(from)) {
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
      written.add(
          to.getParent().getFileName().toString().equals("journal")
              ? "journal/" + to.getFileName()
              : to.getFileName().toString());
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    }
  }
}
