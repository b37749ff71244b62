package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.sip.container.ws.TooManyConnectionsException;
import org.webphone.sip.container.ws.WebSocketConnection;
import org.webphone.sip.container.ws.WsProcessorFactory;

/**
 * SIP over WebSocket (RFC 7118) inside the container, below the web tier: frames from a browser
 * connection enter the same stack and servlets as UDP, and the answers go back as frames on that
 * connection. The connection here is in memory, the way Netty tests a protocol on an embedded
 * channel; the Jakarta WebSocket endpoint that feeds real browsers is tested with it in Payara.
 */
class WebSocketTransportTest {
  private static final String ALICE = "sip:alice@example.test";
  private final AtomicLong now = new AtomicLong();
  private SipContainer container;
  private WsProcessorFactory webSockets;
  private int udpPort;

  @BeforeEach
  void start() throws Exception {
    webSockets = new WsProcessorFactory(now::get);
    udpPort = TestPorts.freeUdp();
    container =
        new SipContainer(
            SipContainerConfig.builder()
                .udpPort(udpPort)
                .webSocketPorts(8080, 0)
                .stackName("ws-test")
                .threads(4)
                .maxQueuedMessages(1000)
                .build(),
            TestPorts.probingApplication(),
            webSockets);
    container.start();
  }

  @AfterEach
  void stop() {
    container.stop();
  }

  private static String register(String branch) {
    return "REGISTER sip:localhost SIP/2.0\r\n"
        + "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch="
        + branch
        + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:alice@localhost>;tag=65bnmj.q\r\n"
        + "To: <sip:alice@localhost>\r\n"
        + "Call-ID: "
        + UUID.randomUUID()
        + "\r\n"
        + "CSeq: 1 REGISTER\r\n"
        + "Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws>;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\";reg-id=1\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  @Test
  void aBrowserRegistersOverItsWebSocketAndTheAnswerComesBackOnIt() throws Exception {
    InMemoryBrowser browser = new InMemoryBrowser();
    WebSocketConnection connection = container.openWebSocket(browser, false);

    connection.receive(register("z9hG4bK56sdasks"));

    String answer = browser.received.poll(5, TimeUnit.SECONDS);
    assertNotNull(answer, "no answer on the WebSocket");
    assertTrue(answer.startsWith("SIP/2.0 200 OK\r\n"), answer);
    // RFC 7118 §5 / RFC 3261 §18.2.1: the server records where the request really came from.
    assertTrue(
        answer.matches(
            "(?s).*Via: SIP/2.0/WS df7jal23ls0d\\.invalid;branch=z9hG4bK56sdasks;received=127\\.0\\.0\\.1.*"),
        answer);
  }

  @Test
  void aFrameThatIsNoSipClosesTheConnectionWithAReasonAndOthersKeepWorking() throws Exception {
    InMemoryBrowser garbler = new InMemoryBrowser();
    InMemoryBrowser alice = new InMemoryBrowser();
    WebSocketConnection bad = container.openWebSocket(garbler, false);
    WebSocketConnection good = container.openWebSocket(alice, false);

    bad.receive("this is not SIP\r\n\r\n");
    good.receive(register("z9hG4bKafter"));

    assertTrue(garbler.closed.await(5, TimeUnit.SECONDS), "the garbler's connection stayed open");
    assertEquals("1002 not a SIP message", garbler.closedWith);
    assertFalse(container.flows().isOpen(bad.flow()));
    String answer = alice.received.poll(5, TimeUnit.SECONDS);
    assertNotNull(answer, "no answer on the other connection");
    assertTrue(answer.startsWith("SIP/2.0 200 OK\r\n"), answer);
  }

  @Test
  void aDoubleCrlfPingGetsACrlfPong() throws Exception {
    InMemoryBrowser browser = new InMemoryBrowser();
    WebSocketConnection connection = container.openWebSocket(browser, false);

    connection.receive("\r\n\r\n");

    assertEquals("\r\n", browser.received.poll(5, TimeUnit.SECONDS));
    assertEquals(null, browser.closedWith);
  }

  @Test
  void aRequestWithABrokenHeaderGets400WithTheReasonAndTheConnectionStays() throws Exception {
    InMemoryBrowser browser = new InMemoryBrowser();
    WebSocketConnection connection = container.openWebSocket(browser, false);

    connection.receive(register("z9hG4bKbad").replace("CSeq: 1 REGISTER", "CSeq: one REGISTER"));
    String answer = browser.received.poll(5, TimeUnit.SECONDS);
    assertNotNull(answer, "no answer to the broken request");
    assertTrue(answer.startsWith("SIP/2.0 400 Bad Request ("), answer);
    assertTrue(answer.contains("CSeq: one REGISTER\r\n"), answer);

    connection.receive(register("z9hG4bKgood"));
    String next = browser.received.poll(5, TimeUnit.SECONDS);
    assertNotNull(next, "the connection stopped working");
    assertTrue(next.startsWith("SIP/2.0 200 OK\r\n"), next);
    assertEquals(null, browser.closedWith);
  }

  @Test
  void theServersOptionsReachABrowsersInvalidContactOverItsConnectionAndItsReplyCompletesIt()
      throws Exception {
    InMemoryBrowser alice = new InMemoryBrowser();
    WebSocketConnection connection = container.openWebSocket(alice, false);
    assertEquals(
        Flows.Routed.ROUTED,
        container.flows().route("df7jal23ls0d.invalid", -1, connection.flow(), ALICE));

    CompletableFuture<Integer> reply =
        ProbingServlet.options("sip:alice@df7jal23ls0d.invalid;transport=ws");

    String options = alice.received.poll(5, TimeUnit.SECONDS);
    assertNotNull(options, () -> "the OPTIONS did not reach alice: " + outcome(reply));
    assertTrue(
        options.startsWith("OPTIONS sip:alice@df7jal23ls0d.invalid;transport=ws SIP/2.0"), options);
    connection.receive(RawSipClient.okFor(options));
    assertEquals(200, reply.get(5, TimeUnit.SECONDS));
  }

  /**
   * JsSIP reads only the last value of a Via line, and matches a CANCEL to its INVITE by the top
   * Via's branch: a request proxied to a browser must bring each Via on a line of its own.
   */
  @Test
  void aRequestProxiedToABrowserBringsEachViaOnItsOwnLineAndItsAnswerGoesBack() throws Exception {
    InMemoryBrowser alice = new InMemoryBrowser();
    WebSocketConnection connection = container.openWebSocket(alice, false);
    container.flows().route("df7jal23ls0d.invalid", -1, connection.flow(), ALICE);

    try (java.net.DatagramSocket caller =
        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      caller.setSoTimeout(5000);
      String message =
          RawSipClient.request("MESSAGE", "UDP", caller.getLocalPort(), udpPort)
              .replaceFirst("^MESSAGE \\S+", "MESSAGE sip:alice@df7jal23ls0d.invalid;transport=ws");
      byte[] out = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      caller.send(
          new java.net.DatagramPacket(
              out, out.length, java.net.InetAddress.getLoopbackAddress(), udpPort));

      String proxied = alice.received.poll(5, TimeUnit.SECONDS);
      assertNotNull(proxied, "the MESSAGE did not reach alice");
      List<String> vias = proxied.lines().filter(l -> l.startsWith("Via:")).toList();
      assertEquals(2, vias.size(), proxied);
      assertTrue(vias.get(0).startsWith("Via: SIP/2.0/WS"), vias.get(0));
      assertFalse(vias.get(0).contains(","), vias.get(0));
      assertTrue(vias.get(1).contains(";branch=z9hG4bK"), vias.get(1));
      assertTrue(proxied.lines().filter(l -> l.startsWith("Record-Route:")).count() >= 1, proxied);

      connection.receive(RawSipClient.okFor(proxied));
      String answer = RawSipClient.receiveFinal(caller);
      assertNotNull(answer, "alice's 200 did not come back to the caller");
      assertEquals("SIP/2.0 200 OK", RawSipClient.statusLine(answer));
    }
  }

  @Test
  void aReconnectedBrowserTakesItsContactOverAndTheOldConnectionClosingChangesNothing()
      throws Exception {
    InMemoryBrowser before = new InMemoryBrowser();
    InMemoryBrowser after = new InMemoryBrowser();
    WebSocketConnection first = container.openWebSocket(before, false);
    WebSocketConnection second = container.openWebSocket(after, false);
    List<Flow> closed = new CopyOnWriteArrayList<>();
    container.flows().onClosed(closed::add);
    assertEquals(
        Flows.Routed.ROUTED,
        container.flows().route("df7jal23ls0d.invalid", -1, first.flow(), ALICE));
    assertEquals(
        Flows.Routed.ROUTED,
        container.flows().route("df7jal23ls0d.invalid", -1, second.flow(), ALICE));

    first.closed();
    assertEquals(List.of(first.flow()), closed);
    CompletableFuture<Integer> reply =
        ProbingServlet.options("sip:alice@df7jal23ls0d.invalid;transport=ws");

    String options = after.received.poll(5, TimeUnit.SECONDS);
    assertNotNull(options, () -> "the OPTIONS did not reach the new connection: " + outcome(reply));
    second.receive(RawSipClient.okFor(options));
    assertEquals(200, reply.get(5, TimeUnit.SECONDS));
    assertTrue(before.received.isEmpty(), "the old connection got " + before.received);
  }

  @Test
  void oneAddressHoldsOnlySoManyConnectionsThatHaveNotSignedInAndThoseThatDidAreFree()
      throws Exception {
    int max = WsProcessorFactory.DEFAULT_MAX_UNSIGNED_PER_ADDRESS;
    List<WebSocketConnection> mallorys = new java.util.ArrayList<>();
    for (int i = 0; i < max; i++) {
      mallorys.add(container.openWebSocket(new InMemoryBrowser("192.0.2.66"), false));
    }
    assertThrows(
        TooManyConnectionsException.class,
        () -> container.openWebSocket(new InMemoryBrowser("192.0.2.66"), false));
    assertEquals(1, webSockets.refusedConnections());
    assertEquals(max, webSockets.unsignedConnections("192.0.2.66"));

    // Alice, elsewhere, connects and signs in as usual.
    WebSocketConnection alice = container.openWebSocket(new InMemoryBrowser("192.0.2.7"), false);
    assertEquals(
        Flows.Routed.ROUTED,
        container.flows().route("df7jal23ls0d.invalid", -1, alice.flow(), ALICE));

    // One of the address's connections signs in: it no longer counts, and one more may open.
    assertEquals(
        Flows.Routed.ROUTED,
        container.flows().route("x1.invalid", -1, mallorys.get(0).flow(), "sip:bob@example.test"));
    WebSocketConnection next = container.openWebSocket(new InMemoryBrowser("192.0.2.66"), false);
    assertThrows(
        TooManyConnectionsException.class,
        () -> container.openWebSocket(new InMemoryBrowser("192.0.2.66"), false));
    // One that never signed in closes: its place is free again; the signed-in one's close frees
    // none.
    mallorys.get(1).closed();
    mallorys.get(0).closed();
    container.openWebSocket(new InMemoryBrowser("192.0.2.66"), false);
    assertThrows(
        TooManyConnectionsException.class,
        () -> container.openWebSocket(new InMemoryBrowser("192.0.2.66"), false));
    assertTrue(next.flow().remotePort() > 0);
  }

  @Test
  void malloryCannotTakeAlicesContactHostWhileHerConnectionIsOpenNorSoonAfterItCloses()
      throws Exception {
    InMemoryBrowser alicesBrowser = new InMemoryBrowser();
    InMemoryBrowser mallorysBrowser = new InMemoryBrowser();
    WebSocketConnection alice = container.openWebSocket(alicesBrowser, false);
    WebSocketConnection mallory = container.openWebSocket(mallorysBrowser, false);
    String mallorysAor = "sip:mallory@example.test";
    assertEquals(
        Flows.Routed.ROUTED,
        container.flows().route("df7jal23ls0d.invalid", -1, alice.flow(), ALICE));
    assertEquals(
        Flows.Routed.TAKEN,
        container.flows().route("df7jal23ls0d.invalid", -1, mallory.flow(), mallorysAor));

    CompletableFuture<Integer> reply =
        ProbingServlet.options("sip:alice@df7jal23ls0d.invalid;transport=ws");
    String options = alicesBrowser.received.poll(5, TimeUnit.SECONDS);
    assertNotNull(options, () -> "alice's OPTIONS went elsewhere: " + outcome(reply));
    alice.receive(RawSipClient.okFor(options));
    assertEquals(200, reply.get(5, TimeUnit.SECONDS));
    assertTrue(mallorysBrowser.received.isEmpty(), "mallory got " + mallorysBrowser.received);

    alice.closed(); // her bindings wait for her to come back (the registrar's grace period)
    assertEquals(
        Flows.Routed.TAKEN,
        container.flows().route("df7jal23ls0d.invalid", -1, mallory.flow(), mallorysAor));
    now.addAndGet(Flows.REST_AFTER_CLOSE.toNanos());
    assertEquals(
        Flows.Routed.ROUTED,
        container.flows().route("df7jal23ls0d.invalid", -1, mallory.flow(), mallorysAor),
        "long after, the host is anyone's");
  }

  @Test
  void aContactWhoseConnectionClosedIsUnreachableAndNothingIsDialled() throws Exception {
    WebSocketConnection connection = container.openWebSocket(new InMemoryBrowser(), false);
    Flow flow = connection.flow();
    assertEquals(
        Flows.Routed.ROUTED, container.flows().route("df7jal23ls0d.invalid", -1, flow, ALICE));

    connection.closed();

    assertEquals(
        Flows.Routed.CLOSED, container.flows().route("df7jal23ls0d.invalid", -1, flow, ALICE));
    CompletableFuture<Integer> reply =
        ProbingServlet.options("sip:alice@df7jal23ls0d.invalid;transport=ws");
    try {
      int status = reply.get(5, TimeUnit.SECONDS);
      assertTrue(status >= 400, "got " + status);
    } catch (ExecutionException expected) {
      assertTrue(expected.getCause() instanceof java.io.IOException, expected.toString());
    }
  }

  private static String outcome(CompletableFuture<Integer> reply) {
    try {
      return reply.isDone() ? "answered " + reply.get() : "still waiting";
    } catch (InterruptedException | ExecutionException e) {
      java.io.StringWriter w = new java.io.StringWriter();
      e.getCause().printStackTrace(new java.io.PrintWriter(w));
      return w.toString();
    }
  }

  /**
   * Fifty pipelined frames on one connection: every one is answered once, on that connection.
   * Frames are parsed in order on one stack thread, but the core hands each initial request to its
   * servlet pool (JSR 289 §6.4.1 concurrency is per application session), so answers to different
   * transactions may come back in any order, as RFC 3261 allows; asserting their order made this
   * test fail one run in many.
   */
  @Test
  void pipelinedFramesOfOneConnectionAreEachAnsweredOnceOnIt() throws Exception {
    InMemoryBrowser browser = new InMemoryBrowser();
    WebSocketConnection connection = container.openWebSocket(browser, false);

    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < 50; i++) {
      connection.receive(register("z9hG4bKpipe" + i));
      expected.add("z9hG4bKpipe" + i);
    }

    Set<String> answered = new TreeSet<>();
    Pattern branch = Pattern.compile("branch=(z9hG4bKpipe\\d+);");
    for (int i = 0; i < 50; i++) {
      String answer = browser.received.poll(5, TimeUnit.SECONDS);
      assertNotNull(answer, "answer " + i + " missing; answered so far: " + answered);
      assertTrue(answer.startsWith("SIP/2.0 200 "), answer);
      Matcher m = branch.matcher(answer);
      assertTrue(m.find(), answer);
      assertTrue(answered.add(m.group(1)), "answered twice: " + m.group(1));
    }
    assertEquals(expected, answered);
  }

  @Test
  void wssIsRefusedWhenNotConfigured() {
    try {
      container.openWebSocket(new InMemoryBrowser(), true);
      throw new AssertionError("WSS opened without being configured");
    } catch (java.io.IOException expected) {
      assertTrue(expected.getMessage().contains("WSS"), expected.getMessage());
    }
  }
}
