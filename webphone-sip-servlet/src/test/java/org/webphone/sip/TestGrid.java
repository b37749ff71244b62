package org.webphone.sip;

import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * A data grid for stories of several nodes in one JVM: a real JCache (Caffeine's, storing by value
 * as Hazelcast does), a fresh one per test. The nodes a test builds share it as cluster nodes share
 * Payara's Hazelcast.
 */
public final class TestGrid implements AutoCloseable {
  private final CacheManager caches =
      Caching.getCachingProvider("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider")
          .getCacheManager(
              URI.create("grid-" + System.nanoTime()), TestGrid.class.getClassLoader());

  /** The cache {@code name}, made by whichever node asks first. */
  public <K, V> Cache<K, V> cache(String name) {
    Cache<K, V> c = caches.getCache(name);
    return c != null ? c : caches.createCache(name, new MutableConfiguration<K, V>());
  }

  @Override
  public void close() {
    caches.close();
  }
}
