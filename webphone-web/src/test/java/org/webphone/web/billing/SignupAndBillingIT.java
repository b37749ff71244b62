package org.webphone.web.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.webphone.account.AccountService;
import org.webphone.account.Customer;
import org.webphone.account.DuplicateAccountException;
import org.webphone.account.InvalidFieldsException;
import org.webphone.billing.BillingService;
import org.webphone.billing.Payment;
import org.webphone.signup.SignupService;
import org.webphone.web.it.PackagedWar;

/**
 * Payments, balances and self-signup's domain part in Payara Micro on the migrated schema: a new
 * customer receives the template customer's payments exactly once, in the same transaction as its
 * creation; a sign-up that fails leaves nothing behind.
 */
@ExtendWith(ArquillianExtension.class)
class SignupAndBillingIT {

  @Deployment
  static WebArchive deployment() {
    return PackagedWar.domainDeployment("billing-it.war");
  }

  @EJB AccountService accounts;

  @EJB BillingService billing;

  @EJB SignupService signup;

  private static String unique(String name) {
    return name + " " + UUID.randomUUID();
  }

  private long templateWithFiveDollars() {
    long template = accounts.createCustomer(unique("Template")).getId();
    billing.addPayment(
        template, new BigDecimal("5.00"), "USD", LocalDate.of(2026, 1, 1), "Welcome credit");
    accounts.markTemplate(template);
    return template;
  }

  @Test
  void aNewCustomerGetsTheTemplatesPaymentsOnceDatedAtSignUp() {
    templateWithFiveDollars();
    String user = "u" + UUID.randomUUID().toString().substring(0, 8);

    Customer acme =
        signup.signUp(unique("Acme"), "ops@acme.example", user, "s3cret-pass", "localhost");

    List<Payment> payments = billing.payments(acme.getId());
    assertEquals(1, payments.size());
    assertEquals(new BigDecimal("5.00"), payments.get(0).getAmount());
    assertEquals("USD", payments.get(0).getCurrency());
    assertEquals("Welcome credit", payments.get(0).getNote());
    assertEquals(LocalDate.now(ZoneOffset.UTC), payments.get(0).getPaidOn());
    assertEquals(Map.of("USD", new BigDecimal("5.00")), billing.balance(acme.getId()));
    assertTrue(accounts.findAccount(user, "localhost").isPresent());
    assertFalse(acme.isEmailVerified());
  }

  @Test
  void aSignUpWhoseUsernameIsTakenLeavesNoCustomerAndNoPayment() {
    templateWithFiveDollars();
    String taken = "u" + UUID.randomUUID().toString().substring(0, 8);
    signup.signUp(unique("First"), "a@first.example", taken, "s3cret-pass", "localhost");
    String name = unique("Second");
    long customersBefore = accounts.countCustomers();

    assertThrows(
        DuplicateAccountException.class,
        () -> signup.signUp(name, "b@second.example", taken, "s3cret-pass", "localhost"));

    assertEquals(customersBefore, accounts.countCustomers());
  }

  @Test
  void onlyOneCustomerIsTheTemplate() {
    long first = templateWithFiveDollars();
    long second = templateWithFiveDollars();

    assertEquals(second, accounts.template().orElseThrow().getId());
    assertFalse(accounts.findCustomer(first).orElseThrow().isTemplate(), "two templates");
  }

  @Test
  void theBalanceIsTheSumOfPaymentsPerCurrencyRefundsIncluded() {
    long c = accounts.createCustomer(unique("Balance")).getId();
    LocalDate day = LocalDate.of(2026, 11, 26);
    billing.addPayment(c, new BigDecimal("20.00"), "EUR", day, null);
    billing.addPayment(c, new BigDecimal("-2.50"), "EUR", day, "refund");
    billing.addPayment(c, new BigDecimal("7.25"), "USD", day, null);

    assertEquals(
        Map.of("EUR", new BigDecimal("17.50"), "USD", new BigDecimal("7.25")), billing.balance(c));
  }

  @Test
  void aPaymentWithABadCurrencyNamesTheFieldAndSavesNothing() {
    long c = accounts.createCustomer(unique("Bad currency")).getId();

    InvalidFieldsException refused =
        assertThrows(
            InvalidFieldsException.class,
            () -> billing.addPayment(c, new BigDecimal("1.00"), "dollars", LocalDate.now(), null));

    assertEquals("a three-letter currency code such as USD", refused.fields().get("currency"));
    assertEquals(List.of(), billing.payments(c));
  }
}
