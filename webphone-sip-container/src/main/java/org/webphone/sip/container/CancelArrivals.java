package org.webphone.sip.container;

import gov.nist.javax.sip.stack.SIPServerTransaction;
import javax.servlet.sip.SipServletRequest;
import org.apache.log4j.Logger;
import org.mobicents.servlet.sip.core.message.MobicentsTransactionApplicationData;

/**
 * Tells the application of a caller's CANCEL <em>before</em> the container answers it.
 *
 * <p>Why: the container answers a CANCEL itself: 200 to the CANCEL and 487 to its INVITE, and only
 * then calls the servlet's {@code doCancel} (JSR 289 §10.2.6 via §6.7.1; Mobicents'
 * CancelRequestDispatcher). An application that must have something durable before the caller is
 * told its call ended (a call record, issue 30) has no other moment to do it in.
 *
 * <p>The listener runs on a JAIN-SIP worker thread, before the stack has made the CANCEL's server
 * transaction and without the container's lock on the application session: it must be quick and
 * thread-safe, and leave SIP work (cancelling forks) to {@code doCancel}, which still follows. It
 * is called once per CANCEL that matches an INVITE this node is answering; a retransmitted CANCEL
 * does not call it again. Each application sets its own listener ({@link #ATTRIBUTE}).
 */
public final class CancelArrivals {
  /**
   * The servlet context attribute an application sets to its {@link Listener} (as the container
   * sets {@code javax.servlet.sip.SipFactory}); applications without one are not told.
   */
  public static final String ATTRIBUTE = CancelArrivals.class.getName();

  /** Told of a CANCEL for {@code invite}, the caller's INVITE, before either is answered. */
  @FunctionalInterface
  public interface Listener {
    void cancelling(SipServletRequest invite);
  }

  private static final Logger LOG = Logger.getLogger(CancelArrivals.class);

  private CancelArrivals() {}

  /** Called by {@link UnservedRequestValve} for a CANCEL that matches {@code invite}. */
  static void arrived(SIPServerTransaction invite) {
    if (!(invite.getApplicationData() instanceof MobicentsTransactionApplicationData data)
        || !(data.getSipServletMessage() instanceof SipServletRequest request)) {
      return; // the INVITE has not reached an application yet: the container answers it alone
    }
    try {
      if (request.getSession().getServletContext().getAttribute(ATTRIBUTE)
          instanceof Listener listener) {
        listener.cancelling(request);
      }
    } catch (RuntimeException e) {
      // The CANCEL is still answered and doCancel still called: the application gets its usual
      // second chance there. (IllegalStateException: its session ended meanwhile.)
      LOG.warn("the CANCEL listener failed", e);
    }
  }
}
