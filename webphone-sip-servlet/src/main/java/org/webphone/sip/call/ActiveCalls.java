package org.webphone.sip.call;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.sip.SipSession;

/**
 * This node's answered calls by the Call-ID of each of their legs: how a REFER's Replaces (RFC
 * 3891) finds the call it names. A leg's Call-ID is the caller's for the caller's leg and ours for
 * a leg we called, so one index serves both sides.
 *
 * <p>Threading: any thread; lock-free.
 */
final class ActiveCalls {
  private final Map<String, Call> byCallId = new ConcurrentHashMap<>();

  void answered(Call call) {
    put(call.callerSession, call);
    put(call.answeredLeg(), call);
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
