package org.webphone.signup;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import java.time.Clock;
import java.time.LocalDate;
import org.webphone.account.AccountService;
import org.webphone.account.Customer;
import org.webphone.billing.BillingService;

/**
 * Self-signup, the domain part: one transaction creates the customer (email not yet verified), its
 * first SIP account and the copies of the template customer's payments; any failure (a taken name
 * or username) leaves none of them. The portal page, its rate limit and the verification mail come
 * with the control panel.
 */
@Stateless
public class SignupService {
  private final Clock clock = Clock.systemUTC();

  @EJB AccountService accounts;

  @EJB BillingService billing;

  /**
   * @param domain the SIP domain the first account is created in (its realm)
   * @return the new customer
   */
  public Customer signUp(
      String customerName, String email, String username, String password, String domain) {
    Customer customer = accounts.createCustomer(customerName);
    customer.setEmail(email);
    accounts.createAccount(customer.getId(), username, domain, "1001", null, password);
    accounts
        .template()
        .ifPresent(t -> billing.copyTemplatePayments(customer, t, LocalDate.now(clock)));
    return customer;
  }
}
