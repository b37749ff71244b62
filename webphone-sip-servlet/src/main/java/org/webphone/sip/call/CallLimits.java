package org.webphone.sip.call;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import org.webphone.history.CallRecord.Disposition;

/**
 * Concurrent calls per account (as caller or callee) and per customer, counted on this node: a call
 * takes a place for each of its two accounts and for the customer when it starts ringing, and gives
 * them back when it ends. Over a limit, the call is refused before anything rings.
 *
 * <p>Threading: lock-free; safe on every thread.
 */
final class CallLimits {
  private final int perAccount;
  private final int perCustomer;
  private final Map<String, AtomicInteger> accounts = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> customers = new ConcurrentHashMap<>();

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
    this.perAccount = perAccount;
    this.perCustomer = perCustomer;
  }

  /**
   * Takes the call's places, or none of them. A null account is a party on the phone network (the
   * far end of a trunk call): it has no place to take.
   *
   * @return null when the call may start, else which limit it hit
   */
  Refusal take(long customer, String caller, String callee) {
    if (!take(customers, customer, perCustomer)) {
      return Refusal.CUSTOMER;
    }
    if (!take(accounts, caller, perAccount)) {
      give(customers, customer);
      return Refusal.CALLER;
    }
    if (!take(accounts, callee, perAccount)) {
      give(accounts, caller);
      give(customers, customer);
      return Refusal.CALLEE;
    }
    return null;
  }

  void give(long customer, String caller, String callee) {
    give(customers, customer);
    give(accounts, caller);
    give(accounts, callee);
  }

  /** Calls in progress on this node. */
  int active() {
    return customers.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private static <K> boolean take(Map<K, AtomicInteger> counts, K key, int limit) {
    if (key == null) {
      return true;
    }
    AtomicInteger n = counts.computeIfAbsent(key, k -> new AtomicInteger());
    while (true) {
      int now = n.get();
      if (now >= limit) {
        return false;
      }
      if (n.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  private static <K> void give(Map<K, AtomicInteger> counts, K key) {
    // An entry at zero stays: removing it could race with a concurrent take.
    AtomicInteger n = key == null ? null : counts.get(key);
    if (n != null) {
      n.decrementAndGet();
    }
  }
}
