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

  /**
   * Stores those of {@code records} not stored yet (by their keys), in one transaction: a replay of
   * the journal after a crash, whose records may have reached the database just before it.
   *
   * @return how many were new
   */
  public int recordAllOnce(List<CallRecord> records) {
    List<String> keys = records.stream().map(CallRecord::getRecordKey).toList();
    java.util.Set<String> stored =
        keys.isEmpty()
            ? java.util.Set.of()
            : new java.util.HashSet<>(
                em.createQuery(
                        "select r.recordKey from CallRecord r where r.recordKey in :keys",
                        String.class)
                    .setParameter("keys", keys)
                    .getResultList());
    int added = 0;
    for (CallRecord r : records) {
      if (stored.add(r.getRecordKey())) {
        em.persist(r);
        added++;
      }
    }
    return added;
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
