package org.webphone.web.it;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The run command on a PostgreSQL of its own that the story stops for 30 s under calls and starts
 * again, then kills the server with SIGKILL right after a call's hang-up and right after an admin
 * saved a contact, on that PostgreSQL and then on the embedded H2 ({@code
 * src/test/resources/database/outage.sh} and {@code database-outage.test.mjs}: SIPp phones, the
 * control panel in Chromium). Runs with {@code -Ppostgresql}, as {@code bin/test} runs it; it needs
 * the run command's ports free.
 */
class DatabaseOutageIT {

  @Test
  void theDatabaseGoesAwayAndComesBackAndCrashesLoseNothing() throws Exception {
    Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/usr/lib/postgresql")),
        "needs PostgreSQL (bin/test installs it)");
    Path out = Path.of(System.getProperty("webphone.it.dir"), "database-outage");
    String result = ScriptedRun.run("webphone-web/src/test/resources/database/outage.sh", out, 12);
    ScriptedRun.assertResult("node=0,h2=0", result, out, "node.log", "node-h2.log", "server-0.log");
  }
}
