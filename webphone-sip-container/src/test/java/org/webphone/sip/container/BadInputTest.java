package org.webphone.sip.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed requests over raw UDP (a JAIN-SIP client would refuse to send them): each gets the
 * answer RFC 3261 asks for, or none when no answer can be addressed, and the node keeps serving.
 */
class BadInputTest {
  private static SipContainer container;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    port = TestPorts.freeUdp();
    container =
        new SipContainer(SipContainerConfig.loopback(port, 0), TestPorts.answeringApplication());
    container.start();
  }

  @AfterAll
  static void stop() {
    container.stop();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a CSeq that is no number          | REGISTER  | CSeq: abc REGISTER                      | 400",
        "a CSeq method unlike the request  | REGISTER  | CSeq: 1 INVITE                          | 400",
        "Max-Forwards out of range         | REGISTER  | Max-Forwards: 300                       | 400",
        "two different Content-Lengths     | REGISTER  | Content-Length: 0\\r\\nContent-Length: 5 | 400",
        "a SIP version we do not speak     | REGISTER  | VERSION SIP/3.0                         | 505",
        "no Call-ID                        | REGISTER  | NO Call-ID                              | none",
        "no Via                            | REGISTER  | NO Via                                  | none",
        "no Max-Forwards                   | OPTIONS   | NO Max-Forwards                         | 400",
        "an ACK without Max-Forwards       | ACK       | NO Max-Forwards                         | none",
        "an INVITE without Contact         | INVITE    | NO Contact                              | 400",
        "a SUBSCRIBE without Contact       | SUBSCRIBE | NO Contact                              | 400",
        "a NOTIFY without Subscription-State | NOTIFY  | Event: presence                         | 400",
        "a PUBLISH without Event           | PUBLISH   | NO Event                                | 400",
      })
  void aMalformedRequestGetsItsAnswerAndTheNodeKeepsServing(
      String story, String method, String defect, String expected) throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(expected.equals("none") ? 700 : 3000);
      send(s, request(s.getLocalPort(), method, defect.replace("\\r\\n", "\r\n")));
      String answer = RawSipClient.receiveFinal(s);
      if (expected.equals("none")) {
        assertNull(answer, story);
      } else {
        assertEquals(
            expected, answer == null ? "silence" : answer.split(" ")[1], story + ": " + answer);
      }
    }
    assertEquals(
        "SIP/2.0 200 OK", RawSipClient.udp("REGISTER", port), "still serving after " + story);
  }

  /**
   * A well-formed {@code method} request (without the headers its method requires beyond RFC 3261's
   * own: a NOTIFY has no Subscription-State) with one defect: a replaced header, a header removed,
   * or a version.
   */
  private static String request(int localPort, String method, String defect) {
    String version = defect.startsWith("VERSION ") ? defect.substring(8) : "SIP/2.0";
    String removed = defect.startsWith("NO ") ? defect.substring(3) : null;
    String[][] headers = {
      {
        "Via",
        "SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK" + UUID.randomUUID() + ";rport"
      },
      {"Max-Forwards", "70"},
      {"From", "<sip:alice@127.0.0.1>;tag=" + UUID.randomUUID().toString().substring(0, 8)},
      {"To", "<sip:alice@127.0.0.1>"},
      {"Call-ID", UUID.randomUUID().toString()},
      {"CSeq", "1 " + method},
      {"Event", "presence"},
      {"Contact", "<sip:alice@127.0.0.1:" + localPort + ">"},
      {"Content-Length", "0"},
    };
    StringBuilder sb = new StringBuilder(method + " sip:127.0.0.1 " + version + "\r\n");
    String replacedName =
        defect.contains(":") && !defect.startsWith("VERSION") && removed == null
            ? defect.substring(0, defect.indexOf(':'))
            : null;
    for (String[] h : headers) {
      if (h[0].equals(removed)) {
        continue;
      }
      if (h[0].equals(replacedName)) {
        sb.append(defect).append("\r\n");
      } else {
        sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
    }
    return sb.append("\r\n").toString();
  }

  private static void send(DatagramSocket s, String msg) throws IOException {
    byte[] out = msg.getBytes(StandardCharsets.UTF_8);
    s.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), port));
  }
}
