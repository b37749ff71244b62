package org.webphone.sip.container.ws;

import java.io.IOException;

/**
 * One browser's WebSocket connection (RFC 7118), as the web tier holds it. The container never
 * dials a browser: it only writes to connections that browsers opened.
 *
 * <p>Threading: {@link #send} is called from JAIN-SIP threads and must not block for long (send
 * asynchronously with a bound); {@link #close} from any thread.
 */
public interface WebSocketPeer {
  /** The browser's IP address as the server saw it. */
  String remoteAddress();

  /** Sends one SIP message as one text frame. */
  void send(String message) throws IOException;

  /** Closes the connection with a WebSocket close code and reason. */
  void close(int code, String reason);
}
