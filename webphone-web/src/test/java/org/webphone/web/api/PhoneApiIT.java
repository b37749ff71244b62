package org.webphone.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.webphone.account.AccountService;
import org.webphone.audit.AuditEntry;
import org.webphone.audit.AuditLog;
import org.webphone.phonebook.ContactDetails;
import org.webphone.phonebook.PhonebookService;
import org.webphone.sip.container.SipDigest;
import org.webphone.web.it.PackagedWar;

/**
 * The phone's API on the packaged application: a phone proves itself with HTTP digest and gets a
 * bearer token, syncs exactly its own customer's phonebook with ETag revalidation, and cannot reach
 * another customer's contacts even through the EJBs. Every change lands in the audit trail.
 */
@ExtendWith(ArquillianExtension.class)
class PhoneApiIT {
  private static final String DOMAIN = "localhost";

  @Deployment
  static WebArchive deployment() {
    return PackagedWar.archive("phone-api-it.war")
        .addClasses(SipDigest.class, IsolationProbeServlet.class);
  }

  @ArquillianResource URL base;

  @EJB AccountService accounts;

  @EJB PhonebookService phonebook;

  @EJB AuditLog audit;

  private final HttpClient http = HttpClient.newHttpClient();

  /** A customer with one account (its password is its name) and the given contacts. */
  private record Tenant(long id, String user) {}

  private Tenant tenant(String... contacts) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    long id = accounts.createCustomer("Customer " + tag).getId();
    String user = "u" + tag;
    accounts.createAccount(id, user, DOMAIN, null, null, user + "-password");
    for (String c : contacts) {
      long contact = phonebook.addContact(id, new ContactDetails(c, null, null, null)).getId();
      phonebook.addNumber(id, contact, "Mobile", "+44 20 7946 0" + (100 + c.length()), null);
    }
    return new Tenant(id, user);
  }

  private URI uri(String path) {
    return URI.create(base.toString().replaceAll("/+$", "") + path);
  }

  private HttpResponse<String> tokenRequest(String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri("/api/token")).POST(HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> tokenFor(String user, String password) throws Exception {
    HttpResponse<String> challenge = tokenRequest(null);
    assertEquals(401, challenge.statusCode());
    String wwwAuthenticate = challenge.headers().firstValue("WWW-Authenticate").orElseThrow();
    return tokenRequest(
        // The same digest as SIP's (RFC 2617), as a header value rather than a header line.
        SipDigest.authorization("POST", "/api/token", wwwAuthenticate, user, password, 1)
            .replaceFirst("^Authorization: ", "")
            .strip());
  }

  private String token(Tenant t) throws Exception {
    HttpResponse<String> r = tokenFor(t.user(), t.user() + "-password");
    assertEquals(200, r.statusCode(), r.body());
    JsonObject json = Json.createReader(new StringReader(r.body())).readObject();
    assertEquals("Bearer", json.getString("token_type"));
    assertEquals("sip:" + t.user() + "@" + DOMAIN, json.getString("account"));
    assertTrue(json.getInt("expires_in") > 0);
    return json.getString("access_token");
  }

  private HttpResponse<String> get(String path, String token, String ifNoneMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Set<String> names(String phonebookJson) {
    return Json.createReader(new StringReader(phonebookJson))
        .readObject()
        .getJsonArray("contacts")
        .stream()
        .map(JsonValue::asJsonObject)
        .map(c -> c.getString("name"))
        .collect(Collectors.toSet());
  }

  @Test
  void eachPhoneSyncsExactlyItsOwnCustomersPhonebook() throws Exception {
    Tenant acme = tenant("Ann", "Andy");
    Tenant bolt = tenant("Bea");

    HttpResponse<String> acmeBook = get("/api/phonebook", token(acme), null);
    HttpResponse<String> boltBook = get("/api/phonebook", token(bolt), null);

    assertEquals(200, acmeBook.statusCode(), acmeBook.body());
    assertEquals(Set.of("Ann", "Andy"), names(acmeBook.body()));
    assertEquals(Set.of("Bea"), names(boltBook.body()));
    JsonObject ann =
        Json.createReader(new StringReader(acmeBook.body()))
            .readObject()
            .getJsonArray("contacts")
            .stream()
            .map(JsonValue::asJsonObject)
            .filter(c -> c.getString("name").equals("Ann"))
            .findFirst()
            .orElseThrow();
    assertEquals("+442079460103", ann.getJsonArray("numbers").getJsonObject(0).getString("number"));
  }

  @Test
  void anUnchangedPhonebookIsNotSentAgainAndAChangeIs() throws Exception {
    Tenant acme = tenant("Ann");
    String token = token(acme);
    HttpResponse<String> first = get("/api/phonebook", token, null);
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again = get("/api/phonebook", token, etag);
    assertEquals(304, again.statusCode());
    assertEquals("", again.body());

    phonebook.addContact(acme.id(), new ContactDetails("Arne", null, null, null));
    HttpResponse<String> changed = get("/api/phonebook", token, etag);
    assertEquals(200, changed.statusCode());
    assertNotEquals(etag, changed.headers().firstValue("ETag").orElseThrow());
    assertEquals(Set.of("Ann", "Arne"), names(changed.body()));
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() throws Exception {
    Tenant acme = tenant();
    HttpResponse<String> wrong = tokenFor(acme.user(), "not-the-password");
    HttpResponse<String> unknown = tokenFor("nobody-" + acme.user(), "whatever-password");

    assertEquals(401, wrong.statusCode());
    assertEquals(401, unknown.statusCode());
    assertEquals(wrong.body(), unknown.body());
    assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Digest "));
  }

  @Test
  void repeatedFailuresFromOneAddressAreRefusedForAWhile() throws Exception {
    Tenant acme = tenant();
    int status = 0;
    for (int i = 0; i < 6 && status != 429; i++) {
      status = tokenFor(acme.user(), "guess-" + i).statusCode();
    }
    assertEquals(429, status);
    HttpResponse<String> evenRight = tokenFor(acme.user(), acme.user() + "-password");
    assertEquals(429, evenRight.statusCode());
    assertNotNull(evenRight.headers().firstValue("Retry-After").orElse(null));
  }

  @Test
  void withoutAValidTokenThePhonebookIsNotServed() throws Exception {
    HttpResponse<String> none = get("/api/phonebook", null, null);
    HttpResponse<String> forged = get("/api/phonebook", "AAAAAAAAAAAA.AAAAAAAAAAAA", null);

    assertEquals(401, none.statusCode());
    assertEquals(401, forged.statusCode());
    assertTrue(
        forged.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
  }

  @Test
  void thePhonebookEjbRefusesAnotherCustomersContactsToAPhone() throws Exception {
    Tenant acme = tenant("Ann");
    Tenant bolt = tenant("Bea", "Ben");
    String acmeToken = token(acme);

    HttpResponse<String> own = get("/api/test/contacts?customer=" + acme.id(), acmeToken, null);
    HttpResponse<String> other = get("/api/test/contacts?customer=" + bolt.id(), acmeToken, null);

    assertEquals(200, own.statusCode(), own.body());
    assertEquals("sip:" + acme.user() + "@" + DOMAIN + " read 1", own.body());
    assertEquals(403, other.statusCode(), other.body());
  }

  @Test
  void everyChangeIsAuditedWithWhoWhenAndWhatAndARefusedOneLeavesNoTrace() {
    Tenant acme = tenant("Ann");
    long contact = phonebook.contacts(acme.id()).get(0).getId();
    try {
      phonebook.addNumber(acme.id(), contact, "Fax", "12ab", null);
    } catch (org.webphone.phonebook.InvalidNumberException expected) {
      // refused: nothing saved, nothing audited
    }

    List<AuditEntry> trail = audit.recent(acme.id(), 0, 50);
    assertEquals(
        List.of("number.add", "contact.add", "account.create", "customer.create"),
        trail.stream().map(AuditEntry::getAction).toList());
    AuditEntry last = trail.get(0);
    assertEquals("system", last.getActor(), "the test runs as the server itself");
    assertEquals("Ann", last.getTarget());
    assertEquals("Mobile +442079460103", last.getDetail());
    assertNotNull(last.getAt());
  }
}
