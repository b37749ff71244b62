package org.webphone.sip.registrar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 3261 §10.3 step 7, run atomically on an address-of-record's bindings: each requested binding
 * replaces the one with the same contact URI — or, for RFC 5626 phones, the one with the same
 * {@code +sip.instance} and {@code reg-id} (§6, a new flow replaces the old one) — unless that one
 * was written by a later request of the same Call-ID; an expiry of 0 removes; expired bindings go.
 *
 * @param requested the request's bindings, expiry already resolved (0 seconds left: remove)
 * @param now the request's time, epoch milliseconds
 * @param graceMillis how long an unreachable binding is kept for its phone to reconnect
 * @param maxContacts the most contacts the address-of-record keeps: past it the oldest go (RFC 3261
 *     §10.3 leaves the number to the registrar; one account must not make the node fork a call to
 *     thousands of contacts). The bindings of one RFC 5626 instance count once
 */
record BindingMerge(List<Binding> requested, long now, long graceMillis, int maxContacts)
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
    return capped(next);
  }

  /** The newest {@link #maxContacts} contacts of {@code bindings}, which lists the oldest first. */
  private List<Binding> capped(List<Binding> bindings) {
    Map<String, Integer> newest = new HashMap<>();
    for (int i = 0; i < bindings.size(); i++) {
      newest.put(contactOf(bindings.get(i)), i);
    }
    if (newest.size() <= maxContacts) {
      return bindings;
    }
    List<Integer> order = new ArrayList<>(newest.values());
    order.sort(null);
    int oldestKept = order.get(order.size() - maxContacts);
    List<Binding> kept = new ArrayList<>();
    for (Binding b : bindings) {
      if (newest.get(contactOf(b)) >= oldestKept) {
        kept.add(b);
      }
    }
    return kept;
  }

  /** What counts as one contact: an RFC 5626 instance (all its flows), else the contact URI. */
  private static String contactOf(Binding b) {
    return b.instanceId() != null ? "instance " + b.instanceId() : "contact " + b.contact();
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
