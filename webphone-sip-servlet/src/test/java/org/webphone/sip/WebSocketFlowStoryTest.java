package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.sip.container.SipContainer;
import org.webphone.sip.registrar.Binding;
import org.webphone.sip.registrar.ContactProbe;
import org.webphone.sip.registrar.Registrar;
import org.webphone.sip.registrar.RegistrarConfig;

/**
 * Browsers registered over WebSocket (RFC 7118) and their flows (RFC 5626): the server reaches a
 * browser only over its connection, keeps its registration while it reconnects, and lets go of it
 * when it does not come back in time. Real container, in-memory connections, a hand-moved clock.
 */
class WebSocketFlowStoryTest {
  private static final String DOMAIN = TestServer.DOMAIN;
  private static final String ALICE = "sip:alice@" + DOMAIN;
  private static final Duration GRACE = RegistrarConfig.defaults(DOMAIN).flowGracePeriod();
  private static final MutableClock CLOCK = new MutableClock();
  private static TestServer server;
  private static SipContainer container;
  private static Registrar registrar;
  private static ContactProbe probe;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer("flow-test", CLOCK, 8080, "alice", "mallory");
    container = server.container;
    registrar = server.registrar;
    probe = server.probe;
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
    assertTrue(
        stored(alice.contact()).filter(b -> !b.isReachable()).isPresent(),
        "not kept, unreachable, until the grace period ends");

    CLOCK.advance(Duration.ofSeconds(2));
    registrar.sweep();
    // Her registration (600 s) has not expired: only the sweep can have removed it.
    assertEquals(Optional.empty(), stored(alice.contact()), "still stored after the grace period");
  }

  /** Alice's binding for {@code contact} as the location service holds it, reachable or not. */
  private static Optional<Binding> stored(String contact) {
    return server.bindings.get(ALICE).stream().filter(b -> b.contact().equals(contact)).findFirst();
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
      LockSupport.parkNanos(1_000_000);
    }
    assertEquals(count, probe.answered(), "the OPTIONS transaction did not complete");
  }

  @Test
  void malloryWhoRegistersWithAlicesContactHostIsRefusedAndAliceKeepsHerCalls() throws Exception {
    WsPhone alice = new WsPhone(container, "alice", DOMAIN);
    assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(alice.register("alice-secret")));
    WsPhone mallory = new WsPhone(container, "mallory", DOMAIN, alice.contactHost());
    String refused = mallory.register("mallory-secret");
    assertEquals("SIP/2.0 403 Contact Held By Another Account", UdpPhone.statusLine(refused));

    CompletableFuture.runAsync(probe::probeAll).get(5, TimeUnit.SECONDS);
    String options = alice.nextRequest();
    assertNotNull(options, "the server's OPTIONS did not reach alice");
    alice.answerOk(options);
    assertTrue(mallory.heardNothing(), "mallory heard what was alice's");
    alice.connection().closed();
    mallory.connection().closed();
  }
}
