package org.webphone.trunk;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.logging.Logger;
import org.webphone.vault.Vault;

/**
 * Seals, at start, the trunk passwords stored in clear before V18 (issue 21): a data migration in
 * Java because its key is not in the database (Flyway's SQL cannot seal). Idempotent: sealed ones
 * are left alone, so every node of a cluster may run it; two nodes sealing the same row at once
 * each write a value the shared vault key opens.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
public class TrunkPasswords {
  private static final Logger LOG = Logger.getLogger(TrunkPasswords.class.getName());

  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @Inject Vault vault;

  /** Seals every trunk password stored in clear; at start, and whenever called again. */
  @PostConstruct
  public void sealStoredInClear() {
    List<Trunk> clear =
        em.createQuery("select t from Trunk t where t.password is not null", Trunk.class)
            .getResultStream()
            .filter(t -> !Vault.isSealed(t.getPassword()))
            .toList();
    for (Trunk t : clear) {
      t.setPassword(vault.sealText(t.getPassword(), TrunkService.PASSWORD_PURPOSE));
    }
    if (!clear.isEmpty()) {
      LOG.info(() -> "sealed the passwords of " + clear.size() + " trunk(s) stored in clear");
    }
  }
}
