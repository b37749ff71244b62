package org.webphone.web.cluster;

import com.hazelcast.cache.HazelcastCacheManager;
import com.hazelcast.config.CacheConfig;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MaxSizePolicy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
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

  /**
   * Hazelcast keeps 10,000 entries of a cache per member by default and evicts the least recently
   * used beyond that: registrations, call places or throttles would be dropped silently under load.
   * Ours leave by expiry or removal only.
   */
  private static <K, V> Configuration<K, V> unevicted(
      CacheManager cm, MutableConfiguration<K, V> mc) {
    try {
      cm.unwrap(HazelcastCacheManager.class);
    } catch (IllegalArgumentException | LinkageError e) {
      return mc; // another JCache: its own defaults
    }
    CacheConfig<K, V> hz = new CacheConfig<>(mc);
    hz.setEvictionConfig(
        new EvictionConfig()
            .setSize(Integer.MAX_VALUE)
            .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
            .setEvictionPolicy(EvictionPolicy.LRU));
    return hz;
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
      return (Cache) cm.createCache(name, (Configuration) unevicted(cm, mc));
    } catch (CacheException e) {
      return (Cache) cm.getCache(name); // another node made it meanwhile
    }
  }
}
