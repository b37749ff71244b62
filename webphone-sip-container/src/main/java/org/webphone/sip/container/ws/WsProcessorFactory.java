package org.webphone.sip.container.ws;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes JAIN-SIP's message processors: WS and WSS ours, every other transport the stack's default
 * (blocking I/O). Installed on the stack after it is created and before any listening point.
 */
public final class WsProcessorFactory implements MessageProcessorFactory {
  private final MessageProcessorFactory others = new OIOMessageProcessorFactory();
  private final Map<String, WsMessageProcessor> webSockets = new ConcurrentHashMap<>();

  @Override
  public MessageProcessor createMessageProcessor(
      SIPTransactionStack stack, InetAddress address, int port, String transport)
      throws IOException {
    if (transport.equalsIgnoreCase("WS") || transport.equalsIgnoreCase("WSS")) {
      WsMessageProcessor p = new WsMessageProcessor(address, stack, port, transport.toUpperCase());
      webSockets.put(transport.toUpperCase(), p);
      return p;
    }
    return others.createMessageProcessor(stack, address, port, transport);
  }

  /**
   * Hands a browser's new connection to the WS (or, {@code secure}, WSS) transport.
   *
   * @throws IOException when that transport is not configured
   */
  public WebSocketConnection open(WebSocketPeer peer, boolean secure) throws IOException {
    WsMessageProcessor p = webSockets.get(secure ? "WSS" : "WS");
    if (p == null) {
      throw new IOException((secure ? "WSS" : "WS") + " is not enabled");
    }
    return new WebSocketConnection(p.open(peer));
  }
}
