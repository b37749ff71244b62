package org.webphone.signup;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import org.webphone.account.AccountService;
import org.webphone.account.Customer;
import org.webphone.account.WebPhoneException;
import org.webphone.billing.BillingService;
import org.webphone.login.LoginService;

/**
 * Self-signup: one transaction creates the customer (email not yet verified), its portal login, its
 * first SIP account and the copies of the template customer's payments; any failure (a taken name
 * or email) leaves none of them. The web tier mails the verification link and rate-limits the page.
 */
@Stateless
public class SignupService {
  private final Clock clock = Clock.systemUTC();

  @EJB AccountService accounts;

  @EJB BillingService billing;

  @EJB LoginService logins;

  /** What a sign-up made: the customer, its SIP username and the email link's secret token. */
  public record Signup(Customer customer, String sipUsername, String verificationToken) {}

  /**
   * The portal's sign-up. The email address is the portal login; the password serves both the
   * portal and the first SIP account, whose username is taken from the email address.
   *
   * @param domain the SIP domain the first account is created in (its realm)
   * @param linkValidity how long the verification link works
   */
  public Signup signUp(
      String name, String email, String password, String domain, Duration linkValidity) {
    if (email == null || email.isBlank() || !email.contains("@")) {
      throw new WebPhoneException("an email address is required");
    }
    String address = email.trim().toLowerCase(Locale.ROOT);
    Customer customer = accounts.createCustomer(name, address, null);
    logins.createCustomerLogin(customer.getId(), address, password);
    String username = freeUsername(address, domain);
    accounts.createAccount(customer.getId(), username, domain, "1001", name, password);
    copyTemplatePayments(customer);
    String token = accounts.openEmailVerification(customer.getId(), linkValidity);
    return new Signup(customer, username, token);
  }

  /**
   * The domain part alone, with a chosen SIP username and no portal login (used by tests and
   * integrations that create customers with their first account).
   *
   * @param domain the SIP domain the first account is created in (its realm)
   * @return the new customer
   */
  public Customer signUp(
      String customerName, String email, String username, String password, String domain) {
    Customer customer = accounts.createCustomer(customerName, email, null);
    accounts.createAccount(customer.getId(), username, domain, "1001", null, password);
    copyTemplatePayments(customer);
    return customer;
  }

  private void copyTemplatePayments(Customer customer) {
    accounts
        .template()
        .ifPresent(t -> billing.copyTemplatePayments(customer, t, LocalDate.now(clock)));
  }

  /** The email's local part as a SIP username, with -2, -3, ... when taken. */
  private String freeUsername(String email, String domain) {
    String base = email.substring(0, email.indexOf('@')).replaceAll("[^a-z0-9._~-]", "");
    if (base.isEmpty()) {
      base = "user";
    }
    base = base.length() > 40 ? base.substring(0, 40) : base;
    for (int i = 1; i < 100; i++) {
      String candidate = i == 1 ? base : base + "-" + i;
      if (accounts.isFree(candidate, domain)) {
        return candidate;
      }
    }
    throw new WebPhoneException("no free SIP username for " + email);
  }
}
