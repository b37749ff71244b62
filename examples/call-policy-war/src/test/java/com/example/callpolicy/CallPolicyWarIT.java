package com.example.callpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The integrator's WAR overlay as an operator runs it: {@code bin/webphone} with {@code
 * WEBPHONE_WAR} pointing at it and the router setting in the environment ({@code
 * WEBPHONE_SIP_APPLICATION_ROUTER=INVITE: call-policy, webphone}). The demo user alice calls a
 * premium-rate number and is refused by the policy; she calls "sales" and bob's phone (SIPp,
 * registered for him) rings and answers.
 */
class CallPolicyWarIT {
  private static final Path ROOT = Path.of(System.getProperty("webphone.root"));
  private static final Path DIR = Path.of(System.getProperty("webphone.it.dir"));
  private static final Path CALL_SCENARIOS =
      ROOT.resolve("webphone-sip-servlet/src/test/resources/sipp");
  private static final Path WEB_SCENARIOS = ROOT.resolve("webphone-web/src/test/resources/sipp");
  private static Process server;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(DIR);
    Path log = DIR.resolve("server.log");
    ProcessBuilder pb =
        new ProcessBuilder(ROOT.resolve("bin/webphone").toString())
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("WEBPHONE_DATA_DIR", DIR.resolve("data").toString());
    pb.environment().put("WEBPHONE_WAR", System.getProperty("webphone.war"));
    pb.environment().put("WEBPHONE_SIP_APPLICATION_ROUTER", "INVITE: call-policy, webphone");
    pb.environment().put("WEBPHONE_HEAP", "512m");
    server = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (!Files.readString(log).contains(" ready in ")) {
      if (!server.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the server did not start:\n" + Files.readString(log));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
    assertTrue(
        Files.readString(log).contains("applications webphone, call-policy"),
        "both applications deployed");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private static String password(String user) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(DIR.resolve("data/demo-users.properties"))) {
      p.load(r);
    }
    return p.getProperty(user);
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts one SIPp call of {@code scenario}; its message trace lands in the test folder. */
  private static Process sipp(Path scenario, int port, String trace, String... args)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "sipp",
                "-sf",
                scenario.toString(),
                "-i",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-m",
                "1",
                "-timeout",
                "30s",
                "-timeout_error",
                "-nostdin",
                "-trace_msg",
                "-message_file",
                DIR.resolve(trace).toString()));
    cmd.addAll(List.of(args));
    cmd.add("127.0.0.1:5060");
    return new ProcessBuilder(cmd)
        .directory(DIR.toFile())
        .redirectErrorStream(true)
        .redirectOutput(DIR.resolve(trace + ".screen").toFile())
        .start();
  }

  private static int exit(Process p) throws InterruptedException {
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  private static String trace(String name) throws IOException {
    Path p = DIR.resolve(name);
    return Files.exists(p) ? Files.readString(p) : "";
  }

  @Test
  void alicesCallToAPremiumRateNumberIsVetoedByThePolicy() throws Exception {
    Process alice =
        sipp(
            CALL_SCENARIOS.resolve("caller-vetoed.xml"),
            0,
            "vetoed.log",
            "-s",
            "+19005550100",
            "-key",
            "caller",
            "alice",
            "-key",
            "domain",
            "localhost");
    assertEquals(0, exit(alice), trace("vetoed.log"));
    assertTrue(trace("vetoed.log").contains("SIP/2.0 403 Blocked by call policy"));
  }

  @Test
  void alicesCallForSalesRingsBobsPhone() throws Exception {
    int phone = freeUdpPort();
    // The phone registers from its own port (the server sends to where a REGISTER came from),
    // before its SIPp binds it.
    assertEquals(0, exit(registerBob(phone, 300)), trace("register-300.log"));
    Process bob = sipp(CALL_SCENARIOS.resolve("callee.xml"), phone, "bob.log");
    try {
      Process alice =
          sipp(
              CALL_SCENARIOS.resolve("caller.xml"),
              0,
              "sales.log",
              "-s",
              "sales",
              "-au",
              "alice",
              "-ap",
              password("alice"),
              "-key",
              "caller",
              "alice",
              "-key",
              "domain",
              "localhost");
      assertEquals(0, exit(alice), trace("sales.log"));
      assertEquals(0, exit(bob), trace("bob.log"));
      assertTrue(trace("bob.log").contains("INVITE sip:bob@127.0.0.1:" + phone), trace("bob.log"));
    } finally {
      exit(registerBob(phone, 0));
    }
  }

  /**
   * Registers {@code port} as bob's phone for {@code expires} seconds, from that port (0: removes
   * it, from any).
   */
  private static Process registerBob(int port, int expires) throws IOException {
    return sipp(
        WEB_SCENARIOS.resolve("register-as.xml"),
        expires > 0 ? port : 0,
        "register-" + expires + ".log",
        "-s",
        "bob",
        "-au",
        "bob",
        "-ap",
        password("bob"),
        "-key",
        "domain",
        "localhost",
        "-key",
        "contact_port",
        Integer.toString(port),
        "-key",
        "expires",
        Integer.toString(expires));
  }
}
