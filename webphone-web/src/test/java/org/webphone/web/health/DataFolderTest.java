package org.webphone.web.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder that takes a durable write and has room is usable; one that cannot be written, or
 * is fuller than the operator allows, says why, and leaves nothing behind.
 */
class DataFolderTest {
  @TempDir Path dir;

  @Test
  void aWritableFolderWithRoomIsUsableAndKeepsNoProbe() throws Exception {
    assertEquals(Optional.empty(), DataFolder.problem(dir, 0));
    try (var left = Files.list(dir)) {
      assertEquals(0, left.count(), "the probe file is gone");
    }
  }

  @Test
  void aFolderThatCannotBeWrittenSaysSo() throws Exception {
    // As root, permissions stop nothing: a "folder" that is a file cannot take a file either.
    Path notAFolder = Files.writeString(dir.resolve("data"), "a file");
    DataFolder.Problem problem = DataFolder.problem(notAFolder, 0).orElseThrow();
    assertEquals("cannot write", problem.kind());
    assertTrue(problem.detail().startsWith("cannot write to " + notAFolder), problem.detail());
  }

  @Test
  void aFolderFullerThanAllowedSaysHowMuchIsLeft() {
    long more = Long.MAX_VALUE / 2; // more than any disk has free
    DataFolder.Problem problem = DataFolder.problem(dir, more).orElseThrow();
    assertEquals("low free space", problem.kind(), "what /health says, with no path");
    assertTrue(problem.detail().contains("MB free in " + dir), problem.detail());
    assertTrue(problem.detail().contains("webphone.data.min-free-mb"), problem.detail());
  }
}
