package org.webphone.sip.call;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import org.webphone.history.CallRecord.Disposition;

/**
 * Concurrent calls per account (as caller or callee) and per customer: a call takes a place for
 * each of its two accounts and for the customer when it starts ringing, and gives them back when it
 * ends. Over a limit, the call is refused before anything rings. The places are counted by {@link
 * Places}: on this node, or across the cluster's nodes ({@link GridPlaces}).
 *
 * <p>Threading: lock-free; safe on every thread.
 */
final class CallLimits {
  private final int perAccount;
  private final int perCustomer;
  private final Places places;

  /** Calls in progress on this node (whatever the cluster holds). */
  private final AtomicInteger here = new AtomicInteger();

  /** Why a call could not start. */
  enum Refusal {
    CALLER,
    CALLEE,
    CUSTOMER;

    /**
     * Answers the INVITE that hit this limit: a callee already in as many calls as allowed is busy
     * (486); a caller or customer over its limit is told so with 403 and a reason.
     */
    void refuse(SipServletRequest invite) throws IOException {
      SipServletResponse refusal =
          switch (this) {
            case CALLEE -> invite.createResponse(SipServletResponse.SC_BUSY_HERE, "Busy Here");
            case CALLER -> invite.createResponse(403, "Too many calls for this account");
            case CUSTOMER -> invite.createResponse(403, "Too many calls for this customer");
          };
      refusal.send();
    }

    /** How a call refused by this limit is recorded. */
    Disposition disposition() {
      return this == CALLEE ? Disposition.BUSY : Disposition.FAILED;
    }
  }

  CallLimits(int perAccount, int perCustomer) {
    this(perAccount, perCustomer, new LocalPlaces());
  }

  CallLimits(int perAccount, int perCustomer, Places places) {
    this.perAccount = perAccount;
    this.perCustomer = perCustomer;
    this.places = places;
  }

  /**
   * Takes the call's places, or none of them. A null account is a party on the phone network (the
   * far end of a trunk call): it has no place to take.
   *
   * @return null when the call may start, else which limit it hit
   */
  Refusal take(long customer, String caller, String callee) {
    if (!places.take(customer(customer), perCustomer)) {
      return Refusal.CUSTOMER;
    }
    if (caller != null && !places.take(account(caller), perAccount)) {
      places.give(customer(customer));
      return Refusal.CALLER;
    }
    if (callee != null && !places.take(account(callee), perAccount)) {
      if (caller != null) {
        places.give(account(caller));
      }
      places.give(customer(customer));
      return Refusal.CALLEE;
    }
    here.incrementAndGet();
    return null;
  }

  void give(long customer, String caller, String callee) {
    here.updateAndGet(n -> Math.max(0, n - 1));
    places.give(customer(customer));
    if (caller != null) {
      places.give(account(caller));
    }
    if (callee != null) {
      places.give(account(callee));
    }
  }

  /** Calls in progress on this node. */
  int active() {
    return here.get();
  }

  private static String customer(long id) {
    return "customer:" + id;
  }

  private static String account(String username) {
    return "account:" + username;
  }
}
