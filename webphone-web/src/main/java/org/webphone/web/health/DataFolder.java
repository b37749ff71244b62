package org.webphone.web.health;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Whether the data folder can take what the node must write durably (the call-record journal, the
 * embedded database, sealed keys): a file written, forced to disk and deleted, and enough free
 * space left. A full disk or a read-only folder is found here, before a record or a saved setting
 * meets it.
 *
 * <p>Threading: stateless; each look writes its own file.
 */
final class DataFolder {
  private DataFolder() {}

  /**
   * What is wrong.
   *
   * @param kind what anyone may read: "cannot write", "low free space", "journal failing"
   * @param detail what the operator reads in the log, with the folder and the system's words
   */
  record Problem(String kind, String detail) {}

  /**
   * What is wrong with {@code folder}, or empty when it is usable.
   *
   * @param minFreeBytes the space below which it counts as full
   */
  static Optional<Problem> problem(Path folder, long minFreeBytes) {
    Path probe = folder.resolve(".write-probe-" + Thread.currentThread().getId());
    try (FileChannel c =
        FileChannel.open(
            probe,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      c.write(ByteBuffer.wrap(new byte[] {1}));
      c.force(true);
    } catch (IOException | SecurityException e) {
      return Optional.of(
          new Problem("cannot write", "cannot write to " + folder + ": " + e.getMessage()));
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException e) {
        // a folder that takes a file but not its deletion is reported at the next look
      }
    }
    try {
      long free = Files.getFileStore(folder).getUsableSpace();
      if (free < minFreeBytes) {
        return Optional.of(
            new Problem(
                "low free space",
                "only "
                    + free / (1024 * 1024)
                    + " MB free in "
                    + folder
                    + " (webphone.data.min-free-mb: "
                    + minFreeBytes / (1024 * 1024)
                    + ")"));
      }
    } catch (IOException e) {
      return Optional.of(
          new Problem("low free space", "free space of " + folder + " unknown: " + e.getMessage()));
    }
    return Optional.empty();
  }
}
