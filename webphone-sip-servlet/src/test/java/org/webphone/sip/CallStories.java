package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** What every call story does with its server: phones register, alice calls, calls leave. */
final class CallStories {
  private CallStories() {}

  /** Registers SIPp's {@code port} as one of {@code user}'s phones, as a third party would. */
  static void registerAt(TestServer server, String user, int port) throws Exception {
    try (UdpPhone phone = new UdpPhone(user, TestServer.DOMAIN, server.udpPort)) {
      String contact = "Contact: <sip:" + user + "@127.0.0.1:" + port + ">\r\nExpires: 300\r\n";
      String challenge = UdpPhone.header(phone.registerRaw(contact), "WWW-Authenticate");
      String ok =
          phone.registerRaw(
              phone.authorization(challenge, user, TestServer.password(user)) + contact);
      assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(ok), ok);
    }
  }

  /** Removes every phone {@code user} registered. */
  static void unregister(TestServer server, String user) throws Exception {
    try (UdpPhone phone = new UdpPhone(user, TestServer.DOMAIN, server.udpPort)) {
      String challenge =
          UdpPhone.header(phone.registerRaw("Contact: *\r\nExpires: 0\r\n"), "WWW-Authenticate");
      phone.registerRaw(
          phone.authorization(challenge, user, TestServer.password(user))
              + "Contact: *\r\nExpires: 0\r\n");
    }
  }

  /**
   * Alice's SIPp phone calls {@code callee} with {@code scenario}, answering the 407.
   *
   * @param more further SIPp arguments, e.g. {@code -inf FILE}
   */
  static Sipp aliceCalls(TestServer server, String scenario, String callee, String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-s",
                callee,
                "-au",
                "alice",
                "-ap",
                TestServer.password("alice"),
                "-key",
                "caller",
                "alice",
                "-key",
                "domain",
                TestServer.DOMAIN));
    args.addAll(List.of(more));
    return Sipp.start(scenario, 0, server.udpPort, args.toArray(String[]::new));
  }

  static void assertPassed(Sipp sipp) throws Exception {
    assertEquals(0, sipp.await(), sipp.report());
  }

  /**
   * However it went, a call that is over leaves no SIP application session behind: each held the
   * call's dialogs and messages until the core's timeout, a third of the heap at a few hundred
   * calls per second.
   */
  /**
   * No call record was written. Asked once the story's phone has its final answer: a record is
   * written before the final answer leaves (CallRecorder, Hangups), so none now is none at all.
   */
  static void assertNothingRecorded(TestServer server, String why) {
    org.junit.jupiter.api.Assertions.assertNull(server.callRecords.poll(), why);
  }

  static void assertNoSessionLeft(TestServer server) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.container.activeApplicationSessions() > 0 && System.nanoTime() < deadline) {
      // A call that failed keeps its sessions for the ACK's grace (2 s, Hangups) after its final
      // answer: the server's time passes it, in steps, while the stack finishes its transactions.
      server.time.advance(java.time.Duration.ofMillis(500));
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    assertEquals(
        0,
        server.container.activeApplicationSessions(),
        () ->
            "application sessions left: "
                + server.container.activeApplicationSessionsByApplication());
  }
}
