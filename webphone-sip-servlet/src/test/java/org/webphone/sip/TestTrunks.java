package org.webphone.sip;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.webphone.sip.trunk.TrunkDirectory;
import org.webphone.trunk.DidRoute;
import org.webphone.trunk.OutboundStanding;
import org.webphone.trunk.TrunkRoute;

/** The trunks, numbers and customers' standing of a story, changed as the story goes. */
final class TestTrunks implements TrunkDirectory {
  final List<TrunkRoute> trunks = new CopyOnWriteArrayList<>();
  final Map<String, DidRoute> dids = new ConcurrentHashMap<>();
  final Map<String, String> numbers = new ConcurrentHashMap<>();
  final Map<Long, OutboundStanding> standings = new ConcurrentHashMap<>();

  void clear() {
    trunks.clear();
    dids.clear();
    numbers.clear();
    standings.clear();
  }

  @Override
  public List<TrunkRoute> trunks() {
    return List.copyOf(trunks);
  }

  @Override
  public Optional<DidRoute> did(String e164) {
    return Optional.ofNullable(dids.get(e164));
  }

  @Override
  public Optional<String> numberOf(String username) {
    return Optional.ofNullable(numbers.get(username));
  }

  @Override
  public OutboundStanding standing(long customer) {
    return standings.getOrDefault(customer, new OutboundStanding(null, false, false));
  }
}
