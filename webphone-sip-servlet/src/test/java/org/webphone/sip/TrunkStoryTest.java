package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webphone.sip.CallStories.aliceCalls;
import static org.webphone.sip.CallStories.assertPassed;
import static org.webphone.sip.CallStories.registerAt;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.history.CallRecord;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.history.CallRecord.Side;
import org.webphone.sip.container.TestPorts;
import org.webphone.trunk.DidRoute;
import org.webphone.trunk.NumberFormat;
import org.webphone.trunk.OutboundStanding;
import org.webphone.trunk.TrunkRoute;

/**
 * Calls to and from the phone network through a carrier's trunk, a SIPp gateway on loopback: alice
 * (customer in Germany, her own number +49 30 1111111) dials a Berlin number the German way; it
 * leaves through the trunk written as that carrier wants it, with our credentials when challenged,
 * only while her customer has a verified email and a positive balance. Calls from the carrier to
 * her customer's number ring the accounts it is assigned to.
 */
class TrunkStoryTest {
  private static final long CUSTOMER = TestServer.CUSTOMER;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        new TestServer(
            "trunk-test", Clock.systemUTC(), 0, Duration.ofSeconds(5), "alice", "bob", "carol");
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void aliceCustomerIsInGermanyAndInGoodStanding() {
    inGermanyInGoodStanding(server);
  }

  /** Alice's customer is in Germany and may call out; alice calls out as +49 30 1111111. */
  static void inGermanyInGoodStanding(TestServer server) {
    server.callRecords.clear();
    server.trunks.standings.put(CUSTOMER, new OutboundStanding("DE", true, true));
    server.trunks.numbers.put("alice", "+49301111111");
  }

  @AfterEach
  void theCallLeavesNoSessionBehind() throws Exception {
    CallStories.assertNoSessionLeft(server);
    server.trunks.clear();
    CallStories.unregister(server, "bob");
    CallStories.unregister(server, "carol");
  }

  /** A global trunk on loopback that takes German numbers the national way, behind tech prefix. */
  static TrunkRoute carrier(int port, List<String> inbound) {
    return TrunkRoute.builder("carrier", "127.0.0.1", port)
        .id(1)
        .credentials("carrier-user", "carrier-secret", "carrier.test")
        .prefixes(List.of("+49"))
        .format(NumberFormat.NATIONAL)
        .region("DE")
        .techPrefix("99")
        .priority(10)
        .inbound(TrunkRoute.Inbound.byAddress(inbound))
        .build();
  }

  /** A trunk for every number, on a port where nothing listens: it must not be chosen. */
  private static TrunkRoute catchAll() throws Exception {
    return TrunkRoute.builder("catch-all", "127.0.0.1", TestPorts.freeUdp()).id(2).build();
  }

  private static CallRecord theRecord() throws InterruptedException {
    return theRecord(server);
  }

  /** The record of the call that just ended, of alice's customer. */
  static CallRecord theRecord(TestServer server) throws InterruptedException {
    CallRecord r = server.callRecords.poll(5, TimeUnit.SECONDS);
    assertNotNull(r, "no call record");
    assertEquals(CUSTOMER, r.getCustomerId());
    return r;
  }

  @Test
  void aliceDialsABerlinNumberNationallyAndItLeavesThroughTheCarrierThatChallengesUs()
      throws Exception {
    int port = TestPorts.freeUdp();
    server.trunks.trunks.add(catchAll());
    server.trunks.trunks.add(carrier(port, List.of()));
    Sipp gateway = Sipp.start("trunk-challenges", port, server.udpPort);

    Sipp alice = aliceCalls(server, "caller", "0301234567");

    assertPassed(alice);
    assertPassed(gateway);
    assertTrue(alice.messages().contains("o=- 2 2 IN IP4"), "the carrier's answer reached alice");
    String[] invites = gateway.messages().split("(?=INVITE sip:)");
    // Both INVITEs: the number as dialled in Germany behind the carrier's tech prefix, and alice's
    // own number as the calling number, written the same way.
    String first = invites[1];
    String second = invites[2];
    assertTrue(
        first.startsWith("INVITE sip:990301234567@127.0.0.1:" + port + ";user=phone SIP/2.0"),
        first);
    assertTrue(first.contains("<sip:0301111111@" + TestServer.DOMAIN + ">"), first);
    assertFalse(first.contains("Authorization"), "alice's credentials stay with us");
    assertTrue(second.contains("\nAuthorization: Digest"), second);
    assertTrue(second.contains("username=\"carrier-user\""), second);
    assertFalse(gateway.messages().contains("carrier-secret"), "the password never travels");

    CallRecord r = theRecord();
    assertEquals("alice", r.getCaller());
    assertEquals("+49301234567", r.getCallee());
    assertEquals("carrier", r.getTrunk());
    assertEquals(Disposition.ANSWERED, r.getDisposition());
    assertEquals(Side.CALLER, r.getHungUpBy());
  }

  @Test
  void aCarrierOutOfServiceHandsTheCallToTheNextTrunkAndTheRecordNamesThatOne() throws Exception {
    int downPort = TestPorts.freeUdp();
    int upPort = TestPorts.freeUdp();
    TrunkRoute backup = carrier(upPort, List.of());
    // Both serve +49; the one out of service goes first (lower priority number).
    server.trunks.trunks.add(
        TrunkRoute.builder("primary", "127.0.0.1", downPort)
            .id(4)
            .prefixes(List.of("+49"))
            .priority(0)
            .build());
    server.trunks.trunks.add(
        backup.toBuilder()
            .name("backup")
            .credentials(backup.username(), backup.password(), null)
            .priority(5)
            .inbound(TrunkRoute.Inbound.none())
            .build());
    Sipp down = Sipp.start("trunk-unavailable", downPort, server.udpPort);
    Sipp up = Sipp.start("trunk-challenges", upPort, server.udpPort);

    Sipp alice = aliceCalls(server, "caller", "0301234567");

    assertPassed(alice);
    assertPassed(down);
    assertPassed(up);
    assertFalse(alice.messages().contains("SIP/2.0 503"), "the caller never heard the failure");
    assertTrue(down.messages().contains("INVITE sip:+49301234567@127.0.0.1:" + downPort));
    CallRecord r = theRecord();
    assertEquals(Disposition.ANSWERED, r.getDisposition());
    assertEquals("backup", r.getTrunk());
  }

  @Test
  void withoutAPositiveBalanceOrAVerifiedEmailTheCallIsRefusedWith403SayingWhy() throws Exception {
    server.trunks.trunks.add(carrier(TestPorts.freeUdp(), List.of()));

    server.trunks.standings.put(CUSTOMER, new OutboundStanding("DE", true, false));
    Sipp broke = aliceCalls(server, "caller", "0301234567");
    assertPassed(broke);
    assertTrue(
        broke.messages().contains("SIP/2.0 403 Trunk calls need a positive balance"),
        broke.messages());
    CallRecord r = theRecord();
    assertEquals(Disposition.FAILED, r.getDisposition());
    assertEquals("0301234567", r.getCallee());

    server.trunks.standings.put(CUSTOMER, new OutboundStanding("DE", false, true));
    Sipp unverified = aliceCalls(server, "caller", "0301234567");
    assertPassed(unverified);
    assertTrue(
        unverified.messages().contains("SIP/2.0 403 Trunk calls need a verified email"),
        unverified.messages());
    assertEquals(Disposition.FAILED, theRecord().getDisposition());
  }

  @Test
  void aNumberNoTrunkServesIsNotFoundAndTheReasonSaysSo() throws Exception {
    TrunkRoute austriaOnly = carrier(TestPorts.freeUdp(), List.of());
    server.trunks.trunks.add(
        TrunkRoute.builder("austria", austriaOnly.host(), austriaOnly.port())
            .id(3)
            .prefixes(List.of("+43"))
            .priority(0)
            .build());

    Sipp alice = aliceCalls(server, "caller", "+49301234567");

    assertPassed(alice);
    assertTrue(
        alice.messages().contains("SIP/2.0 404 No trunk serves +49301234567"), alice.messages());
    assertEquals(Disposition.NOT_FOUND, theRecord().getDisposition());
  }

  @Test
  void aCallFromTheNetworkToTheCustomersNumberRingsBobAndCarolAndBobAnswers() throws Exception {
    int gatewayPort = TestPorts.freeUdp();
    server.trunks.trunks.add(carrier(TestPorts.freeUdp(), List.of("127.0.0.1:" + gatewayPort)));
    server.trunks.dids.put(
        "+49301111111", new DidRoute("+49301111111", CUSTOMER, List.of("bob", "carol")));
    int bobPort = TestPorts.freeUdp();
    int carolPort = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee", bobPort, server.udpPort);
    Sipp carol = Sipp.start("callee-rings", carolPort, server.udpPort);
    registerAt(server, "bob", bobPort);
    registerAt(server, "carol", carolPort);

    // The carrier writes numbers nationally: its caller 040 1234567 dials 030 1111111.
    Sipp caller =
        Sipp.start(
            "network-caller",
            gatewayPort,
            server.udpPort,
            "-s",
            "0301111111",
            "-key",
            "caller",
            "0401234567");

    assertPassed(caller);
    assertPassed(bob);
    assertPassed(carol);
    assertFalse(caller.messages().contains("SIP/2.0 407"), "a trunk is trusted by its address");
    assertTrue(carol.messages().contains("CANCEL sip:carol@127.0.0.1"), carol.messages());
    CallRecord r = theRecord();
    assertEquals("+49401234567", r.getCaller());
    assertEquals("bob", r.getCallee());
    assertEquals("carrier", r.getTrunk());
    assertEquals(Disposition.ANSWERED, r.getDisposition());
    assertEquals(Side.CALLER, r.getHungUpBy());
  }

  @Test
  void anotherCustomersTrunkCannotRingThisCustomersNumber() throws Exception {
    // Mallory's customer (99) adds a trunk of its own and names its own address as the trunk's.
    int malloryPort = TestPorts.freeUdp();
    TrunkRoute global = carrier(TestPorts.freeUdp(), List.of());
    server.trunks.trunks.add(
        TrunkRoute.builder("mallory's", "127.0.0.1", TestPorts.freeUdp())
            .id(3)
            .customer(99L)
            .format(NumberFormat.NATIONAL)
            .region("DE")
            .inbound(TrunkRoute.Inbound.byAddress(List.of("127.0.0.1:" + malloryPort)))
            .build());
    server.trunks.trunks.add(global);
    server.trunks.dids.put("+49301111111", new DidRoute("+49301111111", CUSTOMER, List.of("bob")));
    int bobPort = TestPorts.freeUdp();
    registerAt(server, "bob", bobPort);

    Sipp mallory =
        Sipp.start(
            "network-caller",
            malloryPort,
            server.udpPort,
            "-s",
            "0301111111",
            "-key",
            "caller",
            "040123");

    assertPassed(mallory);
    assertTrue(mallory.messages().contains("SIP/2.0 404"), mallory.messages());
    CallStories.assertNothingRecorded(server, "nothing rang");
  }

  @Test
  void theSameInviteFromAnAddressThatIsNoTrunkIsChallengedAndRingsNobody() throws Exception {
    server.trunks.trunks.add(carrier(TestPorts.freeUdp(), List.of("127.0.0.1:1")));
    server.trunks.dids.put("+49301111111", new DidRoute("+49301111111", CUSTOMER, List.of("bob")));

    Sipp stranger =
        Sipp.start(
            "network-caller", 0, server.udpPort, "-s", "0301111111", "-key", "caller", "040123");

    assertPassed(stranger);
    assertTrue(stranger.messages().contains("SIP/2.0 407"), stranger.messages());
    CallStories.assertNothingRecorded(server, "nothing rang");
  }
}
