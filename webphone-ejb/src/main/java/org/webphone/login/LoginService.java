package org.webphone.login;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.webphone.account.Customer;
import org.webphone.account.DuplicateAccountException;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.WebPhoneException;
import org.webphone.audit.AuditLog;

/**
 * Logins to the web screens. Passwords are stored as PBKDF2-HMAC-SHA512 with 210,000 iterations and
 * a 32-byte salt (OWASP's 2023 figure for that hash), through Jakarta Security's {@link
 * Pbkdf2PasswordHash}, and are never logged or returned.
 */
@Stateless
public class LoginService {
  /** A successful sign-in: what the web tier needs to build the caller's principal and roles. */
  public record Verified(String username, Login.Role role, Long customerId) {}

  static final int MIN_PASSWORD_LENGTH = 10;

  private final Clock clock = Clock.systemUTC();

  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @Inject Pbkdf2PasswordHash hash;

  @Inject Validator validator;

  @EJB AuditLog audit;

  /** Hashed once per bean instance, so that an unknown username costs what a known one does. */
  private String dummyHash;

  @PostConstruct
  void configureHash() {
    hash.initialize(
        Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
            "Pbkdf2PasswordHash.Iterations", "210000",
            "Pbkdf2PasswordHash.SaltSizeBytes", "32",
            "Pbkdf2PasswordHash.KeySizeBytes", "32"));
  }

  public Login createAdmin(String username, String password) {
    return create(username, password, Login.Role.ADMIN, null);
  }

  /** A login for the customer portal, limited to {@code customerId}'s data. */
  public Login createCustomerLogin(long customerId, String email, String password) {
    Customer customer = em.find(Customer.class, customerId);
    if (customer == null) {
      throw new WebPhoneException("no customer " + customerId);
    }
    return create(email, password, Login.Role.CUSTOMER, customer);
  }

  /**
   * Checks a username and password. Unknown user, disabled login and wrong password are one answer
   * (empty), and all cost one PBKDF2 verification.
   */
  public Optional<Verified> verify(String username, String password) {
    if (username == null || password == null) {
      return Optional.empty();
    }
    Optional<Login> login = find(username);
    String stored = login.map(Login::getPasswordHash).orElseGet(this::dummyHash);
    boolean match = hash.verify(password.toCharArray(), stored);
    return login
        .filter(l -> match && l.isEnabled())
        .map(l -> new Verified(l.getUsername(), l.getRole(), l.getCustomerId()));
  }

  public Optional<Login> find(String username) {
    return em.createNamedQuery(Login.BY_USERNAME, Login.class)
        .setParameter("username", normalise(username))
        .getResultStream()
        .findFirst();
  }

  public void changePassword(String username, String newPassword) {
    Login login = find(username).orElseThrow(() -> new WebPhoneException("no login " + username));
    login.setPasswordHash(hashed(newPassword));
    audit.record("login.password", login.getCustomerId(), login.getUsername(), null);
  }

  private Login create(String username, String password, Login.Role role, Customer customer) {
    String name = normalise(username);
    if (name.isEmpty() || name.equalsIgnoreCase("anonymous")) {
      throw new WebPhoneException("user name \"" + username + "\" cannot be used");
    }
    if (find(name).isPresent()) {
      throw new DuplicateAccountException("a login " + name + " exists");
    }
    Login login = new Login(name, hashed(password), role, customer, Instant.now(clock));
    em.persist(InvalidFieldsException.requireValid(validator, login));
    audit.record(
        "login.create",
        customer == null ? null : customer.getId(),
        name,
        "role " + role.roleName());
    return login;
  }

  private String hashed(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw new WebPhoneException(
          "a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    return hash.generate(password.toCharArray());
  }

  private String dummyHash() {
    if (dummyHash == null) {
      dummyHash = hash.generate("not a password of anyone".toCharArray());
    }
    return dummyHash;
  }

  /** User names compare case-insensitively: they are email addresses or admin names. */
  private static String normalise(String username) {
    return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
  }
}
