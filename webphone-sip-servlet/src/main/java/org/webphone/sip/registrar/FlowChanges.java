package org.webphone.sip.registrar;

import java.util.ArrayList;
import java.util.List;
import org.webphone.sip.container.Flow;

/** Changes to an address-of-record's bindings when their connections come and go (RFC 5626). */
final class FlowChanges {
  private FlowChanges() {}

  /**
   * §5.2: the flow failed, so its bindings stop being targets; they stay for the grace period so
   * that the phone can take them over from a new connection.
   */
  record MarkUnreachable(Flow flow, long now) implements BindingStore.Change {
    private static final long serialVersionUID = 1L;

    @Override
    public List<Binding> apply(List<Binding> current) {
      List<Binding> next = new ArrayList<>(current.size());
      for (Binding b : current) {
        next.add(b.isReachable() && b.flow().equals(flow) ? b.unreachableSince(now) : b);
      }
      return next;
    }
  }

  /** Drops expired bindings and those unreachable past the grace period. */
  record Sweep(long now, long graceMillis) implements BindingStore.Change {
    private static final long serialVersionUID = 1L;

    @Override
    public List<Binding> apply(List<Binding> current) {
      return current.stream().filter(b -> !b.isGone(now, graceMillis)).toList();
    }
  }
}
