package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mallory, who never registered, sends in-dialog requests (with a To tag) for dialogs the node
 * never made, each addressed to Victor: his host and port in the Request-URI, or in a Route. The
 * core would forward what it cannot map to a session statelessly to its Request-URI (an open relay
 * for toll fraud and SSRF, and a loop towards our own domain). Whatever the tag looks like — made
 * up, or cut and pasted from a real tag of ours — every method is answered 481 (an ACK is dropped),
 * or reaches the application that owns the session the tag names, and Victor receives nothing.
 * Phones that registered keep being served.
 */
class OpenRelayTest {
  private static final List<String> METHODS =
      List.of(
          "ACK",
          "BYE",
          "INFO",
          "UPDATE",
          "REFER",
          "NOTIFY",
          "MESSAGE",
          "SUBSCRIBE",
          "PRACK",
          "INVITE",
          "OPTIONS",
          "PUBLISH",
          "REGISTER",
          "FOO");
  private static final Pattern TO_TAG = Pattern.compile("(?m)^To:.*;tag=([^;\\s]+)");
  private static SipContainer container;
  private static int port;
  private static String ourTag;

  @BeforeAll
  static void start() throws Exception {
    port = TestPorts.freeUdp();
    container =
        new SipContainer(SipContainerConfig.loopback(port, 0), TestPorts.answeringApplication());
    container.start();
    try (DatagramSocket alice = socket(5000)) {
      send(alice, RawSipClient.request("REGISTER", "UDP", alice.getLocalPort(), port));
      String ok = RawSipClient.receiveFinal(alice);
      Matcher tag = TO_TAG.matcher(ok);
      assertTrue(tag.find(), "the node's 200 carries a To tag of its own: " + ok);
      ourTag = tag.group(1);
    }
  }

  @AfterAll
  static void stop() {
    container.stop();
  }

  @Test
  void noTagOfAnyShapeMakesTheNodeRelayAnyMethodToVictor() throws IOException {
    List<String> tags = tagShapes(ourTag);
    assertTrue(tags.size() > 30, "many shapes of tags are tried: " + tags);
    try (DatagramSocket mallory = socket(5000);
        DatagramSocket victor = socket(1)) {
      for (String method : METHODS) {
        for (String tag : tags) {
          for (boolean viaRoute : new boolean[] {false, true}) {
            String request =
                inDialog(method, tag, mallory.getLocalPort(), victor.getLocalPort(), viaRoute);
            long refusedBefore = container.unknownDialogRefusals();
            send(mallory, request);
            if (method.equals("ACK")) {
              awaitRefusalAfter(refusedBefore, request);
            } else {
              String answer = finalAnswerTo(request, mallory);
              assertTrue(
                  answer != null && refusal(method, answer),
                  method + " with To tag " + tag + " is refused: " + answer);
            }
            assertNull(receive(victor), method + " with To tag " + tag + " reached Victor");
          }
        }
      }
      victor.setSoTimeout(500);
      assertNull(receive(victor), "nothing was relayed to Victor afterwards either");
    }
    assertEquals("SIP/2.0 200 OK", RawSipClient.udp("REGISTER", port), "phones are still served");
  }

  @Test
  void aByeForADialogNobodyMadeGets481AndIsNotRelayedToItsRequestUri() throws IOException {
    try (DatagramSocket mallory = socket(3000);
        DatagramSocket victor = socket(500)) {
      send(
          mallory,
          inDialog("BYE", "made-up", mallory.getLocalPort(), victor.getLocalPort(), false));
      String answer = RawSipClient.receiveFinal(mallory);
      assertTrue(
          answer != null && answer.startsWith("SIP/2.0 481 "),
          "a BYE for an unknown dialog is answered 481: " + answer);
      assertNull(receive(victor), "nothing is relayed to the Request-URI");
    }
    assertEquals("SIP/2.0 200 OK", RawSipClient.udp("REGISTER", port));
  }

  /**
   * Tags built from a real one of ours ({@code random_serverHash_appHash_sessionId}): each part
   * alone and in each position, with prefixes and suffixes, parts missing, doubled or swapped, and
   * the whole tag wrapped.
   */
  private static List<String> tagShapes(String real) {
    String[] parts = real.split("_");
    Set<String> shapes = new LinkedHashSet<>();
    shapes.add(real);
    shapes.add("made-up");
    shapes.add("x_" + real);
    shapes.add(real + "_x");
    shapes.add("_" + real);
    shapes.add(real + "_");
    shapes.add(real.toUpperCase());
    for (int i = 0; i < parts.length; i++) {
      shapes.add(parts[i]);
      shapes.add("x_" + parts[i]);
      shapes.add(parts[i] + "_x");
      shapes.add("x_" + parts[i] + "_y");
      shapes.add("x_" + parts[i] + "_y_z");
      shapes.add("x_y_" + parts[i] + "_z");
      List<String> without = new ArrayList<>(List.of(parts));
      without.remove(i);
      shapes.add(String.join("_", without));
      List<String> replaced = new ArrayList<>(List.of(parts));
      replaced.set(i, "zzzz");
      shapes.add(String.join("_", replaced));
      for (int j = 0; j < parts.length; j++) {
        if (i != j) {
          List<String> swapped = new ArrayList<>(List.of(parts));
          swapped.set(i, parts[j]);
          swapped.set(j, parts[i]);
          shapes.add(String.join("_", swapped));
        }
      }
    }
    for (int n = 1; n < parts.length; n++) {
      shapes.add(String.join("_", List.of(parts).subList(0, n)));
      shapes.add(String.join("_", List.of(parts).subList(n, parts.length)));
    }
    shapes.add(real + "_" + real);
    shapes.remove("");
    return new ArrayList<>(shapes);
  }

  /**
   * 481 from the node; or, where the core takes the request for a new one (a REFER, MESSAGE or
   * SUBSCRIBE whose dialog it cannot find) or the tag is a real one of ours, the application's own
   * answer: a refusal (this test's servlet: 500 or 501), or for OPTIONS and REGISTER the 200 that
   * this test's servlet gives anyone out of a dialog too. Never a relay.
   */
  private static boolean refusal(String method, String answer) {
    int status = Integer.parseInt(answer.substring(8, 11));
    return status >= 400
        || (status == 200 && (method.equals("OPTIONS") || method.equals("REGISTER")));
  }

  private static void awaitRefusalAfter(long before, String request) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (container.unknownDialogRefusals() <= before) {
      if (System.nanoTime() > deadline) {
        fail("the node neither refused nor dropped:\n" + request);
      }
      Thread.onSpinWait();
    }
  }

  private static String inDialog(
      String method, String toTag, int localPort, int victorPort, boolean viaRoute) {
    String victor = "sip:victor@127.0.0.1:" + victorPort;
    return method
        + " "
        + (viaRoute ? "sip:bob@127.0.0.1:" + port : victor)
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:"
        + localPort
        + ";branch=z9hG4bK"
        + UUID.randomUUID()
        + ";rport\r\n"
        + (viaRoute ? "Route: <" + victor + ";lr>\r\n" : "")
        + "Max-Forwards: 70\r\n"
        + "From: <sip:mallory@127.0.0.1>;tag=m1\r\n"
        + "To: <sip:bob@127.0.0.1>;tag="
        + toTag
        + "\r\n"
        + "Call-ID: "
        + UUID.randomUUID()
        + "\r\n"
        + "CSeq: 2 "
        + method
        + "\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  /** The final response to {@code request}: late answers to earlier ones are skipped. */
  private static String finalAnswerTo(String request, DatagramSocket s) throws IOException {
    String callId = request.substring(request.indexOf("Call-ID: "));
    callId = callId.substring(0, callId.indexOf("\r\n"));
    while (true) {
      String answer = RawSipClient.receiveFinal(s);
      if (answer == null || answer.contains(callId + "\r\n")) {
        return answer;
      }
    }
  }

  private static DatagramSocket socket(int timeoutMillis) throws IOException {
    DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    s.setSoTimeout(timeoutMillis);
    return s;
  }

  private static String receive(DatagramSocket s) throws IOException {
    byte[] buf = new byte[65535];
    DatagramPacket in = new DatagramPacket(buf, buf.length);
    try {
      s.receive(in);
      return new String(buf, 0, in.getLength(), StandardCharsets.UTF_8);
    } catch (java.net.SocketTimeoutException e) {
      return null;
    }
  }

  private static void send(DatagramSocket s, String message) throws IOException {
    byte[] out = message.getBytes(StandardCharsets.UTF_8);
    s.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), port));
  }
}
