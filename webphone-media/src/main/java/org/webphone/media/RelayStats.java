package org.webphone.media;

import java.util.concurrent.atomic.LongAdder;

/**
 * A node's relay counters since start, summed over every call (for metrics and the benchmark):
 * packets relayed, packets refused (failed SRTP authentication or replay, not RTP), packets that
 * could not be sent on (no selected ICE pair yet, socket errors), packets the legs' streams lost on
 * their way to the node.
 *
 * <p>Threading: any thread; LongAdder keeps the relay's hot path free of contention.
 */
public final class RelayStats {
  final LongAdder relayed = new LongAdder();
  final LongAdder refused = new LongAdder();
  final LongAdder unsent = new LongAdder();
  final LongAdder lost = new LongAdder();

  public long relayed() {
    return relayed.sum();
  }

  public long refused() {
    return refused.sum();
  }

  public long unsent() {
    return unsent.sum();
  }

  /** RTP packets of the legs' streams that never reached the node (sequence gaps, RFC 3550). */
  public long lost() {
    return lost.sum();
  }
}
