package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webphone.sip.CallStories.assertPassed;
import static org.webphone.sip.CallStories.registerAt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webphone.history.CallRecord;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.history.CallRecord.Side;
import org.webphone.sip.container.TestPorts;

/**
 * Attended transfer through the B2BUA (RFC 5589 §7) between SIPp phones: alice is in a call with
 * carol (her consultation) and one with bob; she transfers bob to carol with a REFER whose Replaces
 * names her call with carol. Bob and carol end up talking to each other, alice's two legs are hung
 * up, and each of the three calls has its record.
 */
class TransferStoryTest {
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        new TestServer(
            "transfer-test", Clock.systemUTC(), 0, Duration.ofSeconds(10), "alice", "bob", "carol");
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @AfterEach
  void theCallsLeaveNoSessionBehind() throws Exception {
    CallStories.assertNoSessionLeft(server);
    CallStories.unregister(server, "bob");
    CallStories.unregister(server, "carol");
  }

  private static Sipp alice(String scenario, String callee, String... more) throws Exception {
    return CallStories.aliceCalls(server, scenario, callee, more);
  }

  @Test
  void aliceConsultsCarolThenTransfersBobToHerAndBobAndCarolTalkUntilBobHangsUp() throws Exception {
    int bobPort = TestPorts.freeUdp();
    int carolPort = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee-transferred", bobPort, server.udpPort);
    Sipp carol = Sipp.start("callee-replaced", carolPort, server.udpPort);
    registerAt(server, "bob", bobPort);
    registerAt(server, "carol", carolPort);
    Path consultation = Files.createTempDirectory("consultation").resolve("dialog.csv");

    // Alice's call with carol; her phone writes down that dialog for the REFER to name.
    Sipp aliceWithCarol =
        alice("caller-consults", "carol", "-key", "consult_file", consultation.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(Files.exists(consultation) && Files.readString(consultation).contains(";"))) {
      assertTrue(System.nanoTime() < deadline, "alice's call with carol was not answered");
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    // Alice's call with bob, and the REFER: carol, replacing alice's call with her.
    Sipp aliceWithBob = alice("caller-transfers-attended", "bob", "-inf", consultation.toString());

    assertPassed(aliceWithBob);
    assertPassed(aliceWithCarol);
    assertPassed(bob);
    assertPassed(carol);
    assertTrue(aliceWithBob.messages().contains("SIP/2.0 202 "), aliceWithBob.messages());
    // Carol's offer reached bob, and bob's answer reached carol (both checked by their phones).
    List<CallRecord> records = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      CallRecord r = server.callRecords.poll(5, TimeUnit.SECONDS);
      assertNotNull(r, "records so far: " + records.size());
      records.add(r);
    }
    assertTrue(
        records.stream()
            .anyMatch(
                r ->
                    r.getCallee().equals("carol")
                        && r.getDisposition() == Disposition.TRANSFERRED
                        && r.getHungUpBy() == Side.CALLER),
        records::toString);
    assertTrue(
        records.stream()
            .anyMatch(
                r ->
                    r.getCallee().equals("bob")
                        && r.getDisposition() == Disposition.TRANSFERRED
                        && r.getHungUpBy() == Side.CALLER),
        records::toString);
    CallRecord joined = records.get(2);
    assertEquals("bob", joined.getCaller());
    assertEquals("carol", joined.getCallee());
    assertEquals(Disposition.ANSWERED, joined.getDisposition());
    assertEquals(Side.CALLER, joined.getHungUpBy(), "bob hung up");
  }

  @Test
  void aReplacesThatNamesNoCallOfAlicesIsRefusedAndHerCallGoesOn() throws Exception {
    int bobPort = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee", bobPort, server.udpPort);
    registerAt(server, "bob", bobPort);
    Path unknown = Files.createTempDirectory("unknown").resolve("dialog.csv");
    Files.writeString(unknown, "SEQUENTIAL\nno-such-call%40127.0.0.1;abc;def;\n");

    Sipp alice = alice("caller-transfers-unknown", "bob", "-inf", unknown.toString());

    assertPassed(alice);
    assertPassed(bob);
    assertTrue(alice.messages().contains("SIP/2.0 481 Replaced Call Does Not Exist"));
    CallRecord r = server.callRecords.poll(5, TimeUnit.SECONDS);
    assertNotNull(r);
    assertEquals(Disposition.ANSWERED, r.getDisposition(), "not transferred");
    assertEquals(Side.CALLER, r.getHungUpBy());
  }
}
