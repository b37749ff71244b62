package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webphone.sip.CallStories.aliceCalls;
import static org.webphone.sip.CallStories.assertPassed;
import static org.webphone.sip.CallStories.registerAt;
import static org.webphone.sip.TrunkStoryTest.carrier;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webphone.history.CallRecord;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.sip.container.TestPorts;
import org.webphone.trunk.DidRoute;
import org.webphone.trunk.NumberFormat;
import org.webphone.trunk.TrunkRoute;

/**
 * Whom a trunk is trusted by, both ways (RFC 3325 trust domains, RFC 3261 §22 digest): our
 * credentials answer only the trunk's own realm; a carrier in our trust domain is told who calls
 * even when alice withholds her number, and names its own callers in P-Asserted-Identity, which our
 * phones never see; a carrier outside it hears only alice's number, whatever she asserts. Acme's
 * PBX, on an address of its own, is recognised by the digest credentials we gave it, not by its
 * address: right credentials from where it may send ring bob; wrong ones, or right ones from
 * elsewhere, ring nobody. The PBX may register its own name with them, and alice's calls then reach
 * it where it registered.
 */
class TrunkTrustStoryTest {
  private static final long CUSTOMER = TestServer.CUSTOMER;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        new TestServer(
            "trunk-trust-test", Clock.systemUTC(), 0, Duration.ofSeconds(5), "alice", "bob");
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void aliceCustomerIsInGermanyAndInGoodStanding() {
    TrunkStoryTest.inGermanyInGoodStanding(server);
  }

  @AfterEach
  void theCallLeavesNoSessionBehind() throws Exception {
    CallStories.assertNoSessionLeft(server);
    server.trunks.clear();
    CallStories.unregister(server, "bob");
  }

  private static CallRecord theRecord() throws InterruptedException {
    return TrunkStoryTest.theRecord(server);
  }

  /** {@link #carrier} in our trust domain (RFC 3325): it gets and gives P-Asserted-Identity. */
  private static TrunkRoute trustedCarrier(int port, List<String> inbound) {
    return carrier(port, inbound).toBuilder().assertsIdentity(true).build();
  }

  /**
   * Acme's PBX, a trunk of alice's customer recognised by the digest credentials we gave it ({@code
   * pbx-acme}), from {@code addresses} only (any when empty).
   */
  private static TrunkRoute acmePbx(List<String> addresses) throws Exception {
    return acmePbx(TestPorts.freeUdp(), addresses);
  }

  /** {@link #acmePbx(List)}, whose host listens on {@code port} when nothing registered. */
  private static TrunkRoute acmePbx(int port, List<String> addresses) {
    return TrunkRoute.builder("acme-pbx", "127.0.0.1", port)
        .id(4)
        .customer(CUSTOMER)
        .format(NumberFormat.NATIONAL)
        .region("DE")
        .inbound(TrunkRoute.Inbound.byDigest("pbx-acme", "pbx-secret", addresses))
        .build();
  }

  @Test
  void aHostThatChallengesForAnotherRealmThanTheTrunksGetsNoCredentials() throws Exception {
    int port = TestPorts.freeUdp();
    server.trunks.trunks.add(carrier(port, List.of()));
    Sipp host =
        Sipp.start("trunk-challenges-only", port, server.udpPort, "-key", "realm", "x.test");

    Sipp alice = aliceCalls(server, "caller", "0301234567");

    assertPassed(alice);
    assertPassed(host);
    assertTrue(alice.messages().contains("SIP/2.0 503 Trunk refused"), alice.messages());
    assertEquals(1, host.messages().split("(?=INVITE sip:)").length - 1, "one INVITE only");
    assertFalse(host.messages().contains("Authorization:"), host.messages());
    assertEquals(Disposition.FAILED, theRecord().getDisposition());
  }

  @Test
  void aTrustedCarrierIsToldWhoAliceIsEvenWhenSheWithholdsHerNumber() throws Exception {
    int port = TestPorts.freeUdp();
    server.trunks.trunks.add(trustedCarrier(port, List.of()));
    Sipp gateway = Sipp.start("trunk-challenges", port, server.udpPort);

    Sipp alice = aliceCalls(server, "caller-private", "0301234567");

    assertPassed(alice);
    assertPassed(gateway);
    String invite = gateway.messages().split("(?=INVITE sip:)")[1];
    assertTrue(invite.contains("From: \"Anonymous\" <sip:anonymous@anonymous.invalid>"), invite);
    assertTrue(
        invite.contains("P-Asserted-Identity: <sip:0301111111@" + TestServer.DOMAIN + ">"), invite);
    assertTrue(invite.contains("Privacy: id"), invite);
    assertEquals(Disposition.ANSWERED, theRecord().getDisposition());
  }

  @Test
  void anUntrustedCarrierHearsNoIdentityButAlicesNumberWhateverSheAsserts() throws Exception {
    int port = TestPorts.freeUdp();
    server.trunks.trunks.add(carrier(port, List.of()));
    Sipp gateway = Sipp.start("trunk-challenges", port, server.udpPort);

    Sipp alice = aliceCalls(server, "caller-spoofs", "0301234567");

    assertPassed(alice);
    assertPassed(gateway);
    String invite = gateway.messages().split("(?=INVITE sip:)")[1];
    assertTrue(invite.contains("From: <sip:0301111111@" + TestServer.DOMAIN + ">"), invite);
    assertFalse(invite.contains("P-Asserted-Identity"), invite);
    assertFalse(invite.contains("Remote-Party-ID"), invite);
    assertFalse(invite.contains("ceo"), invite);
    assertEquals(Disposition.ANSWERED, theRecord().getDisposition());
  }

  @Test
  void aTrustedCarriersAssertedCallerIsTheCallerAndBobsPhoneSeesNoAssertion() throws Exception {
    int gatewayPort = TestPorts.freeUdp();
    server.trunks.trunks.add(
        trustedCarrier(TestPorts.freeUdp(), List.of("127.0.0.1:" + gatewayPort)));
    server.trunks.dids.put("+49301111111", new DidRoute("+49301111111", CUSTOMER, List.of("bob")));
    Sipp bob = withholdingCallerRingsBob(gatewayPort);

    assertFalse(bob.messages().contains("P-Asserted-Identity"), bob.messages());
    assertTrue(bob.messages().contains("From: \"Anonymous\""), bob.messages());
    CallRecord r = theRecord();
    assertEquals("+49401234567", r.getCaller());
    assertEquals("carrier", r.getTrunk());
  }

  @Test
  void anUntrustedCarriersAssertionNamesNobody() throws Exception {
    int gatewayPort = TestPorts.freeUdp();
    server.trunks.trunks.add(carrier(TestPorts.freeUdp(), List.of("127.0.0.1:" + gatewayPort)));
    server.trunks.dids.put("+49301111111", new DidRoute("+49301111111", CUSTOMER, List.of("bob")));
    Sipp bob = withholdingCallerRingsBob(gatewayPort);

    assertFalse(bob.messages().contains("P-Asserted-Identity"), bob.messages());
    assertEquals("anonymous", theRecord().getCaller(), "its PAI is not believed");
  }

  @Test
  void acmesPbxIsChallengedAtItsOwnAddressAndItsCredentialsRingBob() throws Exception {
    int pbxPort = TestPorts.freeUdp();
    server.trunks.trunks.add(acmePbx(List.of("127.0.0.1:" + pbxPort)));
    server.trunks.dids.put("+49301111111", new DidRoute("+49301111111", CUSTOMER, List.of("bob")));
    int bobPort = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee", bobPort, server.udpPort);
    registerAt(server, "bob", bobPort);

    Sipp pbx = pbxCalls(pbxPort, "pbx-secret");

    assertPassed(pbx);
    assertPassed(bob);
    assertTrue(pbx.messages().contains("SIP/2.0 407"), "an address alone is not trusted");
    CallRecord r = theRecord();
    assertEquals("+49401234567", r.getCaller());
    assertEquals("bob", r.getCallee());
    assertEquals("acme-pbx", r.getTrunk());
    assertEquals(Disposition.ANSWERED, r.getDisposition());
  }

  @Test
  void thePbxsCredentialsFromAnotherAddressOrAWrongPasswordRingNobody() throws Exception {
    server.trunks.trunks.add(acmePbx(List.of("127.0.0.1:1")));
    server.trunks.dids.put("+49301111111", new DidRoute("+49301111111", CUSTOMER, List.of("bob")));
    registerAt(server, "bob", TestPorts.freeUdp());

    Sipp elsewhere = pbxCalls(TestPorts.freeUdp(), "pbx-secret");
    Sipp guesser = pbxCalls(TestPorts.freeUdp(), "guess");

    assertPassed(elsewhere);
    assertPassed(guesser);
    assertTrue(elsewhere.messages().contains("SIP/2.0 403"), elsewhere.messages());
    assertTrue(guesser.messages().contains("SIP/2.0 403"), guesser.messages());
    CallStories.assertNothingRecorded(server, "nothing rang");
  }

  @Test
  void acmesPbxRegistersAndAlicesCallsReachItThereUntilItUnregisters() throws Exception {
    int hostPort = TestPorts.freeUdp();
    server.trunks.trunks.add(acmePbx(hostPort, List.of("127.0.0.1")));
    int pbxPort = TestPorts.freeUdp();
    Sipp pbx = Sipp.start("callee", pbxPort, server.udpPort);

    assertEquals("SIP/2.0 200 OK", pbxRegisters("pbx-acme", "pbx-secret", pbxPort));
    Sipp alice = aliceCalls(server, "caller", "0301234567");

    assertPassed(alice);
    assertPassed(pbx);
    assertTrue(
        pbx.messages().contains("INVITE sip:0301234567@127.0.0.1:" + pbxPort), pbx.messages());
    assertEquals("acme-pbx", theRecord().getTrunk());

    assertEquals("SIP/2.0 200 OK", pbxRegisters("pbx-acme", "pbx-secret", 0));
    Sipp host = Sipp.start("callee", hostPort, server.udpPort);
    assertPassed(aliceCalls(server, "caller", "0301234567"));
    assertPassed(host);
    assertEquals(Disposition.ANSWERED, theRecord().getDisposition());
  }

  @Test
  void thePbxRegistersOnlyItsOwnNameFromItsOwnAddressAndNobodyElseRegistersIt() throws Exception {
    server.trunks.trunks.add(acmePbx(TestPorts.freeUdp(), List.of("127.0.0.1:1")));

    String elsewhere = registers("pbx-acme", "pbx-acme", "pbx-secret");
    server.trunks.trunks.set(0, acmePbx(TestPorts.freeUdp(), List.of()));
    String asBob = registers("bob", "pbx-acme", "pbx-secret");
    String aliceAsThePbx = registers("pbx-acme", "alice", TestServer.password("alice"));
    String guessed = registers("pbx-acme", "pbx-acme", "guess");

    assertEquals("SIP/2.0 403 Authentication failed", elsewhere);
    assertEquals("SIP/2.0 403 Authentication failed", asBob);
    assertEquals("SIP/2.0 403 Authentication failed", aliceAsThePbx);
    assertEquals("SIP/2.0 403 Authentication failed", guessed);
    assertTrue(server.registrar.targets("trunk:pbx-acme").isEmpty(), "the PBX has no contact");
    assertTrue(
        server.registrar.targets("sip:bob@" + TestServer.DOMAIN).isEmpty(), "bob has no phone");
  }

  /**
   * Acme's PBX registers {@code 127.0.0.1:contactPort} with {@code password}, or removes its
   * contacts when {@code contactPort} is 0.
   *
   * @return the status line of the answer to its credentials
   */
  private static String pbxRegisters(String user, String password, int contactPort)
      throws Exception {
    String contact =
        contactPort == 0
            ? "Contact: *\r\nExpires: 0\r\n"
            : "Contact: <sip:" + user + "@127.0.0.1:" + contactPort + ">\r\nExpires: 300\r\n";
    try (UdpPhone phone = new UdpPhone(user, TestServer.DOMAIN, server.udpPort)) {
      String challenge = UdpPhone.header(phone.registerRaw(contact), "WWW-Authenticate");
      return UdpPhone.statusLine(
          phone.registerRaw(phone.authorization(challenge, user, password) + contact));
    }
  }

  /**
   * {@code authUser}'s credentials register a contact for {@code user} from 127.0.0.2: the status
   * line of the answer to them.
   */
  private static String registers(String user, String authUser, String password) throws Exception {
    String contact =
        "Contact: <sip:" + user + "@127.0.0.1:" + TestPorts.freeUdp() + ">\r\nExpires: 300\r\n";
    // From an address of its own: its failures are throttled apart from the other stories'.
    try (UdpPhone phone = new UdpPhone(user, TestServer.DOMAIN, server.udpPort, "127.0.0.2")) {
      String challenge = UdpPhone.header(phone.registerRaw(contact), "WWW-Authenticate");
      return UdpPhone.statusLine(
          phone.registerRaw(phone.authorization(challenge, authUser, password) + contact));
    }
  }

  /**
   * Bob's phone is registered; a caller on the network who withholds her number (From anonymous,
   * her carrier's P-Asserted-Identity 040 1234567) calls alice's customer's number through the
   * gateway at {@code gatewayPort}, and bob answers. Bob's phone, once both ended well.
   */
  private static Sipp withholdingCallerRingsBob(int gatewayPort) throws Exception {
    int bobPort = TestPorts.freeUdp();
    Sipp bob = Sipp.start("callee", bobPort, server.udpPort);
    registerAt(server, "bob", bobPort);
    Sipp caller =
        Sipp.start(
            "network-caller-asserted",
            gatewayPort,
            server.udpPort,
            "-s",
            "0301111111",
            "-key",
            "caller",
            "0401234567");
    assertPassed(caller);
    assertPassed(bob);
    return bob;
  }

  /** Acme's PBX calls alice's customer's number from {@code port} with {@code password}. */
  private static Sipp pbxCalls(int port, String password) throws Exception {
    return Sipp.start(
        "network-caller-auth",
        port,
        server.udpPort,
        "-s",
        "0301111111",
        "-key",
        "caller",
        "0401234567",
        "-au",
        "pbx-acme",
        "-ap",
        password);
  }
}
