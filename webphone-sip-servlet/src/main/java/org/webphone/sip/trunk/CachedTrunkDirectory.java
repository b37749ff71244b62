package org.webphone.sip.trunk;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.webphone.trunk.DidRoute;
import org.webphone.trunk.OutboundStanding;
import org.webphone.trunk.TrunkRoute;

/**
 * Keeps the directory's answers for {@code ttl}: every INVITE asks whether it comes from a trunk,
 * so the trunk list must not cost a database read each time. A trunk, number or payment changed in
 * the control panel takes effect within {@code ttl} on every node.
 *
 * <p>Threading: safe on every thread.
 */
public final class CachedTrunkDirectory implements TrunkDirectory {
  private final LoadingCache<Boolean, List<TrunkRoute>> trunks;
  private final LoadingCache<String, Optional<DidRoute>> dids;
  private final LoadingCache<String, Optional<String>> numbers;
  private final LoadingCache<Long, OutboundStanding> standings;

  public CachedTrunkDirectory(TrunkDirectory source, Duration ttl, Ticker ticker) {
    this.trunks = cache(ttl, ticker, k -> source.trunks());
    this.dids = cache(ttl, ticker, source::did);
    this.numbers = cache(ttl, ticker, source::numberOf);
    this.standings = cache(ttl, ticker, source::standing);
  }

  private static <K, V> LoadingCache<K, V> cache(
      Duration ttl, Ticker ticker, com.github.benmanes.caffeine.cache.CacheLoader<K, V> loader) {
    return Caffeine.newBuilder()
        .ticker(ticker)
        .expireAfterWrite(ttl)
        .maximumSize(100_000)
        .build(loader);
  }

  @Override
  public List<TrunkRoute> trunks() {
    return trunks.get(Boolean.TRUE);
  }

  @Override
  public Optional<DidRoute> did(String e164) {
    return dids.get(e164);
  }

  @Override
  public Optional<String> numberOf(String username) {
    return numbers.get(username);
  }

  @Override
  public OutboundStanding standing(long customer) {
    return standings.get(customer);
  }
}
