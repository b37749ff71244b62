package org.webphone.sip.call;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.cache.Cache;

/**
 * {@link NodeCalls} in the data grid (a JCache, by the caller leg's Call-ID): one put when a call
 * is answered and one remove when it ends, both on the key's owner; a lost node's calls are found
 * by going through the cache, which only happens when a node is lost. The remove of an entry by its
 * value is atomic, so of the survivors that look at once, one takes each call.
 *
 * <p>Threading: any thread (the cache is the grid's).
 */
public final class GridNodeCalls implements NodeCalls {
  /** An answered call and the node that handles it. */
  public record Held(String node, Answered call) implements Serializable {}

  private final Cache<String, Held> calls;
  private final String node;

  /**
   * @param node this node's id in the grid (the one other nodes are told of when it leaves)
   */
  public GridNodeCalls(Cache<String, Held> calls, String node) {
    this.calls = Objects.requireNonNull(calls, "calls");
    this.node = Objects.requireNonNull(node, "node");
  }

  @Override
  public void answered(Answered call) {
    calls.put(call.callId(), new Held(node, call));
  }

  @Override
  public void ended(String callId) {
    calls.remove(callId);
  }

  @Override
  public List<Answered> takeCallsOf(String lost) {
    List<Answered> taken = new ArrayList<>();
    for (Cache.Entry<String, Held> e : calls) {
      Held held = e.getValue();
      if (held == null || !held.node().equals(lost)) {
        continue;
      }
      // By key, not by value: the grid compares values in their serialized form, which Payara
      // writes with the writing thread's application, so an equal value may not match.
      Held mine = calls.getAndRemove(e.getKey());
      if (mine != null) {
        taken.add(mine.call());
      }
    }
    return taken;
  }
}
