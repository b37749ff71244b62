package org.webphone.sip.container.ws;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.message.Request;

/**
 * The INVITE dialogs that pass over one browser connection, as far as its messages tell: a call
 * begins with an initial INVITE (no To tag) either way, and ends with a BYE or CANCEL either way,
 * or with a final error answer to its INVITE. A connection with none is idle: a node that drains
 * may close it, and its phone reconnects through the front to another node, while a connection that
 * carries a call stays until the call ends (its in-dialog requests know only this connection, RFC
 * 7118 §5).
 *
 * <p>Errs on the side of busy: a call whose end never passed here keeps the connection until the
 * drain's deadline.
 *
 * <p>Threading: any thread; lock-free.
 */
final class InviteDialogs {
  /**
   * More than any phone has at once (the per-account call limit is far lower): a peer that opens
   * INVITEs it never lets end cannot grow the set, and the connection is busy either way.
   */
  static final int MAX_CALLS = 32;

  private final Set<String> callIds = ConcurrentHashMap.newKeySet();

  /** A message that passed over the connection, in either direction. */
  void saw(SIPMessage message) {
    String callId = message.getCallId() == null ? null : message.getCallId().getCallId();
    if (callId == null || message.getCSeq() == null) {
      return;
    }
    if (message instanceof SIPRequest request) {
      String method = request.getMethod();
      if (Request.INVITE.equals(method)
          && request.getToTag() == null
          && callIds.size() < MAX_CALLS) {
        callIds.add(callId);
      } else if (Request.BYE.equals(method) || Request.CANCEL.equals(method)) {
        callIds.remove(callId);
      }
    } else if (message instanceof SIPResponse response
        && Request.INVITE.equals(message.getCSeq().getMethod())
        && response.getStatusCode() >= 300) {
      callIds.remove(callId);
    }
  }

  boolean idle() {
    return callIds.isEmpty();
  }

  /** How many calls it counts now. */
  int calls() {
    return callIds.size();
  }
}
