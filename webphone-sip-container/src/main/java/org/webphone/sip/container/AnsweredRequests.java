package org.webphone.sip.container;

import gov.nist.javax.sip.ReleaseReferencesStrategy;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransactionImpl;
import javax.servlet.sip.SipApplicationSession;
import javax.servlet.sip.SipServletRequest;
import javax.sip.ObjectInUseException;
import javax.sip.Transaction;
import org.mobicents.servlet.sip.core.message.MobicentsSipServletRequest;

/**
 * Lets go of a request that has had its final answer and opens no dialog (REGISTER, OPTIONS): its
 * SIP application session, and its server transaction.
 *
 * <p>Over UDP a completed non-INVITE server transaction would stay for Timer J (32 s, RFC 3261
 * §17.2.2) to answer retransmissions, and JAIN-SIP keeps the whole parsed request with it until
 * then: about 10 KB a request, 80,000 of them at 1,500 registrations per second, which filled a 1
 * GB heap. Registrars commonly answer REGISTER statelessly (Kamailio's does); so do we. A
 * retransmission that arrives after the answer is processed afresh: a REGISTER without credentials
 * is challenged again, one with credentials repeats its nonce-count and is challenged with
 * stale=true — one round trip more, only when a response was lost. The core's
 * transaction-terminated handler skips transactions without data.
 */
public final class AnsweredRequests {
  private AnsweredRequests() {}

  /** Call after the final response to {@code request} has been sent. */
  public static void release(SipServletRequest request) {
    Transaction t = detach(request);
    if (t != null) {
      end(t);
    }
  }

  /**
   * Call after a final error response to an initial INVITE (a challenge, a refusal): its
   * application session goes now instead of when the core finds it ready. The server transaction
   * stays to absorb the caller's ACK and answer retransmissions (RFC 3261 §17.2.1); without its
   * application data the core's transaction-terminated handler skips it.
   */
  public static void releaseRefused(SipServletRequest request) {
    detach(request);
  }

  /**
   * Call after the final response to an in-dialog request that ends the dialog (BYE): its server
   * transaction goes now rather than after Timer J (32 s over UDP), which kept the whole call's
   * sessions and messages alive with it. A retransmitted BYE, if our answer was lost, then meets no
   * dialog and is answered 481, which ends the caller's transaction just as well. The caller of
   * this method must end the application session itself once the call is over.
   */
  public static void releaseTransaction(SipServletRequest request) {
    Transaction t = transaction(request);
    if (t != null) {
      t.setApplicationData(null);
      end(t);
    }
  }

  /** Ends the request's application session and unhooks its transaction; returns that. */
  private static Transaction detach(SipServletRequest request) {
    // Taken first: ending the session clears the request's link to its transaction.
    Transaction t = transaction(request);
    SipApplicationSession session = request.getApplicationSession(false);
    if (session != null && session.isValid()) {
      session.invalidate();
    }
    if (t != null) {
      t.setApplicationData(null);
    }
    return t;
  }

  private static Transaction transaction(SipServletRequest request) {
    return request instanceof MobicentsSipServletRequest m ? m.getTransaction() : null;
  }

  /**
   * Ends the transaction now. JAIN-SIP's {@code terminate()} only marks it: a non-INVITE server
   * transaction is removed by its Timer J task 32 s later, which holds it until then. So: this
   * transaction releases its references the aggressive way (nothing kept encoded for a reparse
   * nobody will ask for), is marked terminated (the Timer J task then finds nothing left to do),
   * and is cleaned up now: out of the table, request and response dropped.
   */
  private static void end(Transaction t) {
    if (t instanceof SIPTransactionImpl impl) {
      impl.setReleaseReferencesStrategy(ReleaseReferencesStrategy.Aggressive);
    }
    try {
      t.terminate();
    } catch (ObjectInUseException e) {
      return; // still in use by the stack: it ends on its own timer
    }
    if (t instanceof SIPServerTransaction st) {
      st.cleanUp();
    }
  }
}
