package org.webphone.sip.container;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * A phone's connection as the server sees it (RFC 5626 §3.1 "flow"): transport, and the phone's
 * address and port on it. For WebSocket the port is the synthetic one the container gave the
 * connection (Jakarta WebSocket shows no peer port), the same that Via {@code rport} carries, so
 * {@code request.getRemotePort()} names the flow.
 */
public record Flow(String transport, String remoteAddress, int remotePort) implements Serializable {

  public Flow {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    transport = transport.toUpperCase(Locale.ROOT);
  }

  /** Connection-oriented transports have flows that close; a UDP "flow" never does. */
  public boolean isWebSocket() {
    return transport.equals("WS") || transport.equals("WSS");
  }

  @Override
  public String toString() {
    return transport + ":" + remoteAddress + ":" + remotePort;
  }
}
