package org.webphone.web.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.webphone.vault.Vault;
import org.webphone.web.security.ServerSecret;

/**
 * Nodes of one data grid must share two secrets (docs/cluster.md): the digest secret, since a
 * challenge one node made is answered to another, and the vault key, since a certificate's key or a
 * trunk's password one node sealed is opened by every node. Nodes that differ would fail phones and
 * certificates now and then, by node, with nothing in the log to say why.
 *
 * <p>The first node of a grid leaves proof of both in it: a hash of a key derived from the digest
 * secret (which reveals nothing of the secret), and a value sealed with the vault key. Every node
 * that starts later compares: the same hash, and a sealed value that opens. The proof lives as long
 * as the grid does, so a whole cluster restarted with new secrets starts afresh, while one node of
 * a running cluster cannot bring different ones. A node that is its grid's only member writes its
 * own proof over what it finds: on a shared server the grid outlives the application, and what it
 * finds after a redeployment is its own previous deployment's (docs/payara-server.md).
 *
 * <p>Threading: called once, at start, from the thread that opens the SIP container.
 */
@ApplicationScoped
public class SharedSecrets {
  static final String CACHE = "webphone-cluster";
  static final String DIGEST = "digest-secret";
  static final String VAULT = "vault-key";
  private static final String PURPOSE = "cluster check";

  @Inject DataGrid grid;

  @Inject GridMembership membership;

  @Inject ServerSecret secret;

  @Inject Vault vault;

  /**
   * What this node does not share with the grid it joined, one sentence each naming the setting;
   * empty when it shares both (or has no grid).
   */
  public List<String> differences() {
    List<String> differ = new ArrayList<>();
    if (grid.caches().isEmpty()) {
      return differ;
    }
    Cache<String, String> proofs = proofs(grid.caches().get());
    String digest = digestProof();
    byte[] sealed = seal();
    String mine = Base64.getEncoder().encodeToString(sealed);
    if (membership.alone()) {
      proofs.put(DIGEST, digest);
      proofs.put(VAULT, mine);
      return differ;
    }
    String theirs = proofs.putIfAbsent(DIGEST, digest) ? digest : proofs.get(DIGEST);
    if (!digest.equals(theirs)) {
      differ.add(
          "its digest secret differs from the cluster's: set webphone.registrar.digest-secret"
              + " (WEBPHONE_REGISTRAR_DIGEST_SECRET) to the same value on every node");
    }
    String grid = proofs.putIfAbsent(VAULT, mine) ? mine : proofs.get(VAULT);
    if (grid != null && !opens(grid)) {
      differ.add(
          "its vault key differs from the cluster's: set webphone.tls.vault-key"
              + " (WEBPHONE_TLS_VAULT_KEY) to the same value on every node");
    }
    return differ;
  }

  private static Cache<String, String> proofs(CacheManager cm) {
    Cache<String, String> cache = cm.getCache(CACHE, String.class, String.class);
    if (cache != null) {
      return cache;
    }
    try {
      return cm.createCache(
          CACHE, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    } catch (javax.cache.CacheException e) {
      return cm.getCache(CACHE, String.class, String.class); // another node made it meanwhile
    }
  }

  private String digestProof() {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.derive(PURPOSE));
      return Base64.getEncoder().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private byte[] seal() {
    try {
      return vault.keys().seal(PURPOSE.getBytes(StandardCharsets.UTF_8), PURPOSE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the vault cannot seal", e);
    }
  }

  private boolean opens(String sealed) {
    try {
      vault.keys().open(Base64.getDecoder().decode(sealed), PURPOSE);
      return true;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
