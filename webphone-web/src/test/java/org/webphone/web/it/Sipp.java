package org.webphone.web.it;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs SIPp (Debian's sip-tester) with one of the scenarios under {@code src/test/resources/sipp}
 * against a server on loopback. SIPp is a real, independent SIP client: it builds its own digest
 * answers and retransmits like a phone.
 */
final class Sipp {
  private Sipp() {}

  /** Result of one SIPp run: its exit code (0: every call passed) and its screen output. */
  record Run(int exitCode, String output) {}

  static Run register(String scenario, String user, String password, String transport, int port)
      throws IOException, InterruptedException {
    Path sf = resource("/sipp/" + scenario + ".xml");
    Path log = Files.createTempFile("sipp-" + scenario + "-", ".log");
    Process p =
        new ProcessBuilder(
                List.of(
                    "sipp",
                    "-sf",
                    sf.toString(),
                    "-s",
                    user,
                    "-au",
                    user,
                    "-ap",
                    password,
                    "-key",
                    "domain",
                    "localhost",
                    "-t",
                    transport,
                    "-i",
                    "127.0.0.1",
                    "-p",
                    "0",
                    "-m",
                    "1",
                    "-timeout",
                    "30s",
                    "-timeout_error",
                    "-nostdin",
                    "127.0.0.1:" + port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("SIPp did not finish within 60 s: " + Files.readString(log));
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static Path resource(String name) {
    try {
      return Path.of(Sipp.class.getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }
}
