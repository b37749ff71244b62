package org.webphone.sip.call;

import javax.servlet.sip.SipServletResponse;

/**
 * A transfer in progress in a call (RFC 3515 REFER), one at a time: blind ({@link
 * Transfers.Attempt}: the target is called afresh) or attended ({@link AttendedTransfers.Attempt}:
 * the target is already in a call the REFER's Replaces names, RFC 3891).
 *
 * <p>Threading: implementations are thread-safe.
 */
sealed interface Transfer permits Transfers.Attempt, AttendedTransfers.Attempt {
  /** The target's 2xx once it answered, else null. */
  SipServletResponse targetOk();

  /**
   * The transfer is over, completed or failed.
   *
   * @return true for the one caller that ended it (who then finishes the calls)
   */
  boolean finish();
}
