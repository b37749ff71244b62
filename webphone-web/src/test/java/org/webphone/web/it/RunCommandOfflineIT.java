package org.webphone.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, started in a network namespace that has nothing but loopback and
 * watched by strace: it comes up, SIPp registers alice, HTTPS and SIP over TLS answer with the
 * generated certificate on TLS 1.2 and refuse TLS 1.1, the Node tests in {@code src/test/js} pass
 * against it (Node's ws client on /sip, and JsSIP in headless Chromium registering over WSS and WS
 * and surviving a reconnect), and no process it starts connects or sends a datagram to anything but
 * loopback. Only the web ports listen on every address; SIP, media and the data grid on loopback.
 * Killed with SIGKILL right after a call's hang-up and started again, it has that call in alice's
 * history exactly once. Libraries that call out by default (the Mobicents statistics reporter,
 * Hazelcast discovery, cloud metadata probes) would show here.
 */
class RunCommandOfflineIT {
  private static final Pattern INET = Pattern.compile("sin_addr=inet_addr\\(\"([0-9.]+)\"\\)");
  private static final Pattern INET6 =
      Pattern.compile("inet_pton\\(AF_INET6, \"([0-9a-fA-F:.]+)\"");

  @Test
  void theServerStartsServesAndConnectsNowhereButLoopback() throws Exception {
    Path root = Path.of(System.getProperty("webphone.war")).getParent().getParent().getParent();
    Path out = Path.of(System.getProperty("webphone.it.dir"), "offline");
    Path script = root.resolve("webphone-web/src/test/resources/netns/run-command-offline.sh");
    assertTrue(
        Files.isDirectory(root.resolve("webphone-web/src/test/js/node_modules")),
        "the Node tests' packages are missing: run ./bin/test (it runs npm ci there)");
    Process p =
        new ProcessBuilder(
                "unshare",
                "--net",
                "--",
                "bash",
                script.toString(),
                root.toString(),
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(Files.createDirectories(out).resolve("driver.log").toFile())
            .start();
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(
          "the offline run did not finish: " + read(out.resolve("driver.log")));
    }
    assertEquals(0, p.exitValue(), read(out.resolve("driver.log")));

    List<String> result = Files.readAllLines(out.resolve("result"));
    assertEquals(
        List.of(
            "ready=true",
            "first-sip=api:200,wss:101",
            "sipp=0",
            "call-udp=0/0",
            "https=200",
            "listening-everywhere=8080,8443",
            "wss-handshake=101",
            "sip-tls12=SIP/2.0 200 OK",
            "sip-tls13=SIP/2.0 200 OK",
            "tls11-5061=refused",
            "tls11-8443=refused",
            "node=0",
            "kill-mid-burst=single:0/1,records:ok,duplicates:0",
            "restored=backup:0,restore:0,calls:within,contacts:same,certificate:same"),
        result,
        // Failures first: a CI summary keeps the head of this message, and the full logs run long.
        "Node tests that failed:\n"
            + nodeFailures(out.resolve("node.log"))
            + "\nserver log:\n"
            + tail(out.resolve("server.log"))
            + "\nSIPp:\n"
            + read(out.resolve("sipp.log"))
            + "\nNode tests:\n"
            + read(out.resolve("node.log")));
    assertEquals(Set.of(), nonLoopbackDestinations(out.resolve("strace.txt")));
  }

  private static Set<String> nonLoopbackDestinations(Path strace) throws IOException {
    Set<String> found = new TreeSet<>();
    for (String line : Files.readAllLines(strace)) {
      Matcher v4 = INET.matcher(line);
      while (v4.find()) {
        String a = v4.group(1);
        if (!a.startsWith("127.") && !a.equals("0.0.0.0")) {
          found.add(a + "  <- " + line.trim());
        }
      }
      Matcher v6 = INET6.matcher(line);
      while (v6.find()) {
        String a = v6.group(1).toLowerCase(java.util.Locale.ROOT);
        if (!a.equals("::1") && !a.startsWith("::ffff:127.") && !a.equals("::")) {
          found.add(a + "  <- " + line.trim());
        }
      }
    }
    return found;
  }

  /** The spec reporter's closing list of failed tests, with their errors (80 lines at most). */
  private static String nodeFailures(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no " + log + ")";
    }
    List<String> lines = Files.readAllLines(log);
    int from = 0;
    while (from < lines.size() && !lines.get(from).startsWith("\u2716 failing tests")) {
      from++;
    }
    if (from == lines.size()) {
      return "(none listed: see the Node log below)";
    }
    return String.join("\n", lines.subList(from, Math.min(lines.size(), from + 80)));
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "(no " + file + ")";
  }

  private static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "(no " + file + ")";
    }
    List<String> lines = Files.readAllLines(file);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}
