package org.webphone.site;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.webphone.account.AccessDeniedException;
import org.webphone.account.TenantGuard;
import org.webphone.audit.AuditLog;

/**
 * The certificates admins added, newest first per name. Checking them (the key matches, the chain
 * is complete, the name is covered) and sealing their keys is the web module's job before {@link
 * #add}; here they are kept and listed, admins only, every addition audited.
 */
@Stateless
public class CertificateStore {
  private final Clock clock = Clock.systemUTC();

  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @EJB TenantGuard guard;

  @EJB AuditLog audit;

  public List<StoredCertificate> all() {
    requireAdmin();
    return em.createQuery(
            "select c from StoredCertificate c order by c.host, c.notAfter desc",
            StoredCertificate.class)
        .getResultList();
  }

  /**
   * The newest certificate of each name that is still valid: what the listeners present. For the
   * server itself (at start) and admins.
   */
  public List<StoredCertificate> current() {
    guard.requireAdminOrServer();
    List<StoredCertificate> newest = new java.util.ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (StoredCertificate c :
        em.createQuery(
                "select c from StoredCertificate c where c.notAfter > :now"
                    + " order by c.host, c.createdAt desc",
                StoredCertificate.class)
            .setParameter("now", Instant.now(clock))
            .getResultList()) {
      if (seen.add(c.getHost())) {
        newest.add(c);
      }
    }
    return newest;
  }

  /** The newest certificate of {@code source} ("self", "upload", "acme"), valid or not. */
  public java.util.Optional<StoredCertificate> newest(String source) {
    guard.requireAdminOrServer();
    return em
        .createQuery(
            "select c from StoredCertificate c where c.source = :source order by c.createdAt desc",
            StoredCertificate.class)
        .setParameter("source", source)
        .setMaxResults(1)
        .getResultList()
        .stream()
        .findFirst();
  }

  /** Keeps a certificate: an admin's upload or ACME order, or the server's own renewal. */
  public StoredCertificate add(StoredCertificate c) {
    guard.requireAdminOrServer();
    c.created(Instant.now(clock));
    em.persist(c);
    audit.record(
        "certificate.add",
        null,
        c.getHost(),
        c.getSource() + ", serial " + c.getSerial() + ", valid until " + c.getNotAfter());
    return c;
  }

  private void requireAdmin() {
    if (!guard.callerIsAdmin()) {
      throw new AccessDeniedException("admins only");
    }
  }
}
