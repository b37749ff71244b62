package org.webphone.sip.call;

import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.sip.SipServletRequest;
import org.webphone.history.CallRecord;
import org.webphone.history.CallRecord.Disposition;
import org.webphone.history.CallRecord.Side;
import org.webphone.history.MediaQuality;
import org.webphone.media.LegStats;

/**
 * Writes each call's detail record, once, when it ends: calls refused before anything rang, and
 * calls that started (whose places under the {@link CallLimits} are given back at the same time). A
 * failing log never disturbs a call; it only loses the record, with a warning.
 *
 * <p>Threading: any thread; the limits and the log are thread-safe.
 */
final class CallRecorder {
  private static final Logger LOG = Logger.getLogger(CallRecorder.class.getName());
  private final CallLog log;
  private final CallLimits limits;
  private final Clock clock;
  private volatile NodeCalls cluster = NodeCalls.NONE;

  CallRecorder(CallLog log, CallLimits limits, Clock clock) {
    this.log = log;
    this.limits = limits;
    this.clock = clock;
  }

  /** Where the cluster learns that this node's calls ended (none on a node alone). */
  void cluster(NodeCalls calls) {
    this.cluster = calls;
  }

  /**
   * The record key of a started call: its own, whichever node writes its record (this one when it
   * ends, or a survivor when this node is lost first), so that the database keeps it once.
   */
  static String keyOf(String callId, Instant startedAt) {
    return java.util
        .UUID
        .nameUUIDFromBytes(
            ("webphone call " + callId + " " + startedAt.toEpochMilli())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  /** What a started call's record needs, and the cluster keeps of it once answered. */
  static NodeCalls.Answered answered(Call call) {
    return new NodeCalls.Answered(
        keyOf(call.callId, call.startedAt),
        call.customerId,
        call.callId,
        call.caller,
        call.callee,
        call.startedAt,
        call.answeredAt(),
        call.trunk() == null ? null : call.trunk().name());
  }

  /**
   * Records the calls of a node that was lost before they ended, as answered calls that the system
   * ended now (when the cluster saw the node go). Returns how many.
   */
  int lost(java.util.List<NodeCalls.Answered> calls) {
    for (NodeCalls.Answered c : calls) {
      write(c, Disposition.ANSWERED, Side.SYSTEM, null, null);
    }
    return calls.size();
  }

  /** A call refused before any phone rang (unknown callee, nobody registered, over a limit). */
  void refused(
      long customer,
      SipServletRequest invite,
      String caller,
      String callee,
      Instant started,
      Disposition disposition) {
    refused(customer, invite, caller, callee, started, disposition, null);
  }

  /** A call to or from the phone network refused before anything rang. */
  void refused(
      long customer,
      SipServletRequest invite,
      String caller,
      String callee,
      Instant started,
      Disposition disposition,
      String trunk) {
    write(
        null,
        customer,
        invite.getCallId(),
        caller,
        callee,
        started,
        null,
        disposition,
        null,
        trunk,
        null,
        null);
  }

  /**
   * A started call ended. Every way a started call ends comes through here once (its state machine
   * ends it once).
   */
  void ended(Call call, Disposition disposition, Side side) {
    ended(call, disposition, side, null, null);
  }

  /**
   * A started call ended, with what the media anchor saw of its caller's and its answering phone's
   * legs (null where it carried no media).
   */
  void ended(
      Call call,
      Disposition disposition,
      Side side,
      LegStats.Snapshot callerMedia,
      LegStats.Snapshot calleeMedia) {
    limits.give(call.customerId, call.callerAccount(), call.calleeAccount());
    boolean written =
        write(answered(call), disposition, side, quality(callerMedia), quality(calleeMedia));
    if (written && call.answeredAt() != null) {
      // Only now: a node lost before its record was durable leaves the call to a survivor.
      try {
        cluster.ended(call.callId);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "the data grid kept ended call " + call.callId, e);
      }
    }
  }

  private static MediaQuality quality(LegStats.Snapshot s) {
    return s == null
        ? null
        : new MediaQuality(
            s.packetsIn(),
            s.bytesIn(),
            s.packetsOut(),
            s.bytesOut(),
            s.lost(),
            s.jitterMs(),
            s.rttMs());
  }

  /** Writes the record of a started call (under its own key); false when it was lost. */
  private boolean write(
      NodeCalls.Answered c,
      Disposition disposition,
      Side side,
      MediaQuality callerMedia,
      MediaQuality calleeMedia) {
    return write(
        c.recordKey(),
        c.customer(),
        c.callId(),
        c.caller(),
        c.callee(),
        c.startedAt(),
        c.answeredAt(),
        disposition,
        side,
        c.trunk(),
        callerMedia,
        calleeMedia);
  }

  /** Writes a record (with {@code key}, or a new one when null); false when it was lost. */
  private boolean write(
      String key,
      long customer,
      String callId,
      String caller,
      String callee,
      Instant started,
      Instant answered,
      Disposition disposition,
      Side side,
      String trunk,
      MediaQuality callerMedia,
      MediaQuality calleeMedia) {
    try {
      CallRecord record =
          new CallRecord(
              customer,
              callId,
              caller,
              callee,
              started,
              answered,
              clock.instant(),
              disposition,
              side,
              trunk);
      if (key != null) {
        record.withKey(key);
      }
      record.setMedia(callerMedia, calleeMedia);
      log.ended(record);
      return true;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "call record of " + callId + " lost", e);
      return false;
    }
  }
}
