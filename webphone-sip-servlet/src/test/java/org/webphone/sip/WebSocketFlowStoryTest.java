package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.account.DigestCredentials;
import org.webphone.sip.container.SipApplicationSpec;
import org.webphone.sip.container.SipContainer;
import org.webphone.sip.container.SipContainerConfig;
import org.webphone.sip.container.ws.WsProcessorFactory;
import org.webphone.sip.registrar.Binding;
import org.webphone.sip.registrar.ContactProbe;
import org.webphone.sip.registrar.DigestAuthenticator;
import org.webphone.sip.registrar.InMemoryBindingStore;
import org.webphone.sip.registrar.Registrar;
import org.webphone.sip.registrar.RegistrarConfig;

/**
 * Browsers registered over WebSocket (RFC 7118) and their flows (RFC 5626): the server reaches a
 * browser only over its connection, keeps its registration while it reconnects, and lets go of it
 * when it does not come back in time. Real container, in-memory connections, a hand-moved clock.
 */
class WebSocketFlowStoryTest {
  private static final String DOMAIN = "example.test";
  private static final String ALICE = "sip:alice@" + DOMAIN;
  private static final Duration GRACE = RegistrarConfig.defaults(DOMAIN).flowGracePeriod();
  private static final MutableClock CLOCK = new MutableClock();
  private static SipContainer container;
  private static Registrar registrar;
  private static ContactProbe probe;

  @BeforeAll
  static void start() throws Exception {
    WsProcessorFactory webSockets = new WsProcessorFactory();
    int udpPort;
    try (java.net.DatagramSocket s =
        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      udpPort = s.getLocalPort();
    }
    DigestCredentials alice =
        new DigestCredentials(
            "alice", DOMAIN, DigestCredentials.ha1("alice", DOMAIN, "alice-secret"), true);
    registrar =
        new Registrar(
            RegistrarConfig.defaults(DOMAIN),
            new DigestAuthenticator(
                "0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII),
                Duration.ofMinutes(5),
                CLOCK),
            new InMemoryBindingStore(),
            user -> user.equals("alice") ? Optional.of(alice) : Optional.empty(),
            CLOCK,
            webSockets);
    probe = new ContactProbe(registrar, DOMAIN);
    container =
        new SipContainer(
            new SipContainerConfig(
                "127.0.0.1", null, udpPort, 0, 0, 8080, 0, "flow-test", 4, 1000, 200, 5),
            new SipApplicationSpec(
                "webphone",
                "webphone",
                List.of(new SipApplicationSpec.ServletSpec("webphone", WebPhoneServlet.class, 1)),
                Map.of(),
                spec -> new WebPhoneServlet(registrar, probe)),
            webSockets);
    container.start();
  }

  @AfterAll
  static void stop() {
    container.stop();
  }

  @BeforeEach
  void laterThatDay() {
    CLOCK.advance(Duration.ofHours(3));
  }

  @Test
  void aliceRegistersOverHerWebSocketAndTheServersOptionsReachHerThere() throws Exception {
    WsPhone alice = new WsPhone(container, "alice", DOMAIN);
    String ok = alice.register("alice-secret");
    assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(ok));
    // RFC 5626 §6: the registrar honours her reg-id and says so.
    assertEquals("outbound", UdpPhone.header(ok, "Require"));
    assertTrue(UdpPhone.header(ok, "Contact").contains(";reg-id=1"), ok);

    long answeredBefore = probe.answered();
    // The server's scheduler probes, on a thread of its own (not the one her answer arrives on).
    CompletableFuture.runAsync(probe::probeAll).get(5, TimeUnit.SECONDS);

    String options = alice.nextRequest();
    assertNotNull(options, "the server's OPTIONS did not reach alice");
    assertTrue(options.startsWith("OPTIONS " + alice.contact() + " SIP/2.0\r\n"), options);
    alice.answerOk(options);
    awaitAnswered(answeredBefore + 1);
    alice.connection().closed();
  }

  @Test
  void aliceLosesHerConnectionAndHerBindingWaitsTheGracePeriodAsNoTarget() throws Exception {
    WsPhone alice = new WsPhone(container, "alice", DOMAIN);
    assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(alice.register("alice-secret")));
    assertEquals(1, registrar.targets(ALICE).size());

    alice.connection().closed();

    assertEquals(List.of(), registrar.targets(ALICE), "a closed connection is no target");
    CLOCK.advance(GRACE.minusSeconds(1));
    registrar.sweep();
    WsPhone query = new WsPhone(container, "alice", DOMAIN);
    String listed = query.register("alice-secret");
    assertTrue(
        UdpPhone.headers(listed, "Contact").stream().anyMatch(c -> c.contains(alice.contact())),
        "gone before the grace period ended: " + listed);
    query.connection().closed();

    CLOCK.advance(Duration.ofSeconds(2));
    registrar.sweep();
    assertTrue(
        registrar.targets(ALICE).isEmpty() && registrar.webSocketTargets().isEmpty(),
        "still there after the grace period");
  }

  @Test
  void aliceReconnectsAndTheNextOptionsReachesHerNewConnectionOnly() throws Exception {
    WsPhone alice = new WsPhone(container, "alice", DOMAIN);
    assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(alice.register("alice-secret")));
    var before = alice.connection();

    alice.reconnect();
    assertEquals(List.of(), registrar.targets(ALICE));
    assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(alice.register("alice-secret")));

    List<Binding> targets = registrar.targets(ALICE);
    assertEquals(1, targets.size(), "the new flow replaced the old binding: " + targets);
    assertEquals(alice.connection().flow(), targets.get(0).flow());
    probe.probeAll();
    String options = alice.nextRequest();
    assertNotNull(options, "the OPTIONS did not reach the new connection");
    assertTrue(options.startsWith("OPTIONS " + alice.contact()), options);
    alice.answerOk(options);
    assertTrue(alice.heardNothing());
    assertTrue(before.flow().remotePort() != alice.connection().flow().remotePort());
    alice.connection().closed();
  }

  private static void awaitAnswered(long count) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (probe.answered() < count && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(count, probe.answered(), "the OPTIONS transaction did not complete");
  }
}
