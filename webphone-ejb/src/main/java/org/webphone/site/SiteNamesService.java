package org.webphone.site;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.webphone.account.AccessDeniedException;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.TenantGuard;
import org.webphone.audit.AuditLog;

/** The platform's names: anyone may read them; only an admin changes them, audited. */
@Stateless
public class SiteNamesService {
  private final Clock clock = Clock.systemUTC();

  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @EJB TenantGuard guard;

  @EJB AuditLog audit;

  /** The saved names; empty until an admin saved some. */
  public Optional<SiteNames> saved() {
    return Optional.ofNullable(em.find(SiteNames.class, SiteNames.ID));
  }

  /**
   * Saves the web domain and the WebRTC domain (either may be blank: unset); admins only.
   *
   * @throws InvalidFieldsException naming each wrong name; nothing is saved
   */
  public SiteNames save(String webDomain, String webrtcDomain) {
    if (!guard.callerIsAdmin()) {
      throw new AccessDeniedException("admins only");
    }
    String web = HostNames.normalize(webDomain);
    String webrtc = HostNames.normalize(webrtcDomain);
    Map<String, String> wrong = new LinkedHashMap<>();
    if (HostNames.problem(web) != null) {
      wrong.put("webDomain", HostNames.problem(web));
    }
    if (HostNames.problem(webrtc) != null) {
      wrong.put("webrtcDomain", HostNames.problem(webrtc));
    }
    if (!wrong.isEmpty()) {
      throw InvalidFieldsException.of(wrong);
    }
    SiteNames row = em.find(SiteNames.class, SiteNames.ID);
    String was =
        row == null ? "unset" : "web " + row.getWebDomain() + ", webrtc " + row.getWebrtcDomain();
    if (row == null) {
      row = new SiteNames();
      row.set(web, webrtc, Instant.now(clock));
      em.persist(row);
    } else {
      if (Objects.equals(row.getWebDomain(), web)
          && Objects.equals(row.getWebrtcDomain(), webrtc)) {
        return row;
      }
      row.set(web, webrtc, Instant.now(clock));
    }
    audit.record(
        "domains.update",
        null,
        "domains",
        "web " + web + ", webrtc " + webrtc + " (was " + was + ")");
    return row;
  }
}
