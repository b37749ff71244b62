package org.webphone.audit;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The audit trail. Entries are written in the caller's transaction ({@code MANDATORY}): a change
 * that rolls back leaves no entry, and no entry can exist without its change. The actor is the
 * authenticated caller, or {@code system} for the server's own work (start-up seeding, SIP).
 */
@Stateless
public class AuditLog {
  private final Clock clock = Clock.systemUTC();

  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @Resource private SessionContext context;

  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public void record(String action, Long customerId, String target, String detail) {
    em.persist(new AuditEntry(Instant.now(clock), actor(), action, customerId, target, detail));
  }

  /**
   * Newest first; {@code customerId} null: every customer's and the platform's. (Two queries, not
   * {@code :c is null}: PostgreSQL cannot type a parameter that is only compared with null.)
   */
  public List<AuditEntry> recent(Long customerId, int first, int max) {
    TypedQuery<AuditEntry> q =
        customerId == null
            ? em.createQuery(
                "select e from AuditEntry e order by e.at desc, e.id desc", AuditEntry.class)
            : em.createQuery(
                    "select e from AuditEntry e where e.customerId = :c order by e.at desc, e.id desc",
                    AuditEntry.class)
                .setParameter("c", customerId);
    return q.setFirstResult(first).setMaxResults(max).getResultList();
  }

  public long count(Long customerId) {
    TypedQuery<Long> q =
        customerId == null
            ? em.createQuery("select count(e) from AuditEntry e", Long.class)
            : em.createQuery(
                    "select count(e) from AuditEntry e where e.customerId = :c", Long.class)
                .setParameter("c", customerId);
    return q.getSingleResult();
  }

  private String actor() {
    String name = context.getCallerPrincipal().getName();
    return name == null || name.equalsIgnoreCase("anonymous") ? "system" : name;
  }
}
