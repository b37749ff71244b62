package org.webphone.sip.call;

import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipSession;
import javax.servlet.sip.SipURI;
import javax.servlet.sip.URI;

/**
 * One side of a call: the SIP session the B2BUA talks to a phone on, and what kind of phone that
 * is, decided once, when the leg is made (the caller's from the transport its INVITE came on, a
 * fork's from the contact it goes to) and never looked up again. The media anchor keys its legs by
 * this value.
 *
 * <p>Two legs are equal when they are the same SIP session.
 *
 * <p>Threading: immutable.
 */
public final class Leg {
  /** What talks on a leg, which decides how the anchor carries its media. */
  public enum Kind {
    /** A browser (WebRTC over a WebSocket): ICE and DTLS-SRTP with the anchor. */
    BROWSER,
    /** A SIP phone or trunk: its SDP as it is, or plain RTP with a port pair of the anchor's. */
    PHONE;

    /** The kind of the phone that sent {@code request}: a browser when it came over WebSocket. */
    public static Kind of(SipServletRequest request) {
      String transport = request.getTransport();
      return "WS".equalsIgnoreCase(transport) || "WSS".equalsIgnoreCase(transport)
          ? BROWSER
          : PHONE;
    }

    /**
     * The kind of the phone at {@code contact}: a browser when it registered over WebSocket (RFC
     * 7118 §5: {@code transport=ws} or wss).
     */
    public static Kind of(URI contact) {
      if (!(contact instanceof SipURI uri)) {
        return PHONE;
      }
      String transport = uri.getTransportParam();
      return "ws".equalsIgnoreCase(transport) || "wss".equalsIgnoreCase(transport)
          ? BROWSER
          : PHONE;
    }
  }

  private final SipSession session;
  private final Kind kind;
  private final String id;

  public Leg(SipSession session, Kind kind) {
    this.session = session;
    this.kind = kind;
    this.id = session.getId();
  }

  public SipSession session() {
    return session;
  }

  public Kind kind() {
    return kind;
  }

  public boolean browser() {
    return kind == Kind.BROWSER;
  }

  /** The SIP session's id. */
  public String id() {
    return id;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Leg other && other.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return kind + " " + id;
  }
}
