package org.webphone.sip.container;

import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransactionImpl;
import java.lang.reflect.Field;
import javax.servlet.sip.SipApplicationSession;
import javax.servlet.sip.SipServletRequest;
import javax.sip.ObjectInUseException;
import javax.sip.Transaction;
import org.mobicents.servlet.sip.core.message.MobicentsSipServletRequest;

/**
 * Lets go of a request that has had its final answer and opens no dialog (REGISTER, OPTIONS): its
 * SIP application session, and the core's data on its server transaction. The transaction itself
 * stays for Timer J (32 s over UDP, RFC 3261 §17.2.2) to answer retransmissions from the encoded
 * response; everything else it pointed to — the parsed request, the servlet request, the session —
 * would otherwise stay with it, about 9 KB a request, which at 2,000 registrations per second is
 * more than a 1 GB heap holds. The core's transaction-terminated handler skips transactions without
 * data.
 */
public final class AnsweredRequests {
  private static final Field ORIGINAL_REQUEST_BYTES = originalRequestBytesField();

  private AnsweredRequests() {}

  /** Call after the final response to {@code request} has been sent. */
  public static void release(SipServletRequest request) {
    // Taken first: ending the session clears the request's link to its transaction.
    Transaction t = request instanceof MobicentsSipServletRequest m ? m.getTransaction() : null;
    SipApplicationSession session = request.getApplicationSession(false);
    if (session != null && session.isValid()) {
      session.invalidate();
    }
    if (t != null) {
      t.setApplicationData(null);
      end(t);
    }
  }

  /**
   * Ends the transaction now. JAIN-SIP's {@code terminate()} only marks it: a non-INVITE server
   * transaction is removed by its Timer J task 32 s later, which holds it until then. So: mark it
   * terminated (the task then does nothing but its clean-up), clean it up now (out of the table,
   * the parsed request and response encoded and dropped), and drop the encoded request too — the
   * task's clean-up would otherwise parse it once more, for nothing.
   */
  private static void end(Transaction t) {
    try {
      t.terminate();
    } catch (ObjectInUseException e) {
      return; // still in use by the stack: it ends on its own timer
    }
    if (t instanceof SIPServerTransaction st) {
      st.cleanUp();
      if (ORIGINAL_REQUEST_BYTES != null) {
        try {
          ORIGINAL_REQUEST_BYTES.set(st, null);
        } catch (IllegalAccessException e) {
          // kept: parsed once more at Timer J, then freed
        }
      }
    }
  }

  private static Field originalRequestBytesField() {
    try {
      Field f = SIPTransactionImpl.class.getDeclaredField("originalRequestBytes");
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      return null;
    }
  }
}
