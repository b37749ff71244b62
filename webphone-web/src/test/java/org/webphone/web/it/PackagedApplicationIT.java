package org.webphone.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged WAR, exactly as the run command deploys it, on Payara Micro: the demo accounts are
 * seeded on first start and SIPp registers alice with digest over UDP and TCP.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PackagedApplicationIT {
  /** The SIP port arquillian.xml gives the server (webphone.sip.udp-port / tcp-port). */
  private static final int SIP_PORT = 25060;

  @Deployment(testable = false)
  static WebArchive packagedWar() {
    return PackagedWar.archive();
  }

  @ArquillianResource URL base;

  @Test
  void firstStartSeedsAliceAndBobWithPasswordsOnlyTheOwnerCanRead() throws IOException {
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(PackagedWar.demoUsersFile())));
    assertTrue(
        PackagedWar.demoPassword("alice").length() >= 16, "alice's password is long and random");
    assertTrue(PackagedWar.demoPassword("bob").length() >= 16, "bob's password is long and random");
  }

  @Test
  void aliceRegistersWithDigestOverUdp() throws Exception {
    Sipp.Run run =
        Sipp.register("register", "alice", PackagedWar.demoPassword("alice"), "u1", SIP_PORT);
    assertEquals(0, run.exitCode(), run.output());
  }

  @Test
  void aliceRegistersWithDigestOverTcp() throws Exception {
    Sipp.Run run =
        Sipp.register("register", "alice", PackagedWar.demoPassword("alice"), "t1", SIP_PORT);
    assertEquals(0, run.exitCode(), run.output());
  }

  @Test
  void aWrongPasswordIsRefusedWith403() throws Exception {
    Sipp.Run run =
        Sipp.register(
            "register-refused",
            "alice",
            "not-" + PackagedWar.demoPassword("alice"),
            "u1",
            SIP_PORT);
    assertEquals(0, run.exitCode(), run.output());
  }

  @Test
  void plainHttpForANameOtherThanLocalhostIsSentToHttps() throws IOException {
    // A raw request: Java's HTTP client will not let a test set the Host header.
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + base.getPath()
                      + "phone?x=1 HTTP/1.1\r\nHost: phone.example.com\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String response =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
      assertTrue(response.startsWith("HTTP/1.1 301"), response);
      assertTrue(
          response.contains(
              "\r\nLocation: https://phone.example.com:8443" + base.getPath() + "phone?x=1\r\n"),
          response);
    }
  }

  @Test
  void thePhonePageAndTheSipHealthAnswerOverHttp() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(base.toURI()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<title>WebPhone</title>"), page.body());

    URI health =
        URI.create(
            base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/health/ready");
    HttpResponse<String> ready =
        http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("\"name\":\"sip\",\"status\":\"UP\""), ready.body());
    assertTrue(ready.body().contains("\"database\":\"available\""), ready.body());

    URI live =
        URI.create(
            base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/health/live");
    HttpResponse<String> alive =
        http.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, alive.statusCode(), alive.body());
    assertTrue(alive.body().contains("\"name\":\"sip-answers\",\"status\":\"UP\""), alive.body());
  }
}
