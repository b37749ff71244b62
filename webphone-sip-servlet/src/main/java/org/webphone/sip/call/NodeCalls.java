package org.webphone.sip.call;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * The answered calls of every node of the cluster, by the node that handles each: what a survivor
 * needs to write the record of a call whose node was lost before it ended (docs/cluster.md, "Losing
 * a node"). A call is entered when it is answered and taken out once its record is durable on its
 * node (the journal), so a node lost at any moment leaves each of its calls either recorded by
 * itself or here, and a record written by both has one key ({@link Answered#recordKey}), which the
 * database stores once.
 *
 * <p>Threading: any thread.
 */
public interface NodeCalls {
  /** What a call's record needs from its answer on. */
  record Answered(
      String recordKey,
      long customer,
      String callId,
      String caller,
      String callee,
      Instant startedAt,
      Instant answeredAt,
      String trunk)
      implements Serializable {}

  /** {@code call}, handled by this node, was answered (or took over another's place). */
  void answered(Answered call);

  /** The call with Call-ID {@code callId} has ended and its record is durable. */
  void ended(String callId);

  /**
   * Takes out the calls that node {@code lost} handled: each comes back to exactly one caller, on
   * whichever node asks first.
   */
  List<Answered> takeCallsOf(String lost);

  /** A node alone: its calls end with it, and nobody is left to record them. */
  NodeCalls NONE =
      new NodeCalls() {
        @Override
        public void answered(Answered call) {}

        @Override
        public void ended(String callId) {}

        @Override
        public List<Answered> takeCallsOf(String lost) {
          return List.of();
        }
      };
}
