package org.webphone.sip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A SIPp phone (Debian's sip-tester) playing one of {@code src/test/resources/sipp}'s scenarios
 * once against the test server on loopback: a real, independent SIP implementation that builds its
 * own digest answers and retransmits as phones do. Each run has a folder of its own for its log and
 * message trace.
 */
final class Sipp {
  private final Process process;
  private final Path dir;

  private Sipp(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /**
   * Starts {@code scenario} with SIPp's {@code args} (e.g. {@code -s bob -au alice}) towards the
   * server's UDP port; {@code localPort} 0 picks any.
   */
  static Sipp start(String scenario, int localPort, int serverPort, String... args)
      throws IOException {
    Path dir = Files.createTempDirectory("sipp-" + scenario + "-");
    Path sf = Path.of(System.getProperty("user.dir"), "src/test/resources/sipp", scenario + ".xml");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "sipp",
                "-sf",
                sf.toString(),
                "-i",
                "127.0.0.1",
                "-p",
                Integer.toString(localPort),
                "-m",
                "1",
                "-timeout",
                "20s",
                "-timeout_error",
                "-nostdin",
                "-trace_msg",
                "-message_file",
                dir.resolve("messages.log").toString()));
    cmd.addAll(List.of(args));
    cmd.add("127.0.0.1:" + serverPort);
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("screen.log").toFile())
            .start();
    return new Sipp(p, dir);
  }

  /** Waits for the scenario to end; returns SIPp's exit code (0: the scenario passed). */
  int await() throws InterruptedException {
    if (!process.waitFor(40, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  /** Every message SIPp sent and received, for an assertion's message or a closer look. */
  String messages() throws IOException {
    Path log = dir.resolve("messages.log");
    return Files.exists(log) ? Files.readString(log) : "(no messages)";
  }

  /**
   * Waits, polling SIPp's message trace until {@code deadline}, for a message containing {@code
   * text} (e.g. {@code "SIP/2.0 180 "}: the server has relayed the ringing).
   *
   * @throws AssertionError when none came in time
   */
  void awaitMessage(String text, java.time.Duration deadline)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!messages().contains(text)) {
      if (System.nanoTime() > end || !process.isAlive() && !messages().contains(text)) {
        throw new AssertionError("no message with \"" + text + "\":\n" + report());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // a poll, under the deadline
    }
  }

  /** What SIPp printed, and its message trace: the story of a failed run. */
  String report() throws IOException {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        b.append("--- ").append(f.getFileName()).append('\n').append(Files.readString(f));
      }
    }
    return b.toString();
  }

  void stop() {
    process.destroyForcibly();
  }
}
