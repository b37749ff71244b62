package org.webphone.history;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.webphone.account.TenantGuard;

/** Call detail records: written by the SIP side when a call ends, read by the phones. */
@Stateless
public class CallHistoryService {
  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @EJB TenantGuard guard;

  /** Stores {@code records} in one transaction (the SIP side writes them in batches). */
  public void recordAll(List<CallRecord> records) {
    for (CallRecord r : records) {
      em.persist(r);
    }
  }

  /** The calls {@code username} of {@code customerId} made or received, newest first. */
  public List<CallRecord> forUser(long customerId, String username, int max) {
    guard.requireAccess(customerId);
    return em.createQuery(
            "select r from CallRecord r where r.customerId = :c"
                + " and (r.caller = :u or r.callee = :u) order by r.startedAt desc, r.id desc",
            CallRecord.class)
        .setParameter("c", customerId)
        .setParameter("u", username)
        .setMaxResults(max)
        .getResultList();
  }
}
