package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live phonebook updates (RFC 6665, RFC 6080 ua-profile): a browser phone subscribes over its
 * WebSocket, is notified at once and after every change of its customer's phonebook, and not after
 * anyone else's; unsubscribing, expiry and a lost connection end the subscription. Real container,
 * in-memory connections; changes are announced from a thread of their own, as a committed
 * transaction announces them.
 */
class PhonebookSubscriptionStoryTest {
  private static final String DOMAIN = TestServer.DOMAIN;
  // The documented wire name (docs/phone-api.md), not the server's constant: the test pins it.
  private static final String EVENT = "ua-profile";
  private static final Pattern CONTENT_ID = Pattern.compile("Content-ID: <phonebook-(\\d+)@");
  private static final MutableClock CLOCK = new MutableClock();
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        new TestServer("subscription-test", CLOCK, 8080, "alice", "carol", "dave", "erin", "frank");
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static WsPhone subscribed(String user) throws Exception {
    WsPhone phone = new WsPhone(server.container, user, DOMAIN);
    String ok = phone.subscribe(TestServer.password(user), EVENT, 600);
    assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(ok), ok);
    assertEquals("600", UdpPhone.header(ok, "Expires"));
    String first = phone.nextRequest();
    assertNotify(first, "active;expires=600");
    phone.answerOk(first);
    return phone;
  }

  private static void changed(long customer) throws Exception {
    CompletableFuture.runAsync(() -> server.phonebook.phonebookChanged(customer))
        .get(5, TimeUnit.SECONDS);
  }

  private static void assertNotify(String request, String state) {
    assertNotNull(request, "no NOTIFY");
    assertTrue(request.startsWith("NOTIFY sip:"), request);
    assertEquals(EVENT, UdpPhone.header(request, "Event"));
    assertEquals(state, UdpPhone.header(request, "Subscription-State"));
    String type = UdpPhone.header(request, "Content-Type");
    assertTrue(type.startsWith("message/external-body"), type);
    assertTrue(type.contains("URL=\"https://localhost:8443/api/phonebook\""), type);
  }

  private static long version(String notify) {
    Matcher m = CONTENT_ID.matcher(notify);
    assertTrue(m.find(), notify);
    return Long.parseLong(m.group(1));
  }

  @Test
  void aliceIsNotifiedAfterEveryChangeOfHerCustomersPhonebookAndOfNoOtherOne() throws Exception {
    WsPhone alice = subscribed("alice");

    changed(TestServer.CUSTOMER);
    String notify = alice.nextRequest();
    assertNotify(notify, "active;expires=600");
    alice.answerOk(notify);
    long seen = version(notify);

    // Another customer's change, then hers: the next NOTIFY she gets is the one for hers.
    changed(TestServer.CUSTOMER + 1);
    changed(TestServer.CUSTOMER);
    String next = alice.nextRequest();
    assertNotify(next, "active;expires=600");
    alice.answerOk(next);
    assertEquals(seen + 1, version(next), "a NOTIFY for another customer's change reached alice");
    alice.connection().closed();
  }

  @Test
  void aSubscriptionToAnotherEventPackageIsRefusedWith489() throws Exception {
    WsPhone carol = new WsPhone(server.container, "carol", DOMAIN);
    String refused = carol.subscribe(TestServer.password("carol"), "presence", 600);
    assertEquals("SIP/2.0 489 Bad Event: only ua-profile", UdpPhone.statusLine(refused));
    assertEquals(EVENT, UdpPhone.header(refused, "Allow-Events"));

    String otherProfile =
        carol.subscribe(TestServer.password("carol"), EVENT + ";profile-type=device", 600);
    assertTrue(UdpPhone.statusLine(otherProfile).startsWith("SIP/2.0 489 "), otherProfile);
    carol.connection().closed();
  }

  @Test
  void aWrongPasswordGetsNoSubscription() throws Exception {
    int before = server.phonebook.count();
    WsPhone carol = new WsPhone(server.container, "carol", DOMAIN);
    String refused = carol.subscribe("not-her-password", EVENT, 600);
    assertEquals("SIP/2.0 403 Authentication failed", UdpPhone.statusLine(refused));
    assertEquals(before, server.phonebook.count());
    carol.connection().closed();
  }

  @Test
  void daveUnsubscribesAndGetsAFinalNotify() throws Exception {
    WsPhone dave = subscribed("dave");
    int before = server.phonebook.count();

    String ok = dave.resubscribe(EVENT, 0);
    assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(ok), ok);
    String last = dave.nextRequest();
    assertNotify(last, "terminated;reason=timeout");
    dave.answerOk(last);
    assertEquals(before - 1, server.phonebook.count());

    // A refresh of the ended subscription: its dialog is gone (RFC 6665 §4.1.2.1).
    String gone = dave.resubscribe(EVENT, 600);
    assertTrue(UdpPhone.statusLine(gone).startsWith("SIP/2.0 481 "), gone);
    dave.connection().closed();
  }

  @Test
  void erinsSubscriptionEndsWhenSheDoesNotRefreshItInTime() throws Exception {
    WsPhone erin = subscribed("erin");
    int before = server.phonebook.count();

    CLOCK.advance(Duration.ofSeconds(601));
    CompletableFuture.runAsync(server.phonebook::sweep).get(5, TimeUnit.SECONDS);

    String last = erin.nextRequest();
    assertNotify(last, "terminated;reason=timeout");
    erin.answerOk(last);
    assertEquals(before - 1, server.phonebook.count());
    erin.connection().closed();
  }

  @Test
  void aPhoneWhoseConnectionIsGoneLosesItsSubscriptionAtTheNextChange() throws Exception {
    WsPhone frank = subscribed("frank");
    assertTrue(server.phonebook.subscribers(TestServer.CUSTOMER).contains("frank"));
    frank.connection().closed();

    changed(TestServer.CUSTOMER);

    assertFalse(server.phonebook.subscribers(TestServer.CUSTOMER).contains("frank"));
  }
}
