package org.webphone.web.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ModifiedExpiryPolicy;

/**
 * The application's caches in the data grid (JCache on Payara's Hazelcast), made by whichever node
 * asks first, or declared by the grid's configuration (bin/hazelcast.xml). Stored by value, as the
 * grid stores everything.
 */
public final class GridCaches {
  private GridCaches() {}

  /** The cache {@code name}, made if no node has made it yet; its entries stay until removed. */
  public static <K, V> Cache<K, V> lasting(CacheManager cm, String name) {
    return obtain(cm, name, null);
  }

  /**
   * The cache {@code name}, made if no node has made it yet; its entries expire {@code idle} after
   * their last change. One that exists already (another node's, or the grid configuration's) must
   * keep entries at least that long: shorter, it would drop what this node still needs, so the node
   * refuses to start with the cache's name in the message.
   */
  public static <K, V> Cache<K, V> expiringAfterChange(
      CacheManager cm, String name, Duration idle) {
    Cache<K, V> cache = obtain(cm, name, idle);
    @SuppressWarnings("unchecked")
    CompleteConfiguration<K, V> c = cache.getConfiguration(CompleteConfiguration.class);
    javax.cache.expiry.Duration kept = c.getExpiryPolicyFactory().create().getExpiryForUpdate();
    if (kept != null
        && !kept.isEternal()
        && kept.getTimeUnit().toMillis(kept.getDurationAmount()) < idle.toMillis()) {
      throw new IllegalStateException(
          "the data grid keeps entries of "
              + name
              + " "
              + kept.getTimeUnit().toSeconds(kept.getDurationAmount())
              + " s after their last change, less than the "
              + idle.toSeconds()
              + " s this node needs: the grid's configuration (bin/hazelcast.xml) or another"
              + " node's settings differ from this node's");
    }
    return cache;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <K, V> Cache<K, V> obtain(CacheManager cm, String name, Duration idle) {
    Cache<K, V> cache = (Cache) cm.getCache(name);
    if (cache != null) {
      return cache;
    }
    try {
      MutableConfiguration<K, V> mc = new MutableConfiguration<>();
      mc.setStoreByValue(true);
      if (idle != null) {
        mc.setExpiryPolicyFactory(
            ModifiedExpiryPolicy.factoryOf(
                new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, idle.toMillis())));
      }
      return (Cache) cm.createCache(name, (MutableConfiguration) mc);
    } catch (CacheException e) {
      return (Cache) cm.getCache(name); // another node made it meanwhile
    }
  }
}
