package org.webphone.web.it;

import java.nio.file.Path;
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
    Path out = Path.of(System.getProperty("webphone.it.dir"), "cluster");
    String result =
        ScriptedRun.run(
            "webphone-web/src/test/resources/cluster/two-nodes.sh",
            out,
            8,
            url,
            System.getProperty("webphone.it.postgres.password"));
    ScriptedRun.assertResult("node=0", result, out, "node.log", "b.log");
  }
}
