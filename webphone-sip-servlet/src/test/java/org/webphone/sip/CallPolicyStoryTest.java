package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webphone.sip.CallStories.aliceCalls;
import static org.webphone.sip.CallStories.assertPassed;
import static org.webphone.sip.CallStories.registerAt;

import com.example.callpolicy.CallPolicyServlet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.history.CallRecord;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.sip.container.SipApplicationSpec;
import org.webphone.sip.container.TestPorts;

/**
 * An integrator's own SIP application (the example call policy, docs/integrators.md) placed before
 * ours for INVITEs by the application router ({@code INVITE: call-policy, webphone}): it vetoes a
 * call to a premium-rate number, redirects a call for "sales" to bob, and lets other calls through
 * untouched; REGISTERs never see it.
 */
class CallPolicyStoryTest {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    SipApplicationSpec policy =
        new SipApplicationSpec(
            "call-policy",
            "call-policy",
            List.of(new SipApplicationSpec.ServletSpec("call-policy", CallPolicyServlet.class, 1)),
            Map.of(),
            spec -> new CallPolicyServlet());
    server =
        new TestServer(
            "policy-test",
            Clock.systemUTC(),
            0,
            Duration.ofSeconds(5),
            List.of(policy),
            "INVITE: call-policy, webphone",
            "alice",
            "bob",
            "carol");
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void noRecordsYet() {
    server.callRecords.clear();
  }

  @AfterEach
  void theCallLeavesNoSessionBehind() throws Exception {
    CallStories.assertNoSessionLeft(server);
    CallStories.unregister(server, "bob");
  }

  private static CallRecord theRecord() throws InterruptedException {
    CallRecord r = server.callRecords.poll(5, TimeUnit.SECONDS);
    assertNotNull(r, "no call record");
    return r;
  }

  @Test
  void aCallForSalesIsRedirectedByThePolicyAndBobsPhoneAnswers() throws Exception {
    int port = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee", port, server.udpPort);
    registerAt(server, "bob", port);

    Sipp alice = aliceCalls(server, "caller", "sales");

    assertPassed(alice);
    assertPassed(bob);
    assertTrue(bob.messages().contains("INVITE sip:bob@127.0.0.1:" + port), bob.messages());
    CallRecord r = theRecord();
    assertEquals("alice", r.getCaller());
    assertEquals("bob", r.getCallee());
    assertEquals(Disposition.ANSWERED, r.getDisposition());
  }

  @Test
  void aPremiumRateNumberIsVetoedBeforeOurApplicationSeesIt() throws Exception {
    Sipp alice =
        Sipp.start(
            "caller-vetoed",
            0,
            server.udpPort,
            "-s",
            "+19005550100",
            "-key",
            "caller",
            "alice",
            "-key",
            "domain",
            TestServer.DOMAIN);

    assertPassed(alice);
    assertTrue(alice.messages().contains("SIP/2.0 403 Blocked by call policy"), alice.messages());
    CallStories.assertNothingRecorded(server, "our application saw nothing");
  }

  @Test
  void anyOtherCallPassesThroughThePolicyUnchanged() throws Exception {
    int port = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee", port, server.udpPort);
    registerAt(server, "bob", port);

    Sipp alice = aliceCalls(server, "caller", "bob");

    assertPassed(alice);
    assertPassed(bob);
    assertTrue(alice.messages().contains("SIP/2.0 407 "), "our application still asks who calls");
    assertEquals(Disposition.ANSWERED, theRecord().getDisposition());
  }
}
