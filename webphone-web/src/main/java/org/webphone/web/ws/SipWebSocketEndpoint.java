package org.webphone.web.ws;

import jakarta.ejb.EJB;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.webphone.sip.container.ws.TooManyConnectionsException;
import org.webphone.sip.container.ws.WebSocketConnection;
import org.webphone.web.sip.SipContainerService;

/**
 * {@code /sip}: SIP over WebSocket (RFC 7118) on the server's HTTP and HTTPS listeners, so that a
 * browser's signalling shares the page's port. The handshake was checked by {@link
 * SipHandshakeFilter}; each text frame goes to the SIP container as one SIP message.
 *
 * <p>Threading: the web container calls these methods one at a time per session.
 */
@ServerEndpoint(value = "/sip", subprotocols = "sip", configurator = SipEndpointConfigurator.class)
public class SipWebSocketEndpoint {
  private static final Logger LOG = Logger.getLogger(SipWebSocketEndpoint.class.getName());
  private static final String CONNECTION = WebSocketConnection.class.getName();
  private static final String PEER = JakartaPeer.class.getName();

  /** RFC 7118 §4.2 messages are small; anything this large is not SIP from a phone. */
  static final int MAX_FRAME = 64 * 1024;

  @EJB SipContainerService sip;

  @EJB KeepAlive keepAlive;

  @OnOpen
  public void open(Session session) throws IOException {
    keepAlive.adopt(session);
    session.setMaxTextMessageBufferSize(MAX_FRAME);
    // KeepAlive closes connections that stop answering pings; the container's idle timer would also
    // count what we send, so it stays off.
    session.setMaxIdleTimeout(0);
    try {
      JakartaPeer peer = new JakartaPeer(session);
      WebSocketConnection connection = sip.openWebSocket(peer, session.isSecure());
      session.getUserProperties().put(CONNECTION, connection);
      session.getUserProperties().put(PEER, peer);
      keepAlive.track(peer);
    } catch (TooManyConnectionsException e) {
      // Counted (webphone_sip_websocket_refused); a log line each would let the refused fill it.
      session.close(
          new CloseReason(
              CloseReason.CloseCodes.VIOLATED_POLICY, "too many connections not signed in"));
    } catch (IOException e) {
      LOG.warning("SIP over WebSocket refused: " + e.getMessage());
      session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "SIP not available"));
    }
  }

  @OnMessage(maxMessageSize = MAX_FRAME)
  public void message(Session session, String frame) {
    heard(session);
    WebSocketConnection connection =
        (WebSocketConnection) session.getUserProperties().get(CONNECTION);
    if (connection != null) {
      connection.receive(frame);
    }
  }

  /** The browser answered a ping: it is still there. */
  @OnMessage
  public void pong(Session session, PongMessage pong) {
    heard(session);
  }

  private static void heard(Session session) {
    if (session.getUserProperties().get(PEER) instanceof JakartaPeer peer) {
      peer.heard();
    }
  }

  /**
   * Tyrus closes a connection whose frame is over {@link #MAX_FRAME} with 1009 and then reports it
   * here; left unhandled it logged a stack trace per frame, which lets any peer fill the log. Other
   * errors are bugs and keep theirs.
   */
  @OnError
  public void error(Session session, Throwable error) {
    if (error.getClass().getSimpleName().equals("MessageTooBigException")) {
      LOG.fine(() -> "WebSocket frame over " + MAX_FRAME + " bytes: " + error.getMessage());
    } else {
      LOG.log(Level.WARNING, "SIP over WebSocket failed", error);
    }
  }

  @OnClose
  public void close(Session session) {
    if (session.getUserProperties().remove(PEER) instanceof JakartaPeer peer) {
      keepAlive.forget(peer);
    }
    WebSocketConnection connection =
        (WebSocketConnection) session.getUserProperties().remove(CONNECTION);
    if (connection != null) {
      connection.closed();
    }
  }
}
