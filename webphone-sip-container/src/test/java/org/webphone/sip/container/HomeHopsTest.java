package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.sip.container.ws.WebSocketConnection;
import org.webphone.sip.container.ws.WsProcessorFactory;

/**
 * A call from another node of the cluster to bob, whose browser is connected to this node: the
 * other node's INVITE comes with a Route that names this node and carries the hop token, and this
 * node relays the whole dialog over bob's connection (docs/cluster.md). Here the other node is a
 * UDP socket that speaks for it, and bob's browser a connection in memory that answers like JsSIP.
 */
class HomeHopsTest {
  private static final String BOB = "sip:bob@hop7bob0ls9d.invalid;transport=ws";
  private final java.util.concurrent.atomic.AtomicLong now =
      new java.util.concurrent.atomic.AtomicLong();
  private SipContainer container;
  private int port;
  private HomeHops hops;
  private InMemoryBrowser bob;
  private WebSocketConnection connection;
  private DatagramSocket otherNode;

  @BeforeEach
  void start() throws Exception {
    port = TestPorts.freeUdp();
    hops = new HomeHops("a key every node shares".getBytes(StandardCharsets.UTF_8), "");
    HoppingServlet.hops = hops;
    container =
        new SipContainer(
                SipContainerConfig.builder()
                    .udpPort(port)
                    .webSocketPorts(8080, 8443)
                    .stackName("hop-test")
                    .threads(4)
                    .maxQueuedMessages(1000)
                    .build(),
                SipApplicationSpec.single("hopping", HoppingServlet.class, TestPorts::instantiate),
                new WsProcessorFactory(now::get))
            .homeHops(hops);
    container.start();
    bob = new InMemoryBrowser();
    // Over WSS, as browsers connect: the contact still says transport=ws (RFC 7118 §5.2).
    connection = container.openWebSocket(bob, true);
    container.flows().route("hop7bob0ls9d.invalid", -1, connection.flow(), "sip:bob@example.test");
    otherNode = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    otherNode.setSoTimeout(5000);
  }

  @AfterEach
  void stop() {
    otherNode.close();
    container.stop();
  }

  @Test
  void holdAndResumeEachReachBobAndSoDoesTheAckOfEachAnswer() throws Exception {
    Dialog call = answeredCall(1);
    assertEquals(2, call.routes.size(), "this node record-routes on both sides");

    // Hold, then resume: each re-INVITE and the ACK of each 2xx reach bob (RFC 3261 §13.2.2.4).
    for (int cseq = 2; cseq <= 3; cseq++) {
      send(call.request("INVITE", cseq, BOB, call.routes));
      String reInvite = toBob();
      assertTrue(reInvite.startsWith("INVITE " + BOB), reInvite);
      assertTrue(reInvite.contains("CSeq: " + cseq + " INVITE"), reInvite);
      connection.receive(answer(reInvite, 200));
      assertEquals("SIP/2.0 200 OK", RawSipClient.statusLine(finalAnswer("re-INVITE " + cseq)));
      send(call.request("ACK", cseq, BOB, call.routes));
      String ack = toBob();
      assertTrue(
          ack.startsWith("ACK " + BOB) && ack.contains("CSeq: " + cseq + " ACK"),
          "the ACK of re-INVITE " + cseq + " reached bob: " + ack);
    }

    send(call.request("BYE", 4, BOB, call.routes));
    String bye = toBob();
    assertTrue(bye.startsWith("BYE " + BOB), bye);
    connection.receive(answer(bye, 200));
    assertEquals("SIP/2.0 200 OK", RawSipClient.statusLine(finalAnswer("the BYE")));
  }

  @Test
  void bobsBrowserHasGoneAndTheOtherNodesByeIsAnswered480AtOnceWithNothingSent() throws Exception {
    Dialog call = answeredCall(1);
    connection.closed(); // bob closed his tab

    send(call.request("BYE", 2, BOB, call.routes));
    String answer = finalAnswer("the BYE");
    assertEquals("SIP/2.0 480 The phone's connection is gone", RawSipClient.statusLine(answer));
    assertNull(bob.received.poll(), "nothing went to the closed connection");
  }

  @Test
  void aCancelReachesBobWithTheTopViaBranchOfTheInviteItCancels() throws Exception {
    Dialog call = new Dialog();
    String branch = "z9hG4bK" + UUID.randomUUID();
    List<String> route = List.of(hopRoute(call.callId));
    send(call.request("INVITE", 1, BOB, route, branch));
    String invite = toBob();
    connection.receive(answer(invite, 180));

    send(call.request("CANCEL", 1, BOB, route, branch));
    String cancel = toBob();
    assertTrue(cancel.startsWith("CANCEL " + BOB), cancel);
    // JsSIP matches a CANCEL to its INVITE by the top Via's branch (RFC 3261 §9.2).
    assertEquals(topViaBranch(invite), topViaBranch(cancel));
  }

  @Test
  void nodeALeavesTheClusterAndBobsCallFromItEndsWithAByeInItsDialogAndAReason() throws Exception {
    Dialog call = answeredCall(7);
    assertEquals(1, hops.relaying());

    assertEquals(0, hops.endRelayedFrom("node-b"), "another node's loss ends none of A's calls");
    assertEquals(1, hops.endRelayedFrom("node-a"));

    String bye = toBob();
    assertTrue(bye.startsWith("BYE " + BOB), bye);
    assertTrue(bye.contains("Call-ID: " + call.callId), bye);
    assertTrue(
        bye.lines().anyMatch(l -> l.startsWith("From:") && l.contains("tag=" + call.tag)), bye);
    assertTrue(bye.lines().anyMatch(l -> l.startsWith("To:") && l.contains("tag=bobtag1")), bye);
    // Above every CSeq node A used (RFC 3261 §12.2.1.1), or bob's phone would answer 500.
    assertTrue(bye.contains("CSeq: 8 BYE"), bye);
    assertTrue(bye.contains("Reason: " + RelayedDialogs.REASON), bye);
    connection.receive(answer(bye, 200));
    assertEquals(0, hops.relaying());
    assertEquals(0, hops.endRelayedFrom("node-a"), "ended once");
  }

  @Test
  void nodeALeavesWhileBobsPhoneRingsAndTheRingingIsCancelled() throws Exception {
    Dialog call = new Dialog();
    send(call.request("INVITE", 1, BOB, List.of(hopRoute(call.callId))));
    String invite = toBob();
    connection.receive(answer(invite, 180));
    ringing();

    assertEquals(1, hops.endRelayedFrom("node-a"));
    String cancel = toBob();
    assertTrue(cancel.startsWith("CANCEL " + BOB), cancel);
    assertEquals(topViaBranch(invite), topViaBranch(cancel));
  }

  @Test
  void aMadeUpTokenRelaysNothingAndLeavesNothingKeptForTheNodeItNames() throws Exception {
    Dialog call = new Dialog();
    String forged =
        "<sip:127.0.0.1:"
            + port
            + ";lr;"
            + HomeHops.TOKEN
            + "=made-up;"
            + HomeHops.NODE
            + "=node-a>";
    send(call.request("INVITE", 1, BOB, List.of(forged)));

    String answer = finalAnswer("the INVITE with a made-up token");
    assertTrue(!RawSipClient.statusLine(answer).startsWith("SIP/2.0 2"), answer);
    assertTrue(bob.received.isEmpty(), "nothing reached bob: " + bob.received);
    assertEquals(0, hops.relaying(), "no dialog kept for node A");
    assertEquals(0, hops.endRelayedFrom("node-a"));
  }

  /** Node A calls bob (its INVITE with CSeq {@code cseq}), bob answers, A's ACK reaches him. */
  private Dialog answeredCall(int cseq) throws Exception {
    Dialog call = new Dialog();
    send(call.request("INVITE", cseq, BOB, List.of(hopRoute(call.callId))));
    String invite = toBob();
    assertTrue(invite.startsWith("INVITE " + BOB), invite);
    connection.receive(answer(invite, 200));
    String ok = finalAnswer("the INVITE");
    assertEquals("SIP/2.0 200 OK", RawSipClient.statusLine(ok));
    call.routes = routeSet(ok);
    call.bobTag = "bobtag1";
    send(call.request("ACK", cseq, BOB, call.routes));
    assertTrue(toBob().startsWith("ACK " + BOB), "the ACK of the call's answer");
    return call;
  }

  /**
   * What node A adds to reach a browser of this one: this node, loose-routed, with the token and
   * A's name.
   */
  private String hopRoute(String callId) {
    return "<sip:127.0.0.1:"
        + port
        + ";lr;"
        + HomeHops.TOKEN
        + "="
        + hops.sign(callId)
        + ";"
        + HomeHops.NODE
        + "=node-a>";
  }

  /** The other node's side of the dialog. */
  private final class Dialog {
    final String callId = UUID.randomUUID() + "@127.0.0.1";
    final String tag = UUID.randomUUID().toString().substring(0, 8);
    String bobTag;
    List<String> routes = List.of();

    String request(String method, int cseq, String uri, List<String> route) {
      return request(method, cseq, uri, route, "z9hG4bK" + UUID.randomUUID());
    }

    String request(String method, int cseq, String uri, List<String> route, String branch) {
      StringBuilder m = new StringBuilder(method + " " + uri + " SIP/2.0\r\n");
      m.append("Via: SIP/2.0/UDP 127.0.0.1:")
          .append(otherNode.getLocalPort())
          .append(";branch=")
          .append(branch)
          .append(";rport\r\n");
      m.append("Max-Forwards: 70\r\n");
      m.append("From: <sip:alice@example.test>;tag=").append(tag).append("\r\n");
      m.append("To: <sip:bob@example.test>")
          .append(bobTag == null ? "" : ";tag=" + bobTag)
          .append("\r\n");
      m.append("Call-ID: ").append(callId).append("\r\n");
      m.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
      for (String r : route) {
        m.append("Route: ").append(r).append("\r\n");
      }
      m.append("Contact: <sip:alice@127.0.0.1:").append(otherNode.getLocalPort()).append(">\r\n");
      return m.append("Content-Length: 0\r\n\r\n").toString();
    }
  }

  /** Bob's answer, as JsSIP writes one: every Via and Record-Route of the request, its tag. */
  private String answer(String request, int status) {
    StringBuilder a =
        new StringBuilder("SIP/2.0 " + status + (status == 200 ? " OK" : " Ringing") + "\r\n");
    for (String line : request.split("\r\n")) {
      String name = line.contains(":") ? line.substring(0, line.indexOf(':')) : "";
      switch (name) {
        case "Via", "Record-Route", "From", "Call-ID", "CSeq" -> a.append(line).append("\r\n");
        case "To" ->
            a.append(line).append(line.contains(";tag=") ? "" : ";tag=bobtag1").append("\r\n");
        default -> {
          // not echoed
        }
      }
    }
    a.append("Contact: <").append(BOB).append(">\r\n");
    return a.append("Content-Length: 0\r\n\r\n").toString();
  }

  private void send(String message) throws IOException {
    byte[] out = message.getBytes(StandardCharsets.UTF_8);
    otherNode.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), port));
  }

  private String toBob() throws InterruptedException {
    String m = bob.received.poll(5, TimeUnit.SECONDS);
    assertNotNull(m, "nothing reached bob");
    return m;
  }

  /** Waits for the 180 to reach the other node (its 100 Trying aside). */
  private void ringing() throws IOException {
    byte[] buf = new byte[65535];
    while (true) {
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      otherNode.receive(in); // the socket's timeout fails the test if none comes
      String status = new String(buf, 0, in.getLength(), StandardCharsets.UTF_8);
      if (status.startsWith("SIP/2.0 180")) {
        return;
      }
    }
  }

  /** The next final answer to the other node. */
  private String finalAnswer(String to) throws IOException {
    String answer = RawSipClient.receiveFinal(otherNode);
    assertNotNull(answer, () -> "no final answer to " + to + " came back");
    return answer;
  }

  /** The UAC's route set: the answer's Record-Route values, last first (RFC 3261 §12.1.2). */
  private static List<String> routeSet(String answer) {
    List<String> values = new ArrayList<>();
    for (String line : answer.split("\r\n")) {
      if (line.startsWith("Record-Route:")) {
        for (String v : line.substring("Record-Route:".length()).split(",")) {
          values.add(v.trim());
        }
      }
    }
    Collections.reverse(values);
    return values;
  }

  private static String topViaBranch(String message) {
    String via =
        message.lines().filter(l -> l.startsWith("Via:")).findFirst().orElseThrow().split(",")[0];
    int at = via.indexOf("branch=");
    assertTrue(at > 0, via);
    return via.substring(at + 7).split(";")[0];
  }
}
