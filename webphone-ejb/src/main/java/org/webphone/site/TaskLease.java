package org.webphone.site;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.webphone.account.TenantGuard;

/**
 * Work one node of a cluster does at a time (renewing certificates): a row per task that a node
 * holds until a time. Claiming is one conditional UPDATE, so two nodes cannot both win; a node that
 * dies mid-task loses the lease when its time runs out.
 */
@Stateless
public class TaskLease {
  public static final String CERTIFICATE_RENEWAL = "certificate-renewal";

  /** Holder ?1 takes task ?3 until ?2 if its time ran out (before ?4) or it holds it already. */
  static final String CLAIM =
      "UPDATE task_lease SET holder = ?1, held_until = ?2"
          + " WHERE name = ?3 AND (held_until < ?4 OR holder = ?1)";

  /** Task ?2 is free again (its time set to ?1, long past) if holder ?3 held it. */
  static final String RELEASE =
      "UPDATE task_lease SET holder = NULL, held_until = ?1 WHERE name = ?2 AND holder = ?3";

  private final Clock clock = Clock.systemUTC();

  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @EJB TenantGuard guard;

  /** Claims {@code task} for {@code holder} for {@code time}; false when another holds it. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean claim(String task, String holder, Duration time) {
    guard.requireAdminOrServer();
    Instant now = Instant.now(clock);
    return em.createNativeQuery(CLAIM)
            .setParameter(1, holder)
            .setParameter(2, java.sql.Timestamp.from(now.plus(time)))
            .setParameter(3, task)
            .setParameter(4, java.sql.Timestamp.from(now))
            .executeUpdate()
        == 1;
  }

  /** Lets {@code task} go, if {@code holder} holds it. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void release(String task, String holder) {
    guard.requireAdminOrServer();
    em.createNativeQuery(RELEASE)
        .setParameter(1, java.sql.Timestamp.from(Instant.parse("2000-01-01T00:00:00Z")))
        .setParameter(2, task)
        .setParameter(3, holder)
        .executeUpdate();
  }
}
