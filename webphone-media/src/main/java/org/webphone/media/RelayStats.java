package org.webphone.media;

import java.util.concurrent.atomic.LongAdder;
import org.webphone.media.transport.PeerLock;

/**
 * A node's relay counters since start, summed over every call (for metrics and the benchmark):
 * packets relayed, packets refused (failed SRTP authentication or replay, not RTP), packets that
 * could not be sent on (no selected ICE pair yet, socket errors), packets the legs' streams lost on
 * their way to the node, packets a phone's leg refused for where they came from.
 *
 * <p>Threading: any thread; LongAdder keeps the relay's hot path free of contention.
 */
public final class RelayStats {
  final LongAdder relayed = new LongAdder();
  final LongAdder refused = new LongAdder();
  final LongAdder unsent = new LongAdder();
  final LongAdder lost = new LongAdder();
  final LongAdder refusedSource = new LongAdder();

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

  /**
   * Packets a SIP phone's or trunk's leg refused for their source: not from the address its SDP
   * named nor the one it learnt in its stead ({@link PeerLock}), so never relayed nor answered. A
   * steady count is someone spraying our RTP ports (RTP bleed); a few per call, a phone that starts
   * sending before its SDP reaches us, or one behind a NAT on its way to being learnt.
   */
  public long refusedSource() {
    return refusedSource.sum();
  }
}
