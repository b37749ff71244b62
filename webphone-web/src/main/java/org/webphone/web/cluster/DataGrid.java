package org.webphone.web.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import javax.cache.CacheManager;
import org.eclipse.microprofile.config.Config;

/**
 * Where this node keeps what the nodes of a cluster share (registrations, call places, sign-in
 * throttles, nonce-counts, phonebook changes, the shared-secret proof): the data grid's JCache
 * (Payara's Hazelcast), unless {@code webphone.cluster.data-grid=false} says this node will never
 * be one of several, or the server has no JCache; then each feature keeps its state in this node's
 * memory, which saves the grid's serialization on every registration and call (docs/cluster.md
 * gives the figures).
 *
 * <p>Threading: safe on every thread.
 */
@ApplicationScoped
public class DataGrid {
  @Inject Instance<CacheManager> cacheManager;

  @Inject Config config;

  /** The grid's caches, or empty when this node keeps everything in its own memory. */
  public Optional<CacheManager> caches() {
    if (!config.getValue("webphone.cluster.data-grid", Boolean.class)
        || !cacheManager.isResolvable()) {
      return Optional.empty();
    }
    return Optional.of(cacheManager.get());
  }
}
