package org.webphone.sip.container.ws;

import gov.nist.core.HostPort;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageProcessor;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JAIN-SIP's view of the WS or WSS transport: it binds no socket (the web server owns the HTTP
 * listener and hands over each upgraded connection), and it finds a channel only among the
 * connections browsers opened — it never dials one (RFC 7118 §5: requests to a browser go over the
 * connection it registered on).
 *
 * <p>Each connection gets a synthetic port, unique per processor, that stands for it in the channel
 * key and in Via {@code rport}: Jakarta WebSocket exposes no peer port.
 */
final class WsMessageProcessor extends ConnectionOrientedMessageProcessor {
  private final AtomicInteger nextPort = new AtomicInteger(10_000);
  private final boolean secure;

  WsMessageProcessor(InetAddress address, SIPTransactionStack stack, int port, String transport) {
    super(address, port, transport, stack);
    this.secure = transport.equalsIgnoreCase("WSS");
  }

  /** Registers a browser's new connection and returns the channel its messages enter by. */
  WsMessageChannel open(WebSocketPeer peer) throws IOException {
    int syntheticPort = nextPort.getAndUpdate(p -> p >= 65_000 ? 10_000 : p + 1);
    WsMessageChannel channel = new WsMessageChannel(sipStack, this, peer, syntheticPort);
    incomingMessageChannels.put(channel.getKey(), channel);
    messageChannels.put(channel.getKey(), channel);
    return channel;
  }

  void forget(WsMessageChannel channel) {
    remove(channel);
  }

  @Override
  public MessageChannel createMessageChannel(HostPort target) throws IOException {
    String key = MessageChannel.getKey(target, getTransport());
    ConnectionOrientedMessageChannel channel = messageChannels.get(key);
    if (channel == null) {
      throw new IOException("no " + getTransport() + " connection from " + target);
    }
    return channel;
  }

  @Override
  public MessageChannel createMessageChannel(InetAddress host, int port) throws IOException {
    HostPort hp = new HostPort();
    hp.setHost(new gov.nist.core.Host(host.getHostAddress()));
    hp.setPort(port);
    return createMessageChannel(hp);
  }

  @Override
  public void start() {
    isRunning = true;
  }

  @Override
  public void stop() {
    isRunning = false;
    for (ConnectionOrientedMessageChannel c : messageChannels.values()) {
      c.close();
    }
    messageChannels.clear();
    incomingMessageChannels.clear();
  }

  /** The stock implementation builds its key with "TCP" whatever the transport (RI bug). */
  @Override
  public boolean closeReliableConnection(String peerAddress, int peerPort) {
    HostPort hp = new HostPort();
    hp.setHost(new gov.nist.core.Host(peerAddress));
    hp.setPort(peerPort);
    ConnectionOrientedMessageChannel channel =
        messageChannels.get(MessageChannel.getKey(hp, getTransport()));
    if (channel == null) {
      return false;
    }
    channel.close();
    return true;
  }

  @Override
  public int getDefaultTargetPort() {
    return secure ? 443 : 80;
  }

  @Override
  public boolean isSecure() {
    return secure;
  }
}
