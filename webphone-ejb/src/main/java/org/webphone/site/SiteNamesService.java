package org.webphone.site;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

  @Inject
  @ConfigProperty(name = "webphone.sip.domain")
  String configuredSipDomain;

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

  /** The SIP domain now: the one an admin saved, else {@code webphone.sip.domain}. */
  public String sipDomain() {
    return saved().map(SiteNames::getSipDomain).orElse(configuredSipDomain);
  }

  /**
   * Moves the platform's addresses-of-record to {@code domain}: every account of the SIP domain in
   * force is renamed {@code user@domain}. Realms stay (HA1 = MD5(user:realm:password), RFC 2617
   * §3.2.2.2, cannot be recomputed without the passwords); new accounts take the new domain as
   * theirs. Admins only; audited with the number of accounts moved.
   *
   * @throws InvalidFieldsException when {@code domain} is no host name; nothing changes
   */
  public int saveSipDomain(String domain) {
    if (!guard.callerIsAdmin()) {
      throw new AccessDeniedException("admins only");
    }
    String next = HostNames.normalize(domain);
    if (next == null) {
      throw InvalidFieldsException.of(Map.of("sipDomain", "the SIP domain is required"));
    }
    if (next.startsWith("*")) {
      throw InvalidFieldsException.of(
          Map.of("sipDomain", "one domain, without a wildcard: it is the host of every address"));
    }
    if (HostNames.problem(next) != null) {
      throw InvalidFieldsException.of(Map.of("sipDomain", HostNames.problem(next)));
    }
    String was = sipDomain();
    if (next.equals(was)) {
      return 0;
    }
    SiteNames row = em.find(SiteNames.class, SiteNames.ID);
    if (row == null) {
      row = new SiteNames();
      row.sipDomain(next, Instant.now(clock));
      em.persist(row);
    } else {
      row.sipDomain(next, Instant.now(clock));
    }
    int moved =
        em.createQuery("update SipAccount a set a.domain = :next where a.domain = :was")
            .setParameter("next", next)
            .setParameter("was", was)
            .executeUpdate();
    audit.record(
        "domains.sip",
        null,
        "domains",
        "SIP domain " + next + " (was " + was + "); " + moved + " accounts moved, realms kept");
    return moved;
  }
}
