package org.webphone.billing;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.webphone.account.AccessDeniedException;
import org.webphone.account.Customer;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.TenantGuard;
import org.webphone.account.WebPhoneException;
import org.webphone.audit.AuditLog;

/** Payments and balances (the sum of payments per currency). Calls are not rated here. */
@Stateless
public class BillingService {
  private final Clock clock = Clock.systemUTC();

  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @Inject Validator validator;

  @EJB TenantGuard guard;

  @EJB AuditLog audit;

  /**
   * @throws InvalidFieldsException naming each wrong field; nothing is saved
   */
  public Payment addPayment(
      long customerId, BigDecimal amount, String currency, LocalDate paidOn, String note) {
    if (!guard.callerIsAdmin() && !guard.callerIsServer()) {
      throw new AccessDeniedException("only admins record payments");
    }
    Customer customer = em.find(Customer.class, customerId);
    if (customer == null) {
      throw new WebPhoneException("no customer " + customerId);
    }
    Payment p = new Payment(customer, amount, currency, paidOn, note, Instant.now(clock));
    em.persist(InvalidFieldsException.requireValid(validator, p));
    audit.record("payment.add", customerId, customer.getName(), amount + " " + currency);
    return p;
  }

  public List<Payment> payments(long customerId) {
    guard.requireAccess(customerId);
    return em.createQuery(
            "select p from Payment p where p.customer.id = :c order by p.paidOn, p.id",
            Payment.class)
        .setParameter("c", customerId)
        .getResultList();
  }

  /** Currency → sum of the customer's payments in it; empty when it has none. */
  public Map<String, BigDecimal> balance(long customerId) {
    guard.requireAccess(customerId);
    Map<String, BigDecimal> sums = new TreeMap<>();
    for (Object[] row :
        em.createQuery(
                "select p.currency, sum(p.amount) from Payment p where p.customer.id = :c"
                    + " group by p.currency",
                Object[].class)
            .setParameter("c", customerId)
            .getResultList()) {
      sums.put((String) row[0], (BigDecimal) row[1]);
    }
    return sums;
  }

  /**
   * Gives {@code customer} a copy of each of the template customer's payments, dated {@code on}
   * (issue 5: a $5.00 template payment gives every new customer $5.00 at sign-up). Runs in the
   * caller's transaction, so a sign-up that fails copies nothing.
   */
  public void copyTemplatePayments(Customer customer, Customer template, LocalDate on) {
    for (Payment t :
        em.createQuery(
                "select p from Payment p where p.customer = :t order by p.paidOn, p.id",
                Payment.class)
            .setParameter("t", template)
            .getResultList()) {
      em.persist(
          new Payment(
              customer, t.getAmount(), t.getCurrency(), on, t.getNote(), Instant.now(clock)));
      audit.record(
          "payment.template-copy",
          customer.getId(),
          customer.getName(),
          t.getAmount() + " " + t.getCurrency());
    }
  }
}
