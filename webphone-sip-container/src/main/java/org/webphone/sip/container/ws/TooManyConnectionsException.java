package org.webphone.sip.container.ws;

import java.io.IOException;

/**
 * A new WebSocket connection refused because its address holds as many connections that have not
 * signed in as it may ({@code webphone.sip.ws-max-unsigned-per-address}).
 */
public final class TooManyConnectionsException extends IOException {
  private static final long serialVersionUID = 1L;

  TooManyConnectionsException(String address, int max) {
    super(address + " holds " + max + " connections that have not signed in");
  }
}
