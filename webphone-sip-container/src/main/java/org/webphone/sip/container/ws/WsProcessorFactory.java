package org.webphone.sip.container.ws;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.log4j.Logger;
import org.mobicents.ext.javax.sip.dns.DNSServerLocator;
import org.webphone.sip.container.Flow;
import org.webphone.sip.container.Flows;

/**
 * Makes JAIN-SIP's message processors: WS and WSS ours, every other transport the stack's default
 * (blocking I/O). Installed on the stack after it is created and before any listening point.
 */
public final class WsProcessorFactory implements MessageProcessorFactory, Flows {
  private static final Logger LOG = Logger.getLogger(WsProcessorFactory.class);
  private final MessageProcessorFactory others = new OIOMessageProcessorFactory();
  private final Map<String, WsMessageProcessor> webSockets = new ConcurrentHashMap<>();
  private final List<Consumer<Flow>> closeListeners = new CopyOnWriteArrayList<>();
  private final LongSupplier nanos;
  private final int maxUnsignedPerAddress;
  private final java.util.concurrent.atomic.AtomicLong refusedConnections =
      new java.util.concurrent.atomic.AtomicLong();

  /** The default allowance for connections that have not signed in, per address. */
  public static final int DEFAULT_MAX_UNSIGNED_PER_ADDRESS = 20;

  public WsProcessorFactory() {
    this(System::nanoTime);
  }

  /**
   * @param nanos the clock that flow identities and contact hosts rest by (tests drive it)
   */
  public WsProcessorFactory(LongSupplier nanos) {
    this(nanos, DEFAULT_MAX_UNSIGNED_PER_ADDRESS);
  }

  /**
   * @param maxUnsignedPerAddress how many open connections of one address may have routed no
   *     contact yet (no REGISTER or SUBSCRIBE got through); the next one is refused
   */
  public WsProcessorFactory(LongSupplier nanos, int maxUnsignedPerAddress) {
    if (maxUnsignedPerAddress < 1) {
      throw new IllegalArgumentException(
          "webphone.sip.ws-max-unsigned-per-address must be at least 1, not "
              + maxUnsignedPerAddress);
    }
    this.nanos = nanos;
    this.maxUnsignedPerAddress = maxUnsignedPerAddress;
  }

  @Override
  public MessageProcessor createMessageProcessor(
      SIPTransactionStack stack, InetAddress address, int port, String transport)
      throws IOException {
    if (transport.equalsIgnoreCase("WS") || transport.equalsIgnoreCase("WSS")) {
      WsMessageProcessor p =
          new WsMessageProcessor(
              address,
              stack,
              port,
              transport.toUpperCase(),
              this::closed,
              nanos,
              maxUnsignedPerAddress,
              webSockets);
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
    try {
      return new WebSocketConnection(p.open(peer));
    } catch (TooManyConnectionsException e) {
      refusedConnections.incrementAndGet();
      throw e;
    }
  }

  /** Connections refused since start because their address held too many unsigned ones. */
  public long refusedConnections() {
    return refusedConnections.get();
  }

  /** Open connections of {@code address} (an IP literal) that have not signed in. */
  public int unsignedConnections(String address) {
    return webSockets.values().stream().mapToInt(p -> p.unsignedConnections(address)).sum();
  }

  @Override
  public Routed route(String host, int port, Flow flow, String owner) {
    WsMessageProcessor p = webSockets.get(flow.transport());
    return p == null ? Routed.CLOSED : p.route(host, port, flow, owner);
  }

  /** The connection a contact's host (and port) is routed to, if any. */
  Optional<Flow> routeOf(String host, int port) {
    for (WsMessageProcessor p : webSockets.values()) {
      Optional<Flow> f = p.routeOf(host, port);
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  /**
   * The next-hop locator the core must use with these transports: it sends requests for routed
   * contacts over their connections and never asks DNS for a browser's made-up host.
   *
   * @param toSources whether a URI's {@link org.webphone.sip.container.SourceAlias} names its next
   *     hop
   */
  public DNSServerLocator hopLocator(boolean toSources) {
    return new FlowLocator(this, toSources);
  }

  @Override
  public boolean isOpen(Flow flow) {
    WsMessageProcessor p = webSockets.get(flow.transport());
    return p != null && p.channel(flow) != null;
  }

  @Override
  public boolean reaches(String host, int port) {
    return webSockets.values().stream().anyMatch(p -> p.reaches(host, port));
  }

  /** Open WebSocket connections, WS and WSS together. */
  public int openConnections() {
    return webSockets.values().stream().mapToInt(WsMessageProcessor::openConnections).sum();
  }

  /**
   * Closes up to {@code max} connections that carry no call ({@link InviteDialogs}), with 1001
   * (going away): their phones connect again, through the front, to another node. For a node that
   * drains.
   *
   * @return how many it closed
   */
  public int closeIdle(int max, String reason) {
    int closed = 0;
    for (WsMessageProcessor p : webSockets.values()) {
      closed += p.closeIdle(max - closed, reason);
    }
    return closed;
  }

  @Override
  public void onClosed(Consumer<Flow> listener) {
    closeListeners.add(listener);
  }

  private void closed(Flow flow) {
    for (Consumer<Flow> l : closeListeners) {
      try {
        l.accept(flow);
      } catch (RuntimeException e) {
        LOG.warn("a listener failed on the close of " + flow, e);
      }
    }
  }
}
