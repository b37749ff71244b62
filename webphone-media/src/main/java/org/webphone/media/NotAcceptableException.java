package org.webphone.media;

/**
 * An offer or answer the anchor cannot carry: no voice codec it relays, or no ICE credentials or
 * fingerprint where a browser must send them. The call servlet answers 488 Not Acceptable Here (RFC
 * 3261 §21.4.26) with this message as the reason.
 */
public final class NotAcceptableException extends Exception {
  private static final long serialVersionUID = 1L;

  public NotAcceptableException(String reason) {
    super(reason);
  }
}
