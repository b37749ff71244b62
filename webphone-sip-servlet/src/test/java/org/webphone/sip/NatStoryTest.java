package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webphone.sip.CallStories.aliceCalls;
import static org.webphone.sip.CallStories.assertPassed;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webphone.sip.container.TestPorts;

/**
 * Bob's desk phone sits behind a NAT: its contact names its address inside the NAT, which the node
 * cannot reach (and which, written by a hostile account, could name any host of the operator's
 * network). With the registrar's default the node sends bob's calls to where his REGISTER came
 * from, and the call's in-dialog requests to where his answers came from (RFC 3581 received/rport,
 * Kamailio's alias): bob is called, alice's hang-up reaches him, and the host his contact names
 * receives nothing. A contact that names its own alias is refused.
 */
class NatStoryTest {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.sendingToSources("nat-test", "alice", "bob");
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @AfterEach
  void noSessionIsLeft() throws Exception {
    CallStories.assertNoSessionLeft(server);
    CallStories.unregister(server, "bob");
  }

  @Test
  void bobIsCalledWhereHisRegisterCameFromAndTheHostHisContactNamesHearsNothing() throws Exception {
    try (DatagramSocket insideTheNat = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int contactPort = insideTheNat.getLocalPort();
      int natPort = TestPorts.freeUdp();
      bobRegistersFrom(natPort, "<sip:bob@127.0.0.1:" + contactPort + ">", 200);
      Sipp bob =
          Sipp.start(
              "callee-behind-nat",
              natPort,
              server.udpPort,
              "-key",
              "contact_port",
              Integer.toString(contactPort),
              "-key",
              "contact_params",
              "");

      Sipp alice = aliceCalls(server, "caller", "bob");

      assertPassed(alice);
      assertPassed(bob); // it got the INVITE, the ACK and alice's BYE on the NAT's port
      assertTrue(
          bob.messages()
              .contains(
                  "INVITE sip:bob@127.0.0.1:"
                      + contactPort
                      + ";alias=127.0.0.1~"
                      + natPort
                      + "~udp SIP/2.0"),
          bob.messages());
      assertFalse(
          bob.messages().lines().anyMatch(l -> l.startsWith("Route:")),
          "the next hop is ours to know, not bob's");
      insideTheNat.setSoTimeout(300);
      assertThrows(
          SocketTimeoutException.class,
          () -> insideTheNat.receive(new DatagramPacket(new byte[2048], 2048)),
          "the address inside the NAT heard nothing");
    }
  }

  @Test
  void aPhoneThatWritesAnAliasInItsAnswerCannotSendTheCallsRequestsElsewhere() throws Exception {
    try (DatagramSocket victim = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int phonePort = TestPorts.freeUdp();
      bobRegistersFrom(phonePort, "<sip:bob@127.0.0.1:" + phonePort + ">", 200);
      // Bob's phone answers with a Contact whose alias names the victim: the ACK and alice's BYE
      // must still come to the phone, where its answer came from.
      Sipp bob =
          Sipp.start(
              "callee-behind-nat",
              phonePort,
              server.udpPort,
              "-key",
              "contact_port",
              Integer.toString(phonePort),
              "-key",
              "contact_params",
              ";alias=127.0.0.1~" + victim.getLocalPort() + "~udp");

      Sipp alice = aliceCalls(server, "caller", "bob");

      assertPassed(alice);
      assertPassed(bob);
      victim.setSoTimeout(300);
      assertThrows(
          SocketTimeoutException.class,
          () -> victim.receive(new DatagramPacket(new byte[2048], 2048)),
          "the host the alias named heard nothing");
    }
  }

  @Test
  void aContactThatNamesItsOwnAliasIsRefused() throws Exception {
    bobRegistersFrom(TestPorts.freeUdp(), "<sip:bob@127.0.0.1:5999;alias=192.0.2.1~22~tcp>", 403);
  }

  /**
   * Bob's phone registers {@code contact} from {@code port}; the final status must be {@code
   * status}.
   */
  private static void bobRegistersFrom(int port, String contact, int status) throws Exception {
    try (UdpPhone phone =
        new UdpPhone("bob", TestServer.DOMAIN, server.udpPort, "127.0.0.1", port)) {
      String headers = "Contact: " + contact + "\r\nExpires: 300\r\n";
      String challenge = UdpPhone.header(phone.registerRaw(headers), "WWW-Authenticate");
      String answer =
          phone.registerRaw(
              phone.authorization(challenge, "bob", TestServer.password("bob")) + headers);
      assertEquals(status, Integer.parseInt(UdpPhone.statusLine(answer).split(" ")[1]), answer);
    }
  }
}
