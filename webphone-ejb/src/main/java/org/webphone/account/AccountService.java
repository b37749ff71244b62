package org.webphone.account;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Customers and their SIP accounts. */
@Stateless
public class AccountService {
  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  private final Clock clock = Clock.systemUTC();

  public long countCustomers() {
    return em.createNamedQuery(Customer.COUNT, Long.class).getSingleResult();
  }

  public Customer createCustomer(String name) {
    if (!em.createNamedQuery(Customer.BY_NAME, Customer.class)
        .setParameter("name", name)
        .getResultList()
        .isEmpty()) {
      throw new WebPhoneException("a customer named " + name + " exists");
    }
    Customer c = new Customer(name, Instant.now(clock));
    em.persist(c);
    return c;
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
    c.setDefaultRegion(region);
    return c;
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
    Customer customer = em.find(Customer.class, customerId);
    if (customer == null) {
      throw new WebPhoneException("no customer " + customerId);
    }
    if (findAccount(username, domain).isPresent()) {
      throw new DuplicateAccountException(username + "@" + domain + " exists");
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
    em.persist(account);
    return account;
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
