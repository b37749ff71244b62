package org.webphone.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An enterprise's path: the README's {@code ./bin/payara-server start} on a real Payara Server 6
 * (the Maven distribution, unpacked by this module's build) creates and configures a domain and
 * deploys the real EAR; HTTPS presents the application's own certificate (its key manager on the
 * server's listener) on TLS 1.2 and up; SIPp phones register with digest over UDP and TCP and call
 * each other through the B2BUA; JsSIP in Chromium registers over WSS and WS and calls through the
 * media anchor, an admin edits the phonebook that the phone's API returns, and a certificate added
 * in the control panel is presented at once (the Node tests' stories, run against this domain); the
 * EAR deployed three more times leaves no thread of the old ones behind and still carries calls;
 * stop, and stop again. All of it in a network namespace with nothing but loopback, the server
 * under strace: it connects and sends to nothing else (Payara's and Hazelcast's phone homes,
 * discovery or cloud probes would show). One domain start for the whole story
 * (payara-server-story.sh).
 */
class PayaraServerIT {
  @Test
  void theEarRunsOnPayaraServerCarriesCallsAndIsUpgradedInPlace() throws Exception {
    Path root = Path.of(System.getProperty("webphone.root")).toRealPath();
    Path out = Path.of(System.getProperty("webphone.it.dir"), "payara-server");
    Path ear = root.resolve("webphone-ear/target/webphone.ear");
    assertTrue(Files.isRegularFile(ear), "the EAR is built first: " + ear);
    ProcessBuilder story =
        new ProcessBuilder(
                "unshare",
                "--net",
                "--",
                "bash",
                root.resolve("webphone-server-it/src/test/resources/payara-server-story.sh")
                    .toString(),
                root.toString(),
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(
                Files.createDirectories(out.getParent())
                    .resolve("payara-server-story.log")
                    .toFile());
    story.environment().put("PAYARA_HOME", System.getProperty("payara.home"));
    story.environment().put("WEBPHONE_EAR", ear.toString());
    Process p = story.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the Payara Server story did not finish in 15 minutes");
    }

    assertEquals(
        List.of(
            "start=0",
            "start-again=0",
            "https=200",
            "certificate=the application's",
            "tls1_1-8443=refused",
            "tls1_2-8443=accepted",
            "admin-without-password=refused",
            "register-udp=0",
            "register-tcp=0",
            "call=0/0",
            "browsers=0/12",
            "redeployed=0",
            "register-after-redeploys=0",
            "call-after-redeploys=0/0",
            "threads-after-redeploys=none left behind",
            "stop=0",
            "stop-again=0",
            "outbound=none"),
        Files.readAllLines(out.resolve("result")),
        () ->
            "start:\n"
                + read(out.resolve("start.log"))
                + "\nNode tests:\n"
                + read(out.resolve("node.log"))
                + "\nserver log:\n"
                + tail(out));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "(no " + file + ")";
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The last 150 lines of the domain's log. */
  private static String tail(Path out) {
    try {
      Path log = out.resolve("server.log");
      if (!Files.exists(log)) {
        return "(no " + log + ")";
      }
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 150), lines.size()));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
