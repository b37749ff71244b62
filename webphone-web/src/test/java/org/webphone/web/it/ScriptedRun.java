package org.webphone.web.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A story told by a script under {@code src/test/resources} that starts real servers (the run
 * command, PostgreSQL, a second node) and then the Node tests against them: run with the repository
 * root and an output folder, within a deadline; the script writes its outcome to {@code
 * OUT/result}, and its own output goes to {@code OUT/driver.log} (both shown when it fails).
 */
final class ScriptedRun {
  private ScriptedRun() {}

  /** The repository's root, from the WAR's path the build passes. */
  static Path root() {
    return Path.of(System.getProperty("webphone.war")).getParent().getParent().getParent();
  }

  /** Runs {@code script} (relative to the root) with ROOT OUT ARGS...; returns OUT/result. */
  static String run(String script, Path out, long minutes, String... args)
      throws IOException, InterruptedException {
    Files.createDirectories(out);
    Path driverLog = out.resolveSibling(out.getFileName() + "-driver.log");
    List<String> command = new ArrayList<>(List.of("bash", root().resolve(script).toString()));
    command.add(root().toString());
    command.add(out.toString());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(driverLog.toFile())
            .start();
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(
          script + " did not finish in " + minutes + " min: " + read(driverLog));
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(script + " failed (" + p.exitValue() + "): " + read(driverLog));
    }
    return read(out.resolve("result")).trim();
  }

  /**
   * Asserts the script's result is {@code expected}; if not, shows the tails of {@code logs} (files
   * in {@code out}: the Node tests' output, the server's).
   */
  static void assertResult(String expected, String result, Path out, String... logs)
      throws IOException {
    if (!expected.equals(result)) {
      StringBuilder why = new StringBuilder("expected " + expected + ", got " + result);
      for (String log : logs) {
        why.append("\n").append(log).append(":\n").append(tail(out.resolve(log)));
      }
      throw new AssertionError(why.toString());
    }
  }

  static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "(no " + file + ")";
  }

  static String tail(Path file) throws IOException {
    String s = read(file);
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }
}
