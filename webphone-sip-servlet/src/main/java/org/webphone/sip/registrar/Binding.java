package org.webphone.sip.registrar;

import java.io.Serializable;
import java.util.Objects;

/**
 * One contact bound to an address-of-record (RFC 3261 §10.3), as stored in the location service.
 * Immutable and serializable: it travels through the cluster's data grid.
 *
 * @param contact the Contact URI, as the phone sent it
 * @param expiresAtMillis when the binding ends, epoch milliseconds
 * @param callId the Call-ID of the REGISTER that last refreshed it (§10.3 step 7)
 * @param cseq its CSeq number
 * @param instanceId the {@code +sip.instance} parameter (RFC 5626 §4.1), or null
 * @param regId the {@code reg-id} parameter (RFC 5626 §4.2), or 0
 * @param transport the transport the REGISTER arrived on
 * @param remoteAddress the source address the REGISTER arrived from
 * @param remotePort its source port
 */
public record Binding(
    String contact,
    long expiresAtMillis,
    String callId,
    long cseq,
    String instanceId,
    int regId,
    String transport,
    String remoteAddress,
    int remotePort)
    implements Serializable {

  public Binding {
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(callId, "callId");
  }

  /** Seconds left at {@code nowMillis}, never negative. */
  public long secondsLeft(long nowMillis) {
    return Math.max(0, (expiresAtMillis - nowMillis + 999) / 1000);
  }

  public boolean isExpired(long nowMillis) {
    return expiresAtMillis <= nowMillis;
  }
}
