package org.webphone.site;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.webphone.account.TenantGuard;
import org.webphone.audit.AuditLog;

/**
 * What ACME needs kept between requests and shared by every node: the platform's accounts and the
 * HTTP-01 answers being validated. Accounts are for admins and the server's own renewals; an answer
 * is public by design (the certificate authority fetches it anonymously), but only those two may
 * publish one.
 */
@Stateless
public class AcmeState {
  private final Clock clock = Clock.systemUTC();

  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @EJB TenantGuard guard;

  @EJB AuditLog audit;

  public Optional<AcmeAccount> account(String directory) {
    guard.requireAdminOrServer();
    return Optional.ofNullable(em.find(AcmeAccount.class, directory));
  }

  /** The newest account: the certificate authority renewals go back to. */
  public Optional<AcmeAccount> latestAccount() {
    guard.requireAdminOrServer();
    return em
        .createQuery("select a from AcmeAccount a order by a.createdAt desc", AcmeAccount.class)
        .setMaxResults(1)
        .getResultList()
        .stream()
        .findFirst();
  }

  public void saveAccount(AcmeAccount account) {
    guard.requireAdminOrServer();
    AcmeAccount old = em.find(AcmeAccount.class, account.getDirectory());
    if (old != null) {
      em.remove(old);
      em.flush();
    }
    account.created(Instant.now(clock));
    em.persist(account);
    audit.record(
        "acme.account",
        null,
        account.getDirectory(),
        "account " + account.getAccountUrl() + ", contact " + account.getEmail());
  }

  public void publish(AcmeChallenge challenge) {
    guard.requireAdminOrServer();
    AcmeChallenge old = em.find(AcmeChallenge.class, challenge.getToken());
    if (old != null) {
      em.remove(old);
      em.flush();
    }
    em.persist(challenge);
  }

  public void withdraw(String token) {
    guard.requireAdminOrServer();
    AcmeChallenge c = em.find(AcmeChallenge.class, token);
    if (c != null) {
      em.remove(c);
    }
    em.createQuery("delete from AcmeChallenge c where c.expiresAt < :now")
        .setParameter("now", Instant.now(clock))
        .executeUpdate();
  }

  /** The answer for {@code token} while it has not expired: anyone may ask. */
  public Optional<String> answer(String token) {
    AcmeChallenge c = em.find(AcmeChallenge.class, token);
    if (c == null || c.getExpiresAt().isBefore(Instant.now(clock))) {
      return Optional.empty();
    }
    return Optional.of(c.getContent());
  }
}
