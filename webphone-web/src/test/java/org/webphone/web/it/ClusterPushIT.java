package org.webphone.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, clustered through Payara's data grid on one PostgreSQL: a phone subscribed to its
 * phonebook on node B is notified of a contact an admin saved on node A, within 2 s (JsSIP in
 * Chromium; {@code src/test/resources/cluster/two-nodes.sh}). Runs with {@code -Ppostgresql}, which
 * {@code bin/test} passes with a throwaway PostgreSQL; it needs the run command's ports free.
 */
class ClusterPushIT {

  @Test
  void aChangeSavedOnOneNodeReachesAPhoneSubscribedOnTheOther() throws Exception {
    String url = System.getProperty("webphone.it.postgres.url");
    Assumptions.assumeTrue(
        url != null && !url.isBlank() && !url.startsWith("${"),
        "needs PostgreSQL (-Ppostgresql, as bin/test runs it)");
    Path root = Path.of(System.getProperty("webphone.war")).getParent().getParent().getParent();
    Path out = Path.of(System.getProperty("webphone.it.dir"), "cluster");
    Path script = root.resolve("webphone-web/src/test/resources/cluster/two-nodes.sh");
    Process p =
        new ProcessBuilder(
                "bash",
                script.toString(),
                root.toString(),
                out.toString(),
                url,
                System.getProperty("webphone.it.postgres.password"))
            .redirectErrorStream(true)
            .redirectOutput(Files.createDirectories(out).resolve("driver.log").toFile())
            .start();
    if (!p.waitFor(8, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(
          "the two-node run did not finish: " + read(out.resolve("driver.log")));
    }
    assertEquals(0, p.exitValue(), read(out.resolve("driver.log")));
    assertEquals(
        "node=0",
        read(out.resolve("result")).trim(),
        "Node test:\n"
            + read(out.resolve("node.log"))
            + "\nnode B:\n"
            + tail(out.resolve("b.log")));
  }

  private static String read(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readString(file) : "(no " + file + ")";
  }

  private static String tail(Path file) throws java.io.IOException {
    String s = read(file);
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }
}
