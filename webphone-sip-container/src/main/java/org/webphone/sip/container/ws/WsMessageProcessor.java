package org.webphone.sip.container.ws;

import gov.nist.core.HostPort;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.ThreadAffinityExecutor;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageProcessor;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.webphone.sip.container.Flow;
import org.webphone.sip.container.Flows;

/**
 * JAIN-SIP's view of the WS or WSS transport: it binds no socket (the web server owns the HTTP
 * listener and hands over each upgraded connection), and it finds a channel only among the
 * connections browsers opened — it never dials one (RFC 7118 §5: requests to a browser go over the
 * connection it registered on).
 *
 * <p>Each connection gets a synthetic port that stands for it in the channel key and in Via {@code
 * rport} (Jakarta WebSocket exposes no peer port), never one another connection of the same address
 * holds or held within {@link FlowClaims#REST}; contact hosts stay with the account that routed
 * them ({@link FlowClaims}).
 */
final class WsMessageProcessor extends ConnectionOrientedMessageProcessor {
  private final FlowClaims claims;

  /** The stack's WebSocket transports (WS and WSS) by name, this one among them. */
  private final Map<String, WsMessageProcessor> transports;

  private final int maxUnsignedPerAddress;
  private final boolean secure;
  private final Consumer<Flow> onClosed;

  /**
   * Frames of each connection run in order on one thread of this pool, keyed by the connection.
   * Ours, not the stack's self-routing pool: JAIN-SIP keeps that one in a static field, shared by
   * every stack in the JVM and shut down when any of them stops (a test's container stopping
   * rejected the next container's frames).
   */
  private final int frameThreads;

  private volatile ThreadAffinityExecutor frames;

  WsMessageProcessor(
      InetAddress address,
      SIPTransactionStack stack,
      int port,
      String transport,
      Consumer<Flow> onClosed,
      LongSupplier nanos,
      int maxUnsignedPerAddress,
      Map<String, WsMessageProcessor> transports) {
    super(address, port, transport, stack);
    this.transports = transports;
    this.claims = new FlowClaims(nanos);
    this.maxUnsignedPerAddress = maxUnsignedPerAddress;
    this.secure = transport.equalsIgnoreCase("WSS");
    this.onClosed = onClosed;
    this.frameThreads =
        stack instanceof SipStackImpl impl
            ? Integer.parseInt(
                impl.getConfigurationProperties()
                    .getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "16"))
            : 16;
  }

  /** Runs {@code frame} on its connection's thread. */
  void execute(Runnable frame) {
    frames.execute(frame);
  }

  /**
   * Registers a browser's new connection and returns the channel its messages enter by.
   *
   * @throws TooManyConnectionsException when its address holds as many connections that have not
   *     signed in as it may
   */
  WsMessageChannel open(WebSocketPeer peer) throws IOException {
    InetAddress address = InetAddress.getByName(peer.remoteAddress()); // an IP literal: no DNS
    String source = address.getHostAddress();
    if (!claims.admitUnsigned(source, maxUnsignedPerAddress)) {
      throw new TooManyConnectionsException(source, maxUnsignedPerAddress);
    }
    while (true) {
      int port =
          claims.takePort(
              source,
              p -> !messageChannels.containsKey(MessageChannel.getKey(address, p, getTransport())));
      if (port < 0) {
        claims.unsignedGone(source);
        throw new IOException("no flow identity left for " + peer.remoteAddress());
      }
      WsMessageChannel channel = new WsMessageChannel(sipStack, this, peer, port);
      // Another connection of the address can only have the port after a whole turn of them.
      if (messageChannels.putIfAbsent(channel.getKey(), channel) == null) {
        incomingMessageChannels.put(channel.getKey(), channel);
        return channel;
      }
    }
  }

  /** The channel has closed: it leaves the stack's tables; its port and hosts rest. */
  void forget(WsMessageChannel channel) {
    remove(channel);
    if (channel.unsigned.compareAndSet(true, false)) {
      claims.unsignedGone(channel.flow().remoteAddress());
    }
    claims.released(channel.flow().remoteAddress(), channel.flow().remotePort(), channel);
    onClosed.accept(channel.flow());
  }

  int openConnections() {
    return messageChannels.size();
  }

  /** See {@link WsProcessorFactory#closeIdle}. */
  int closeIdle(int max, String reason) {
    int closed = 0;
    for (ConnectionOrientedMessageChannel c : messageChannels.values()) {
      if (closed >= max) {
        break;
      }
      if (c instanceof WsMessageChannel ws && ws.isOpen() && ws.idle()) {
        ws.goAway(reason);
        closed++;
      }
    }
    return closed;
  }

  /** Open connections of {@code address} that have not signed in. */
  int unsignedConnections(String address) {
    return claims.unsigned(address);
  }

  /** See {@link org.webphone.sip.container.Flows#route}. */
  Flows.Routed route(String host, int port, Flow flow, String owner) {
    WsMessageChannel channel = channel(flow);
    if (channel == null) {
      return Flows.Routed.CLOSED;
    }
    if (!claims.claimHost(routeKey(host, port), channel, owner)) {
      return Flows.Routed.TAKEN;
    }
    if (channel.unsigned.compareAndSet(true, false)) {
      claims.unsignedGone(flow.remoteAddress());
    }
    // Closed while we routed: forget() may have run before the claim, which then rests at once.
    return channel.isOpen() ? Flows.Routed.ROUTED : Flows.Routed.CLOSED;
  }

  Optional<Flow> routeOf(String host, int port) {
    WsMessageChannel routed = routed(host, port);
    return routed == null ? Optional.empty() : Optional.of(routed.flow());
  }

  /** The open connection a contact host (and port) is routed to, or null. */
  private WsMessageChannel routed(String host, int port) {
    WsMessageChannel routed = claims.routed(routeKey(host, port));
    return routed == null && port >= 0 ? claims.routed(routeKey(host, -1)) : routed;
  }

  /** Whether a request for contact host {@code host} and {@code port} has an open connection. */
  boolean reaches(String host, int port) {
    WsMessageChannel routed = routed(host, port);
    return routed != null && routed.isOpen();
  }

  WsMessageChannel channel(Flow flow) {
    try {
      InetAddress address = InetAddress.getByName(flow.remoteAddress()); // an IP literal: no DNS
      ConnectionOrientedMessageChannel c =
          messageChannels.get(MessageChannel.getKey(address, flow.remotePort(), getTransport()));
      return c instanceof WsMessageChannel ws && ws.isOpen() ? ws : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String routeKey(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    return port < 0 ? h : h + ":" + port;
  }

  /**
   * The only place the stack picks a connection for a next hop. An address and port naming a
   * connection (what {@link FlowLocator} makes of a routed contact) go over it; a routed contact
   * the stack asks for directly (an {@code .invalid} host, RFC 7118 §5) goes over its phone's
   * current connection; anything else fails — a browser is never dialled.
   */
  @Override
  public MessageChannel createMessageChannel(HostPort target) throws IOException {
    String host = target.getHost().getHostname();
    if (FlowLocator.isIpLiteral(host)) {
      ConnectionOrientedMessageChannel channel =
          messageChannels.get(MessageChannel.getKey(target, getTransport()));
      if (channel != null) {
        return channel;
      }
    }
    WsMessageChannel routed = routed(host, target.getPort());
    if (routed == null) {
      // A browser writes transport=ws in its contact over WSS too (JsSIP does): a hop chosen from
      // the contact alone (the stateless relay of an ACK, RFC 3261 §16.11) names the wrong
      // transport. Its connection is the same whichever transport names it.
      for (WsMessageProcessor other : transports.values()) {
        routed = other == this ? null : other.routed(host, target.getPort());
        if (routed != null) {
          return routed;
        }
      }
    }
    if (routed == null) {
      // Never resolved: a browser's made-up host name would make MessageChannel.getKey ask DNS.
      throw new IOException("no " + getTransport() + " connection for " + target);
    }
    return routed;
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
    frames = new ThreadAffinityExecutor(frameThreads);
    isRunning = true;
  }

  @Override
  public void stop() {
    isRunning = false;
    ThreadAffinityExecutor f = frames;
    if (f != null) {
      f.shutdown();
    }
    for (ConnectionOrientedMessageChannel c : List.copyOf(messageChannels.values())) {
      c.close();
    }
    messageChannels.clear();
    claims.clear();
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
