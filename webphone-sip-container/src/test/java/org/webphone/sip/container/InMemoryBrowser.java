package org.webphone.sip.container;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.webphone.sip.container.ws.WebSocketPeer;

/**
 * A browser's WebSocket connection held in memory, the way Netty tests a protocol on an embedded
 * channel: it keeps every frame the server sends and how the server closed it.
 */
public final class InMemoryBrowser implements WebSocketPeer {
  /** Frames from the server, in order. */
  public final BlockingQueue<String> received = new LinkedBlockingQueue<>();

  /** Counted down when the server closes the connection. */
  public final CountDownLatch closed = new CountDownLatch(1);

  /** "code reason" of the server's close, or null while open. */
  public volatile String closedWith;

  private final String address;

  /** A browser on this machine (127.0.0.1). */
  public InMemoryBrowser() {
    this("127.0.0.1");
  }

  /** A browser at {@code address} (an IP literal), as the web server saw it. */
  public InMemoryBrowser(String address) {
    this.address = address;
  }

  @Override
  public String remoteAddress() {
    return address;
  }

  @Override
  public void send(String message) {
    received.add(message);
  }

  @Override
  public void close(int code, String reason) {
    closedWith = code + " " + reason;
    closed.countDown();
  }
}
