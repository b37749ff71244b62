package org.webphone.sip.call;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.sip.SipSession;

/**
 * This node's answered calls by the Call-ID of each of their legs: how a REFER's Replaces (RFC
 * 3891) finds the call it names. A leg's Call-ID is the caller's for the caller's leg and ours for
 * a leg we called, so one index serves both sides.
 *
 * <p>Threading: any thread; lock-free.
 */
final class ActiveCalls {
  private static final Logger LOG = Logger.getLogger(ActiveCalls.class.getName());
  private final Map<String, Call> byCallId = new ConcurrentHashMap<>();
  private volatile NodeCalls cluster = NodeCalls.NONE;

  /** Where the cluster learns of this node's answered calls (none on a node alone). */
  void cluster(NodeCalls calls) {
    this.cluster = calls;
  }

  void answered(Call call) {
    put(call.callerSession, call);
    put(call.answeredLeg(), call);
    try {
      cluster.answered(CallRecorder.answered(call));
    } catch (RuntimeException e) {
      // The call goes on; only its record would be lost with this node.
      LOG.log(Level.WARNING, "the data grid did not take answered call " + call.callId, e);
    }
  }

  void ended(Call call) {
    remove(call.callerSession, call);
    remove(call.answeredLeg(), call);
  }

  Optional<Call> byCallId(String callId) {
    return Optional.ofNullable(byCallId.get(callId));
  }

  /** The leg of {@code call} whose dialog has {@code callId}, or null. */
  static SipSession leg(Call call, String callId) {
    if (callId.equals(call.callerSession.getCallId())) {
      return call.callerSession;
    }
    SipSession answered = call.answeredLeg();
    return answered != null && callId.equals(answered.getCallId()) ? answered : null;
  }

  private void put(SipSession leg, Call call) {
    if (leg != null) {
      byCallId.put(leg.getCallId(), call);
    }
  }

  private void remove(SipSession leg, Call call) {
    if (leg != null) {
      byCallId.remove(leg.getCallId(), call);
    }
  }
}
