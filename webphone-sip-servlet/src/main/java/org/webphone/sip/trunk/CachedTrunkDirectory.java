package org.webphone.sip.trunk;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.webphone.sip.registrar.LastKnownCache;
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
  private final LastKnownCache<Boolean, List<TrunkRoute>> trunks;
  private final LastKnownCache<String, Optional<DidRoute>> dids;
  private final LastKnownCache<String, Optional<String>> numbers;
  private final LastKnownCache<Long, OutboundStanding> standings;

  public CachedTrunkDirectory(
      TrunkDirectory source, Duration ttl, Duration lastKnownFor, Ticker ticker) {
    this.trunks = new LastKnownCache<>(k -> source.trunks(), ttl, lastKnownFor, ticker);
    this.dids = new LastKnownCache<>(source::did, ttl, lastKnownFor, ticker);
    this.numbers = new LastKnownCache<>(source::numberOf, ttl, lastKnownFor, ticker);
    this.standings = new LastKnownCache<>(source::standing, ttl, lastKnownFor, ticker);
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
