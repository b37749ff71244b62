package org.webphone.web.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.webphone.account.AccountService;
import org.webphone.account.DuplicateAccountException;
import org.webphone.account.InvalidFieldsException;
import org.webphone.audit.AuditEntry;
import org.webphone.audit.AuditLog;
import org.webphone.billing.BillingService;
import org.webphone.trunk.DidRoute;
import org.webphone.trunk.InboundTrust;
import org.webphone.trunk.NumberFormat;
import org.webphone.trunk.OutboundStanding;
import org.webphone.trunk.Transport;
import org.webphone.trunk.Trunk;
import org.webphone.trunk.TrunkPasswords;
import org.webphone.trunk.TrunkRoute;
import org.webphone.trunk.TrunkService;
import org.webphone.web.it.PackagedWar;

/**
 * Trunks and numbers in Payara Micro on the real schema (Flyway V9): an admin configures a Berlin
 * carrier and gives a customer a number that rings two accounts; what the SIP application reads
 * back is what was saved; bad fields are each refused with a reason and nothing is saved; a
 * customer may call out only with a verified email and a positive balance.
 */
@ExtendWith(ArquillianExtension.class)
class TrunkServiceIT {
  private static final String DOMAIN = "trunk-it.test";

  @Deployment
  static WebArchive deployment() {
    return PackagedWar.domainDeployment("trunk-it.war");
  }

  @EJB TrunkService trunks;

  @EJB AccountService accounts;

  @EJB BillingService billing;

  @EJB AuditLog audit;

  @EJB TrunkPasswords passwords;

  @Resource(lookup = "java:app/jdbc/webphone")
  DataSource database;

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private long berlinCustomer() {
    long id = accounts.createCustomer(unique("Berlin")).getId();
    accounts.setDefaultRegion(id, "DE");
    return id;
  }

  /** A Berlin carrier as an admin types it: spaces and commas, a region in lower case. */
  private static Trunk carrier(String name) {
    Trunk t = new Trunk();
    t.setName(name);
    t.setHost("sip.carrier.example");
    t.setTransport(Transport.TLS);
    t.setUsername("carrier-user");
    t.setPrefixes("+4930, +49");
    t.setNumberFormat(NumberFormat.NATIONAL);
    t.setRegion("de");
    t.setTechPrefix("99");
    t.setPriority(3);
    t.setInboundAddresses("192.0.2.10  192.0.2.11:5070");
    t.setInboundTrust(InboundTrust.ADDRESS);
    return t;
  }

  private Optional<TrunkRoute> route(String name) {
    return trunks.routes().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  @Test
  void anAdminAddsACarrierAndTheRouterReadsItBackKeepingThePasswordUntilCleared() {
    String name = unique("carrier");
    Trunk saved = trunks.saveTrunk(carrier(name), null, "s3cret", false);

    TrunkRoute r = route(name).orElseThrow();
    assertEquals(List.of("+4930", "+49"), r.prefixes());
    assertEquals(List.of("192.0.2.10", "192.0.2.11:5070"), r.inbound().addresses());
    assertEquals(InboundTrust.ADDRESS, r.inbound().trust());
    assertEquals("sip.carrier.example", r.realm(), "no realm given: the host's name");
    assertEquals("DE", r.region());
    assertEquals(Transport.TLS, r.transport());
    assertEquals("s3cret", r.password());
    assertEquals(null, r.customerId());
    // The row holds it sealed by the key vault: a copy of the database alone does not tell it.
    String stored = storedColumn("password", name);
    assertTrue(stored.startsWith("sealed:v1:"), stored);
    assertFalse(stored.contains("s3cret"), stored);

    // The screen's draft says a password is stored and holds none of it.
    Trunk draft = trunks.trunk(saved.getId()).orElseThrow();
    assertTrue(draft.hasPassword());
    assertEquals(null, draft.route().password(), "the draft holds no secret");
    draft.setHost("sip2.carrier.example");
    draft.setPrefixes("");
    draft.setNumberFormat(NumberFormat.E164);
    draft.setRegion(null);
    trunks.saveTrunk(draft, null, "", false);
    assertEquals("s3cret", route(name).orElseThrow().password(), "a blank password keeps it");
    assertEquals("sip2.carrier.example", route(name).orElseThrow().host());
    assertEquals(List.of(), route(name).orElseThrow().prefixes());

    draft.setEnabled(false);
    trunks.saveTrunk(draft, null, null, true);
    assertTrue(route(name).isEmpty(), "a disabled trunk carries no calls");
    assertFalse(trunks.trunk(saved.getId()).orElseThrow().hasPassword(), "cleared");
    List<AuditEntry> entries = audit.recent(null, 0, 20);
    assertTrue(entries.stream().anyMatch(e -> e.getTarget().equals(name)), entries::toString);
    assertFalse(
        entries.stream().anyMatch(e -> e.getDetail() != null && e.getDetail().contains("s3cret")),
        "the audit log never holds the password");
  }

  @Test
  void aPbxTrustedByDigestKeepsItsOwnSealedCredentialsUntilItIsTrustedOtherwise() {
    String name = unique("pbx");
    String user = unique("pbx-user");
    Trunk pbx = carrier(name);
    pbx.setUsername(null);
    pbx.setInboundAddresses("");
    pbx.setInboundTrust(InboundTrust.DIGEST);
    pbx.setInboundUsername(user);
    pbx.setAssertsIdentity(true);
    pbx.setRealm("pbx.example");
    Trunk saved = trunks.saveTrunk(pbx, null, null, false, "pbx-s3cret");

    TrunkRoute r = route(name).orElseThrow();
    assertEquals(InboundTrust.DIGEST, r.inbound().trust());
    assertEquals(user, r.inbound().username());
    assertEquals("pbx-s3cret", r.inbound().password());
    assertTrue(r.assertsIdentity());
    assertEquals("pbx.example", r.realm());
    String stored = storedColumn("inbound_password", name);
    assertTrue(stored.startsWith("sealed:v1:"), stored);
    assertFalse(stored.contains("pbx-s3cret"), stored);
    Trunk draft = trunks.trunk(saved.getId()).orElseThrow();
    assertTrue(draft.hasInboundPassword());
    assertEquals(null, draft.route().inbound().password(), "the draft holds no secret");

    // Its credentials are its own: no second trunk may take its username.
    Trunk twin = carrier(unique("twin"));
    twin.setInboundTrust(InboundTrust.DIGEST);
    twin.setInboundUsername(user);
    InvalidFieldsException taken =
        assertThrows(
            InvalidFieldsException.class, () -> trunks.saveTrunk(twin, null, null, false, "other"));
    assertTrue(taken.fields().containsKey("inboundUsername"), taken.fields().toString());
    // Nor an account: its REGISTER and INVITE with that name would be the trunk's.
    assertThrows(
        DuplicateAccountException.class,
        () -> accounts.createAccount(berlinCustomer(), user, DOMAIN, null, "PBX", "s3cret-pw"));
    assertFalse(accounts.isFree(user, DOMAIN));

    draft.setInboundTrust(InboundTrust.NONE);
    trunks.saveTrunk(draft, null, null, false);
    assertEquals(null, storedColumn("inbound_password", name), "no trust, no credentials kept");
    assertEquals(InboundTrust.NONE, route(name).orElseThrow().inbound().trust());
  }

  @Test
  void aTrunkIsTrustedOnlyWithWhatThatTrustNeeds() {
    Trunk byAddress = carrier(unique("no-addresses"));
    byAddress.setInboundAddresses("");
    InvalidFieldsException noAddresses =
        assertThrows(
            InvalidFieldsException.class, () -> trunks.saveTrunk(byAddress, null, null, false));
    assertTrue(noAddresses.fields().containsKey("inboundAddresses"));

    Trunk byDigest = carrier(unique("no-credentials"));
    byDigest.setInboundTrust(InboundTrust.DIGEST);
    InvalidFieldsException noUser =
        assertThrows(
            InvalidFieldsException.class, () -> trunks.saveTrunk(byDigest, null, null, false));
    assertTrue(noUser.fields().containsKey("inboundUsername"));
    byDigest.setInboundUsername(unique("pbx"));
    InvalidFieldsException noPassword =
        assertThrows(
            InvalidFieldsException.class, () -> trunks.saveTrunk(byDigest, null, null, false));
    assertTrue(noPassword.fields().containsKey("inboundPassword"));

    // An account's username is the account's: a trunk named so could call as it, or it as the
    // trunk.
    long customer = berlinCustomer();
    String agent = unique("agent");
    accounts.createAccount(customer, agent, DOMAIN, null, "Agent", "correct horse battery");
    byDigest.setInboundUsername(agent);
    InvalidFieldsException anAccounts =
        assertThrows(
            InvalidFieldsException.class,
            () -> trunks.saveTrunk(byDigest, null, null, false, "pbx-secret"));
    assertTrue(anAccounts.fields().containsKey("inboundUsername"));
  }

  private String storedColumn(String column, String trunk) {
    try (Connection c = database.getConnection();
        PreparedStatement q =
            c.prepareStatement("select " + column + " from trunk where name = ?")) {
      q.setString(1, trunk);
      try (ResultSet r = q.executeQuery()) {
        assertTrue(r.next(), "no trunk " + trunk);
        return r.getString(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aPasswordStoredInClearBeforeSealingIsSealedAtStartAndStillAnswersChallenges()
      throws SQLException {
    // A row as V9 left it, written behind the application's back (nothing of it is cached).
    String name = unique("legacy");
    try (Connection c = database.getConnection();
        PreparedStatement u =
            c.prepareStatement(
                "insert into trunk (id, name, host, port, transport, username, password, prefixes,"
                    + " number_format, priority, inbound_addresses, enabled)"
                    + " values (?, ?, 'sip.old.example', 5060, 'UDP', 'old-user',"
                    + " 'old-clear-secret', '', 'E164', 5, '', true)")) {
      u.setLong(1, 900_000_000L + (long) (Math.random() * 1_000_000));
      u.setString(2, name);
      assertEquals(1, u.executeUpdate());
    }
    assertEquals("old-clear-secret", route(name).orElseThrow().password(), "read as it is");

    passwords.sealStoredInClear(); // what every start does

    String stored = storedColumn("password", name);
    assertTrue(stored.startsWith("sealed:v1:"), stored);
    assertEquals("old-clear-secret", route(name).orElseThrow().password());
  }

  @Test
  void eachBadFieldIsNamedWithItsReasonAndNothingIsSaved() {
    String name = unique("bad");
    Trunk bad = carrier(name);
    bad.setHost("not a host!");
    bad.setPort(70000);
    bad.setPrefixes("49");
    bad.setRegion("Germany");
    bad.setTechPrefix("x");
    bad.setPriority(-1);
    bad.setInboundAddresses("gateway.example");
    InvalidFieldsException refused =
        assertThrows(InvalidFieldsException.class, () -> trunks.saveTrunk(bad, null, null, false));

    assertEquals(
        Set.of("host", "inboundAddresses", "port", "prefixes", "priority", "region", "techPrefix"),
        refused.fields().keySet());
    assertTrue(route(name).isEmpty());

    Trunk national = carrier(name);
    national.setRegion(null);
    InvalidFieldsException noRegion =
        assertThrows(
            InvalidFieldsException.class, () -> trunks.saveTrunk(national, null, null, false));
    assertEquals("national numbers need the trunk's region", noRegion.fields().get("region"));
    assertTrue(route(name).isEmpty());
  }

  @Test
  void aCustomersNumberRingsItsAccountsAndIsWhatTheyCallOutAs() {
    long customer = berlinCustomer();
    String alice = unique("alice");
    String bob = unique("bob");
    accounts.createAccount(customer, alice, DOMAIN, null, null, "correct horse battery");
    accounts.createAccount(customer, bob, DOMAIN, null, null, "correct horse battery");
    String number = "+4930" + (1_000_000 + (int) (Math.random() * 8_000_000));

    trunks.addDid(customer, "0" + number.substring(3), List.of(alice, bob));

    DidRoute r = trunks.didRoute(number).orElseThrow();
    assertEquals(customer, r.customerId());
    assertEquals(List.of(alice, bob).stream().sorted().toList(), r.usernames());
    assertEquals(Optional.of(number), trunks.numberOf(alice, DOMAIN));

    InvalidFieldsException taken =
        assertThrows(
            InvalidFieldsException.class, () -> trunks.addDid(customer, number, List.of()));
    assertEquals(number + " is taken", taken.fields().get("number"));

    long other = berlinCustomer();
    InvalidFieldsException foreign =
        assertThrows(
            InvalidFieldsException.class,
            () -> trunks.addDid(other, "+49301999999", List.of(alice)));
    assertEquals("only accounts of this customer can be rung", foreign.fields().get("accounts"));
    assertTrue(trunks.didRoute("+49301999999").isEmpty(), "nothing saved");
  }

  @Test
  void aCustomerCallsOutOnlyWithAVerifiedEmailAndAPositiveBalance() {
    long customer = berlinCustomer();
    assertEquals(new OutboundStanding("DE", false, false), trunks.standing(customer));

    accounts.markEmailVerified(customer);
    assertEquals(new OutboundStanding("DE", true, false), trunks.standing(customer));

    LocalDate today = LocalDate.now();
    billing.addPayment(customer, new BigDecimal("5.00"), "USD", today, null);
    assertEquals(Optional.empty(), trunks.standing(customer).refusal());

    billing.addPayment(customer, new BigDecimal("-5.00"), "USD", today, "refund");
    assertEquals(
        Optional.of("Trunk calls need a positive balance"), trunks.standing(customer).refusal());
  }
}
