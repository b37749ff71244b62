package org.webphone.sip.container.ws;

/**
 * The SIP side of one browser connection: the web tier passes each text frame in and says when the
 * connection has closed.
 */
public final class WebSocketConnection {
  private final WsMessageChannel channel;

  WebSocketConnection(WsMessageChannel channel) {
    this.channel = channel;
  }

  /** One text frame from the browser: one SIP message (RFC 7118 §4.2). */
  public void receive(String frame) {
    channel.receive(frame);
  }

  /** How the registrar and other features name this connection (RFC 5626 flow). */
  public org.webphone.sip.container.Flow flow() {
    return channel.flow();
  }

  /** The browser's connection has closed; requests can no longer reach it this way. */
  public void closed() {
    channel.close();
  }
}
