package org.webphone.account;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.webphone.audit.AuditLog;

/** Customers and their SIP accounts. */
@Stateless
public class AccountService {
  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @jakarta.inject.Inject jakarta.validation.Validator validator;

  private final Clock clock = Clock.systemUTC();

  private static final java.util.Set<String> ISO_COUNTRIES =
      java.util.Set.of(Locale.getISOCountries());

  @EJB TenantGuard guard;

  @EJB AuditLog audit;

  public long countCustomers() {
    return em.createNamedQuery(Customer.COUNT, Long.class).getSingleResult();
  }

  public Customer createCustomer(String name) {
    return createCustomer(name, null, null);
  }

  /**
   * Creates an active customer.
   *
   * @throws InvalidFieldsException naming each wrong field; nothing is saved
   * @throws DuplicateAccountException when the name is taken
   */
  public Customer createCustomer(String name, String email, String defaultRegion) {
    requireAdmin();
    Customer c = new Customer(name == null ? null : name.trim(), Instant.now(clock));
    c.setEmail(blankToNull(email));
    c.setDefaultRegion(region(defaultRegion));
    InvalidFieldsException.requireValid(validator, c);
    if (!em.createNamedQuery(Customer.BY_NAME, Customer.class)
        .setParameter("name", c.getName())
        .getResultList()
        .isEmpty()) {
      throw new DuplicateAccountException("a customer named " + c.getName() + " exists");
    }
    em.persist(c);
    audit.record("customer.create", c.getId(), c.getName(), null);
    return c;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /**
   * @throws InvalidFieldsException for a code numbers cannot be read with (checked here, not at the
   *     first national number added later)
   */
  private static String region(String r) {
    if (r == null || r.isBlank()) {
      return null;
    }
    String code = r.trim().toUpperCase(Locale.ROOT);
    if (code.matches("[A-Z]{2}") && !ISO_COUNTRIES.contains(code)) {
      throw InvalidFieldsException.of("defaultRegion", "unknown country code " + code);
    }
    return code;
  }

  /** Makes {@code customerId} the template customer; the previous one stops being it. */
  public void markTemplate(long customerId) {
    Customer target =
        findCustomer(customerId)
            .orElseThrow(() -> new WebPhoneException("no customer " + customerId));
    for (Customer c : em.createNamedQuery(Customer.TEMPLATE, Customer.class).getResultList()) {
      c.setTemplate(false);
    }
    target.setTemplate(true);
    audit.record("customer.template", customerId, target.getName(), null);
  }

  public Optional<Customer> template() {
    return em.createNamedQuery(Customer.TEMPLATE, Customer.class).getResultStream().findFirst();
  }

  /**
   * Sets the region national phone numbers of the customer's phonebook are read with (ISO 3166-1
   * alpha-2), or none.
   */
  public Customer setDefaultRegion(long customerId, String region) {
    Customer c =
        findCustomer(customerId)
            .orElseThrow(() -> new WebPhoneException("no customer " + customerId));
    c.setDefaultRegion(region(region));
    audit.record("customer.region", customerId, c.getName(), region);
    return c;
  }

  /**
   * Changes what an admin may change of a customer.
   *
   * @throws InvalidFieldsException naming each wrong field; nothing is saved
   */
  public Customer updateCustomer(
      long customerId, Customer.Status status, String email, String defaultRegion) {
    requireAdmin();
    Customer c =
        findCustomer(customerId)
            .orElseThrow(() -> new WebPhoneException("no customer " + customerId));
    c.setStatus(status);
    c.setEmail(blankToNull(email));
    c.setDefaultRegion(region(defaultRegion));
    InvalidFieldsException.requireValid(validator, c);
    audit.record(
        "customer.update",
        customerId,
        c.getName(),
        "status " + status + ", email " + c.getEmail() + ", region " + c.getDefaultRegion());
    return c;
  }

  /**
   * One page of the customers whose name contains {@code text} (any case), by name; admins only.
   */
  public List<Customer> customers(String text, int first, int max) {
    requireAdmin();
    return em.createQuery(
            "select c from Customer c where lower(c.name) like :p order by c.name", Customer.class)
        .setParameter("p", pattern(text))
        .setFirstResult(first)
        .setMaxResults(max)
        .getResultList();
  }

  public long countCustomers(String text) {
    requireAdmin();
    return em.createQuery("select count(c) from Customer c where lower(c.name) like :p", Long.class)
        .setParameter("p", pattern(text))
        .getSingleResult();
  }

  /** The customer's SIP accounts by username. */
  public List<SipAccount> accounts(long customerId) {
    guard.requireAccess(customerId);
    return em.createQuery(
            "select a from SipAccount a where a.customer.id = :c order by a.username",
            SipAccount.class)
        .setParameter("c", customerId)
        .getResultList();
  }

  /** Creates an account with a generated password, returned here once and never stored in clear. */
  public GeneratedPassword createAccountWithGeneratedPassword(
      long customerId, String username, String domain, String extension, String displayName) {
    String password = Passwords.random(20);
    SipAccount account =
        createAccount(customerId, username, domain, extension, displayName, password);
    return new GeneratedPassword(account, password);
  }

  /** A new account and its password, to be shown to the admin once. */
  public record GeneratedPassword(SipAccount account, String password) {}

  private void requireAdmin() {
    guard.requireAdminOrServer();
  }

  private static String pattern(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return "%" + t.replace("%", "").replace("_", "") + "%";
  }

  /**
   * Creates an account whose realm is its domain. The password is hashed here and forgotten.
   *
   * @throws DuplicateAccountException when the username is taken in the domain or the extension in
   *     the customer
   */
  public SipAccount createAccount(
      long customerId,
      String username,
      String domain,
      String extension,
      String displayName,
      String password) {
    guard.requireAccess(customerId);
    Customer customer = em.find(Customer.class, customerId);
    if (customer == null) {
      throw new WebPhoneException("no customer " + customerId);
    }
    if (findAccount(username, domain).isPresent()) {
      throw new DuplicateAccountException(username + "@" + domain + " exists");
    }
    if (isTrunkUsername(username)) {
      throw new DuplicateAccountException(username + " is a trunk's username");
    }
    if (extension != null
        && !em.createQuery(
                "select a.id from SipAccount a where a.customer = :c and a.extension = :e",
                Long.class)
            .setParameter("c", customer)
            .setParameter("e", extension)
            .getResultList()
            .isEmpty()) {
      throw new DuplicateAccountException(
          "extension " + extension + " exists for customer " + customer.getName());
    }
    String realm = domain;
    SipAccount account =
        new SipAccount(
            customer,
            username,
            domain,
            realm,
            extension,
            displayName,
            DigestCredentials.ha1(username, realm, password),
            Instant.now(clock));
    em.persist(InvalidFieldsException.requireValid(validator, account));
    audit.record("account.create", customerId, username + "@" + domain, "extension " + extension);
    return account;
  }

  /**
   * Whether {@code username} is free for a new account in {@code domain}: no account has it there,
   * and no trunk authenticates with it (requests with a trunk's credentials are the trunk's, so an
   * account of that name could never register or call).
   */
  public boolean isFree(String username, String domain) {
    return findAccount(username, domain).isEmpty() && !isTrunkUsername(username);
  }

  private boolean isTrunkUsername(String username) {
    // By entity name: the trunk feature depends on accounts, not the other way round.
    return !em.createQuery("select t.id from Trunk t where t.inboundUsername = :u", Long.class)
        .setParameter("u", username)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  public Optional<Customer> findCustomer(long customerId) {
    return Optional.ofNullable(em.find(Customer.class, customerId));
  }

  public Optional<SipAccount> findAccount(String username, String domain) {
    return em.createNamedQuery(SipAccount.BY_USER_AND_DOMAIN, SipAccount.class)
        .setParameter("username", username)
        .setParameter("domain", domain)
        .getResultStream()
        .findFirst();
  }

  /**
   * Opens an email verification link for the customer, valid for {@code validity}; returns the
   * link's token, which is not stored (only its hash is).
   */
  public String openEmailVerification(long customerId, java.time.Duration validity) {
    Customer c =
        findCustomer(customerId)
            .orElseThrow(() -> new WebPhoneException("no customer " + customerId));
    String token = Passwords.token();
    c.expectEmailToken(Passwords.sha256(token), Instant.now(clock).plus(validity));
    return token;
  }

  /**
   * Follows a verification link.
   *
   * @return the customer whose email is now verified; empty for an unknown, used or expired link
   */
  public Optional<Customer> verifyEmail(String token) {
    if (token == null || token.isBlank() || token.length() > 100) {
      return Optional.empty();
    }
    String hash = Passwords.sha256(token.trim());
    Optional<Customer> c =
        em.createQuery("select c from Customer c where c.emailTokenHash = :h", Customer.class)
            .setParameter("h", hash)
            .getResultStream()
            .findFirst()
            .filter(x -> x.verifyEmailToken(hash, Instant.now(clock)));
    c.ifPresent(x -> audit.record("customer.email-verified", x.getId(), x.getName(), x.getEmail()));
    return c;
  }

  /** An admin confirms a customer's email address by hand. */
  public void markEmailVerified(long customerId) {
    requireAdmin();
    Customer c =
        findCustomer(customerId)
            .orElseThrow(() -> new WebPhoneException("no customer " + customerId));
    c.markEmailVerified();
    audit.record("customer.email-verified", customerId, c.getName(), "by an admin");
  }

  /** The username of the account with {@code extension} in the customer, if any. */
  public Optional<String> userByExtension(long customerId, String extension) {
    return em.createQuery(
            "select a.username from SipAccount a where a.customer.id = :c and a.extension = :e"
                + " and a.enabled = true",
            String.class)
        .setParameter("c", customerId)
        .setParameter("e", extension)
        .getResultStream()
        .findFirst();
  }

  /** The customer of the account {@code username@domain}, if there is one. */
  public Optional<Long> customerOf(String username, String domain) {
    return em.createQuery(
            "select a.customer.id from SipAccount a where a.username = :u and a.domain = :d",
            Long.class)
        .setParameter("u", username)
        .setParameter("d", domain)
        .getResultStream()
        .findFirst();
  }

  /** What the registrar needs to check a digest response for {@code username@domain}. */
  public Optional<DigestCredentials> credentials(String username, String domain) {
    return findAccount(username, domain)
        .map(
            a ->
                new DigestCredentials(
                    a.getUsername(),
                    a.getRealm(),
                    a.getHa1(),
                    a.isEnabled() && a.getCustomer().getStatus() == Customer.Status.ACTIVE));
  }
}
