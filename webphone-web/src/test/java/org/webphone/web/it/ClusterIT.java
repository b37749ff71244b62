package org.webphone.web.it;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The local cluster as a user starts it ({@code ./bin/webphone-cluster 3}: three nodes behind
 * HAProxy, one PostgreSQL), once for all its stories ({@code
 * src/test/resources/cluster/cluster.sh}): a phone subscribed to its phonebook on node 2 is
 * notified of a contact an admin saved through the front, within 2 s (JsSIP in Chromium); the front
 * keeps a browser on its node, presents the control panel's certificate from every node, and takes
 * a node that stops answering out of rotation; a node with secrets of its own refuses to join. Runs
 * with {@code -Ppostgresql}, which {@code bin/test} passes with a throwaway PostgreSQL; it needs
 * the cluster's ports free (docs/cluster.md).
 */
class ClusterIT {

  @Test
  void threeNodesBehindTheFrontServeAsOne() throws Exception {
    String url = System.getProperty("webphone.it.postgres.url");
    Assumptions.assumeTrue(
        url != null && !url.isBlank() && !url.startsWith("${"),
        "needs PostgreSQL (-Ppostgresql, as bin/test runs it)");
    Path out = Path.of(System.getProperty("webphone.it.dir"), "cluster");
    String result =
        ScriptedRun.run(
            "webphone-web/src/test/resources/cluster/cluster.sh",
            out,
            14,
            url,
            System.getProperty("webphone.it.postgres.password"));
    ScriptedRun.assertResult(
        "node=0,refused=ok",
        result,
        out,
        "node.log",
        "cluster.log",
        "node-1.log",
        "node-2.log",
        "node-3.log",
        "node-4.log");
  }
}
