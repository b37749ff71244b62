package org.webphone.sip.registrar;

import java.io.Serializable;
import java.util.Objects;
import org.webphone.sip.container.Flow;

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
 * @param remotePort its source port (for WebSocket, the connection's synthetic port)
 * @param unreachableSinceMillis when the connection it was registered over closed (RFC 5626 §5.2:
 *     the registrar stops sending to it), epoch milliseconds; 0 while reachable
 * @param home the node that holds the connection it was registered over ({@code host:port}, see
 *     {@link org.webphone.sip.container.HomeHops}), or null on a node without a cluster
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
    int remotePort,
    long unreachableSinceMillis,
    String home)
    implements Serializable {

  public Binding {
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
  }

  /** Seconds left at {@code nowMillis}, never negative. */
  public long secondsLeft(long nowMillis) {
    return Math.max(0, (expiresAtMillis - nowMillis + 999) / 1000);
  }

  public boolean isExpired(long nowMillis) {
    return expiresAtMillis <= nowMillis;
  }

  public boolean isReachable() {
    return unreachableSinceMillis == 0;
  }

  /** Expired, or unreachable for longer than {@code graceMillis}: the binding goes. */
  public boolean isGone(long nowMillis, long graceMillis) {
    return isExpired(nowMillis)
        || (!isReachable() && nowMillis - unreachableSinceMillis >= graceMillis);
  }

  /** The connection this binding was registered over. */
  public Flow flow() {
    return new Flow(transport, remoteAddress, remotePort);
  }

  Binding unreachableSince(long nowMillis) {
    return new Binding(
        contact,
        expiresAtMillis,
        callId,
        cseq,
        instanceId,
        regId,
        transport,
        remoteAddress,
        remotePort,
        Math.max(1, nowMillis),
        home);
  }
}
