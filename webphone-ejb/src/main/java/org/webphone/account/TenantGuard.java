package org.webphone.account;

import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.Principal;
import java.util.Optional;

/**
 * Tenant isolation below the web tier: every service that reads or writes a customer's data asks
 * this guard first, so that a screen or endpoint that forgets a check still cannot reach another
 * customer's data.
 *
 * <p>Callers: an {@code admin} may reach every customer; a {@code customer} login (principal: its
 * username) and a {@code phone} (principal: {@code sip:user@domain}, from an API token) only their
 * own. An unauthenticated caller is the server itself (start-up seeding, the SIP servlets): the web
 * tier lets no anonymous request reach a service.
 */
@Stateless
@DeclareRoles({TenantGuard.ADMIN, TenantGuard.CUSTOMER, TenantGuard.PHONE})
public class TenantGuard {
  public static final String ADMIN = "admin";
  public static final String CUSTOMER = "customer";
  public static final String PHONE = "phone";

  @Resource private SessionContext context;

  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  /**
   * @throws AccessDeniedException when the caller may not reach {@code customerId}; the message
   *     does not say whether that customer exists
   */
  public void requireAccess(long customerId) {
    if (context.isCallerInRole(ADMIN) || isServer()) {
      return;
    }
    Optional<Long> own = callerCustomer();
    if (own.isEmpty() || own.get() != customerId) {
      throw new AccessDeniedException("no access to customer " + customerId);
    }
  }

  /** The customer the caller belongs to; empty for admins and the server. */
  public Optional<Long> callerCustomer() {
    if (isServer()) {
      return Optional.empty();
    }
    String name = context.getCallerPrincipal().getName();
    if (context.isCallerInRole(PHONE) && name.startsWith("sip:") && name.indexOf('@') > 4) {
      int at = name.lastIndexOf('@');
      return em.createNamedQuery(SipAccount.BY_USER_AND_DOMAIN, SipAccount.class)
          .setParameter("username", name.substring(4, at))
          .setParameter("domain", name.substring(at + 1))
          .getResultStream()
          .findFirst()
          .map(a -> a.getCustomer().getId());
    }
    if (context.isCallerInRole(CUSTOMER)) {
      return em.createQuery(
              "select l.customer.id from Login l where l.username = :u and l.enabled = true",
              Long.class)
          .setParameter("u", name)
          .getResultStream()
          .findFirst();
    }
    return Optional.empty();
  }

  public boolean callerIsAdmin() {
    return context.isCallerInRole(ADMIN);
  }

  /** For what admins may do and the server does by itself (renewals, seeding, lookups). */
  public void requireAdminOrServer() {
    if (!callerIsAdmin() && !isServer()) {
      throw new AccessDeniedException("admins only");
    }
  }

  /** The server's own work: no authenticated caller. */
  public boolean callerIsServer() {
    return isServer();
  }

  private boolean isServer() {
    Principal p = context.getCallerPrincipal();
    return p == null
        || p.getName() == null
        || (p.getName().equalsIgnoreCase("anonymous")
            && !context.isCallerInRole(CUSTOMER)
            && !context.isCallerInRole(PHONE));
  }
}
