package org.webphone.branding;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.webphone.account.AccessDeniedException;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.TenantGuard;
import org.webphone.audit.AuditLog;

/**
 * The platform's branding: anyone may read it (the phone shows it before sign-in); only an admin
 * may change it, and every change is audited with what changed.
 */
@Stateless
public class BrandingService {
  private final Clock clock = Clock.systemUTC();

  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @EJB TenantGuard guard;

  @EJB AuditLog audit;

  /** The saved branding; empty until an admin saved one. */
  public Optional<Branding> saved() {
    return Optional.ofNullable(em.find(Branding.class, Branding.ID));
  }

  /**
   * Saves {@code draft} as the branding; admins only.
   *
   * @throws InvalidFieldsException naming each wrong field; nothing is saved
   */
  public Branding save(Branding draft) {
    if (!guard.callerIsAdmin()) {
      throw new AccessDeniedException("admins only");
    }
    draft.setProductName(draft.getProductName() == null ? null : draft.getProductName().trim());
    if (draft.getCustomCss() != null && draft.getCustomCss().isBlank()) {
      draft.setCustomCss(null);
    }
    Map<String, String> wrong = BrandingRules.problems(draft);
    if (!wrong.isEmpty()) {
      throw InvalidFieldsException.of(wrong);
    }
    if (draft.getLogo() != null) {
      draft.setLogo(draft.getLogo(), BrandingRules.imageType(draft.getLogo()));
    }
    if (draft.getFavicon() != null) {
      draft.setFavicon(draft.getFavicon(), BrandingRules.imageType(draft.getFavicon()));
    }
    Branding row = em.find(Branding.class, Branding.ID);
    String changes = changes(row, draft);
    if (row == null) {
      row = new Branding();
      row.takeFrom(draft, Instant.now(clock));
      em.persist(row);
    } else {
      row.takeFrom(draft, Instant.now(clock));
    }
    audit.record("branding.update", null, "branding", changes);
    return row;
  }

  /** What differs between the stored branding and the new one, for the audit trail. */
  private static String changes(Branding was, Branding now) {
    List<String> c = new ArrayList<>();
    if (was == null || !Objects.equals(was.getProductName(), now.getProductName())) {
      c.add("name '" + now.getProductName() + "'");
    }
    if (was == null || !Objects.equals(was.getAccentColor(), now.getAccentColor())) {
      c.add("accent " + now.getAccentColor());
    }
    if (was == null || !Objects.equals(was.getBackground(), now.getBackground())) {
      c.add("background " + now.getBackground());
    }
    if (was == null || !java.util.Arrays.equals(was.getLogo(), now.getLogo())) {
      c.add(now.getLogo() == null ? "logo removed" : "logo " + now.getLogo().length + " bytes");
    }
    if (was == null || !java.util.Arrays.equals(was.getFavicon(), now.getFavicon())) {
      c.add(
          now.getFavicon() == null
              ? "favicon removed"
              : "favicon " + now.getFavicon().length + " bytes");
    }
    if (was == null || !Objects.equals(was.getCustomCss(), now.getCustomCss())) {
      c.add(
          now.getCustomCss() == null
              ? "no custom CSS"
              : "custom CSS " + now.getCustomCss().length() + " characters");
    }
    return c.isEmpty() ? "no change" : String.join(", ", c);
  }
}
