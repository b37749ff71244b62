package org.webphone.sip.registrar;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 3261 §10.3 step 7, run atomically on an address-of-record's bindings: each requested binding
 * replaces the one with the same contact URI — or, for RFC 5626 phones, the one with the same
 * {@code +sip.instance} and {@code reg-id} (§6, a new flow replaces the old one) — unless that one
 * was written by a later request of the same Call-ID; an expiry of 0 removes; expired bindings go.
 *
 * @param requested the request's bindings, expiry already resolved (0 seconds left: remove)
 * @param now the request's time, epoch milliseconds
 * @param graceMillis how long an unreachable binding is kept for its phone to reconnect
 */
record BindingMerge(List<Binding> requested, long now, long graceMillis)
    implements BindingStore.Change {
  private static final long serialVersionUID = 1L;

  /** §10.3 step 7: a CSeq not above the stored one for the same Call-ID is out of order. */
  static final class OutOfOrderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfOrderException(String message) {
      super(message);
    }
  }

  @Override
  public List<Binding> apply(List<Binding> current) {
    for (Binding r : requested) {
      for (Binding b : current) {
        if (replaces(r, b) && r.callId().equals(b.callId()) && r.cseq() <= b.cseq()) {
          throw new OutOfOrderException(
              "CSeq " + r.cseq() + " not above " + b.cseq() + " for Call-ID " + r.callId());
        }
      }
    }
    List<Binding> next = new ArrayList<>();
    for (Binding b : current) {
      if (!b.isGone(now, graceMillis) && requested.stream().noneMatch(r -> replaces(r, b))) {
        next.add(b);
      }
    }
    for (Binding r : requested) {
      if (!r.isExpired(now)) {
        next.add(r);
      }
    }
    return next;
  }

  private static boolean replaces(Binding requested, Binding existing) {
    if (requested.contact().equals(existing.contact())) {
      return true;
    }
    return requested.instanceId() != null
        && requested.instanceId().equals(existing.instanceId())
        && requested.regId() == existing.regId();
  }
}
