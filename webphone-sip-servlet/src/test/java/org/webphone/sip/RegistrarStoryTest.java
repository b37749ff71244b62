package org.webphone.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webphone.account.DigestCredentials;
import org.webphone.sip.container.SipApplicationSpec;
import org.webphone.sip.container.SipContainer;
import org.webphone.sip.container.SipContainerConfig;
import org.webphone.sip.registrar.DigestAuthenticator;
import org.webphone.sip.registrar.InMemoryBindingStore;
import org.webphone.sip.registrar.Registrar;
import org.webphone.sip.registrar.RegistrarConfig;

/** The registrar in the real SIP container, driven by a phone that writes its own bytes. */
class RegistrarStoryTest {
  private static final String DOMAIN = "example.test";
  private static final String PASSWORD = "alice-secret";
  private static SipContainer container;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Map<String, DigestCredentials> users =
        Map.of(
            "alice",
            new DigestCredentials(
                "alice", DOMAIN, DigestCredentials.ha1("alice", DOMAIN, PASSWORD), true));
    Registrar registrar =
        new Registrar(
            new RegistrarConfig(DOMAIN, 60, 7200, 3600, Duration.ofMinutes(5)),
            new DigestAuthenticator(
                "0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII),
                Duration.ofMinutes(5),
                Clock.systemUTC()),
            new InMemoryBindingStore(),
            user -> Optional.ofNullable(users.get(user)),
            Clock.systemUTC());
    container =
        new SipContainer(
            new SipContainerConfig("127.0.0.1", null, port, 0, 0, "registrar-test", 4, 1000),
            new SipApplicationSpec(
                "webphone",
                "webphone",
                List.of(new SipApplicationSpec.ServletSpec("webphone", WebPhoneServlet.class, 1)),
                Map.of(),
                spec -> new WebPhoneServlet(registrar)));
    container.start();
  }

  @AfterAll
  static void stop() {
    container.stop();
  }

  @Test
  void aliceIsChallengedThenRegistersWithHerPassword() throws IOException {
    try (UdpPhone alice = new UdpPhone("alice", DOMAIN, port)) {
      String challenge = alice.register("");
      assertEquals("SIP/2.0 401 Unauthorized", UdpPhone.statusLine(challenge));
      String wwwAuthenticate = UdpPhone.header(challenge, "WWW-Authenticate");
      assertNotNull(wwwAuthenticate);
      assertTrue(wwwAuthenticate.contains("qop=\"auth\""), wwwAuthenticate);

      String ok = alice.register(alice.authorization(wwwAuthenticate, "alice", PASSWORD));

      assertEquals("SIP/2.0 200 OK", UdpPhone.statusLine(ok));
      String contact = UdpPhone.header(ok, "Contact");
      assertNotNull(contact, ok);
      assertTrue(contact.matches("<sip:alice@127\\.0\\.0\\.1:\\d+>;expires=3[56]\\d\\d"), contact);
    }
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSameRefusal() throws IOException {
    String wrongPassword;
    String unknownUser;
    try (UdpPhone alice = new UdpPhone("alice", DOMAIN, port)) {
      String challenge = UdpPhone.header(alice.register(""), "WWW-Authenticate");
      wrongPassword = alice.register(alice.authorization(challenge, "alice", "guess"));
    }
    try (UdpPhone mallory = new UdpPhone("mallory", DOMAIN, port)) {
      String challenge = UdpPhone.header(mallory.register(""), "WWW-Authenticate");
      unknownUser = mallory.register(mallory.authorization(challenge, "mallory", "guess"));
    }
    assertEquals("SIP/2.0 403 Authentication failed", UdpPhone.statusLine(wrongPassword));
    assertEquals(UdpPhone.statusLine(wrongPassword), UdpPhone.statusLine(unknownUser));
  }

  @Test
  void aliceCannotRegisterBobsAddress() throws IOException {
    try (UdpPhone phone = new UdpPhone("bob", DOMAIN, port)) {
      String challenge = UdpPhone.header(phone.register(""), "WWW-Authenticate");
      String answer = phone.register(phone.authorization(challenge, "alice", PASSWORD));
      assertEquals("SIP/2.0 403 Authentication failed", UdpPhone.statusLine(answer));
    }
  }

  @Test
  void aForgedNonceIsRefused() throws IOException {
    try (UdpPhone alice = new UdpPhone("alice", DOMAIN, port)) {
      String forged = "Digest realm=\"" + DOMAIN + "\", nonce=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"";
      String answer = alice.register(alice.authorization(forged, "alice", PASSWORD));
      assertEquals("SIP/2.0 403 Authentication failed", UdpPhone.statusLine(answer));
    }
  }
}
