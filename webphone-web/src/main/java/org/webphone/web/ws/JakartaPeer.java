package org.webphone.web.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.function.LongSupplier;
import org.webphone.sip.container.ws.WebSocketPeer;

/**
 * A browser's connection as the SIP container sees it. Sends are asynchronous with a timeout, so
 * that one slow browser cannot hold a JAIN-SIP thread.
 */
final class JakartaPeer implements WebSocketPeer {
  private static final long SEND_TIMEOUT_MILLIS = 5_000;
  private final Session session;
  private final String remoteAddress;

  private final LongSupplier ticker;

  /** When a frame (SIP, CRLF or pong) last arrived, by {@link #ticker}; see {@link KeepAlive}. */
  private volatile long lastHeardNanos;

  JakartaPeer(Session session) {
    this(session, System::nanoTime);
  }

  /**
   * @param ticker monotonic nanoseconds ({@code System::nanoTime}; a test's own, as its
   *     KeepAlive's)
   */
  JakartaPeer(Session session, LongSupplier ticker) {
    this.session = session;
    this.ticker = ticker;
    this.lastHeardNanos = ticker.getAsLong();
    this.session.getAsyncRemote().setSendTimeout(SEND_TIMEOUT_MILLIS);
    this.remoteAddress = remoteAddress(session);
  }

  Session session() {
    return session;
  }

  /** A frame arrived: a plain volatile write, on every frame. */
  void heard() {
    lastHeardNanos = ticker.getAsLong();
  }

  long silentNanos(long nowNanos) {
    return nowNanos - lastHeardNanos;
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public void send(String message) throws IOException {
    if (!session.isOpen()) {
      throw new IOException("WebSocket " + session.getId() + " is closed");
    }
    session.getAsyncRemote().sendText(message);
  }

  @Override
  public void close(int code, String reason) {
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    } catch (IOException e) {
      // already gone
    }
  }

  /**
   * Jakarta WebSocket exposes no peer address; Tyrus (Payara's implementation) does, on its session
   * class. Without it, the loopback address stands in (Via received then says so).
   */
  private static String remoteAddress(Session session) {
    try {
      Method m = session.getClass().getMethod("getRemoteAddr");
      Object addr = m.invoke(session);
      return addr == null ? "127.0.0.1" : addr.toString();
    } catch (ReflectiveOperationException e) {
      return "127.0.0.1";
    }
  }
}
