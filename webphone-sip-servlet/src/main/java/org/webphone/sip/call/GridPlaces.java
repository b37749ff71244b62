package org.webphone.sip.call;

import java.io.Serializable;
import java.time.Clock;
import java.util.HashMap;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * Places counted across the nodes of a cluster, in the data grid (JCache on Payara's Hazelcast): a
 * customer's or an account's limit holds whichever nodes its calls are on.
 *
 * <p>Each key holds the places taken by each node, and every change runs as an entry processor on
 * the member that owns the key: atomic, and never a read-modify-write across the wire. A node that
 * is lost (crashed, killed, cut off) would hold its places for ever; so every node writes a
 * heartbeat to {@code nodes} ({@link #beat}, every few seconds), and a node whose heartbeat is
 * older than the lease has its places dropped by the next take of the key. A node that only paused
 * past the lease (a long GC, SIGSTOP) loses its places too: its calls then count for nothing until
 * they end, which errs on the side of letting calls through.
 *
 * <p>Threading: safe on every thread; {@link #beat} from one scheduler thread.
 */
public final class GridPlaces implements Places {
  private final Cache<String, HashMap<String, Integer>> counts;
  private final Cache<String, Long> nodes;
  private final String node;
  private final Clock clock;
  private final long leaseMillis;

  /** Nodes whose heartbeat is older than the lease, as of the last {@link #beat}. */
  private volatile Set<String> lost = Set.of();

  /**
   * @param node this node's identity, unique per start (a restarted node is another node: the
   *     places of its earlier run are its lost predecessor's)
   */
  public GridPlaces(
      Cache<String, HashMap<String, Integer>> counts,
      Cache<String, Long> nodes,
      String node,
      Clock clock,
      long leaseMillis) {
    this.counts = counts;
    this.nodes = nodes;
    this.node = node;
    this.clock = clock;
    this.leaseMillis = leaseMillis;
    beat();
  }

  /** This node is alive; and which nodes are not. Call every lease / 3 at most. */
  public void beat() {
    long now = clock.millis();
    nodes.put(node, now);
    java.util.HashSet<String> stale = new java.util.HashSet<>();
    for (Cache.Entry<String, Long> e : nodes) {
      if (now - e.getValue() > leaseMillis) {
        stale.add(e.getKey());
      }
    }
    lost = Set.copyOf(stale);
  }

  @Override
  public boolean take(String key, int limit) {
    return Boolean.TRUE.equals(counts.invoke(key, new Take(node, limit, lost)));
  }

  @Override
  public void give(String key) {
    counts.invoke(key, new Give(node));
  }

  /** Takes a place for {@code node} if the places of the nodes not lost leave one. */
  private record Take(String node, int limit, Set<String> lost)
      implements EntryProcessor<String, HashMap<String, Integer>, Boolean>, Serializable {
    @Override
    public Boolean process(MutableEntry<String, HashMap<String, Integer>> entry, Object... args) {
      HashMap<String, Integer> byNode =
          entry.exists() ? new HashMap<>(entry.getValue()) : new HashMap<>();
      boolean pruned = byNode.keySet().removeAll(lost);
      int taken = byNode.values().stream().mapToInt(Integer::intValue).sum();
      if (taken >= limit) {
        if (pruned) {
          store(entry, byNode);
        }
        return false;
      }
      byNode.merge(node, 1, Integer::sum);
      store(entry, byNode);
      return true;
    }
  }

  /** Gives back one of {@code node}'s places (none if it has none: they were dropped as lost). */
  private record Give(String node)
      implements EntryProcessor<String, HashMap<String, Integer>, Void>, Serializable {
    @Override
    public Void process(MutableEntry<String, HashMap<String, Integer>> entry, Object... args) {
      if (!entry.exists()) {
        return null;
      }
      HashMap<String, Integer> byNode = new HashMap<>(entry.getValue());
      byNode.computeIfPresent(node, (n, places) -> places > 1 ? places - 1 : null);
      store(entry, byNode);
      return null;
    }
  }

  private static void store(
      MutableEntry<String, HashMap<String, Integer>> entry, HashMap<String, Integer> byNode) {
    if (byNode.isEmpty()) {
      entry.remove();
    } else {
      entry.setValue(byNode);
    }
  }
}
