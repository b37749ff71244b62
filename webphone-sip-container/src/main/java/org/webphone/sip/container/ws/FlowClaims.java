package org.webphone.sip.container.ws;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.webphone.sip.container.Flows;

/**
 * Who holds what among a transport's WebSocket connections, so that one phone's flow can never be
 * taken for another's:
 *
 * <ul>
 *   <li><b>Flow identities.</b> Each connection is known by its peer's address and a synthetic port
 *       (Jakarta WebSocket shows no peer port), which is what bindings (RFC 5626 flows) and Via
 *       {@code rport} name. A port is handed to one open connection of an address at a time, and
 *       after that connection closes it rests for {@link #REST} before the address's next
 *       connection may get it: bindings of the closed flow wait out the registrar's grace period
 *       for their phone, and must not reach whoever connects next from the same NAT.
 *   <li><b>Contact hosts.</b> A browser's contact names a made-up host (RFC 7118 §5) that requests
 *       are routed by. The account that routed a host first keeps it while its connection is open
 *       and for {@link #REST} after; another account cannot take it over (it would receive the
 *       first one's calls), the same account can (a phone that reconnected).
 *   <li><b>Connections that have not signed in.</b> An address may hold only so many connections
 *       that have routed no contact yet (no REGISTER or SUBSCRIBE got through): a stranger cannot
 *       hold thousands of idle connections from one address, while a call centre behind one NAT is
 *       limited only by what its phones do before they sign in.
 * </ul>
 *
 * <p>Threading: safe on every thread; each decision is one atomic map operation.
 */
final class FlowClaims {
  /** Longer than the longest webphone.registrar.flow-grace-period (RegistrarConfig checks). */
  static final Duration REST = Flows.REST_AFTER_CLOSE;

  static final int FIRST_PORT = 10_000;
  static final int LAST_PORT = 65_000;

  private final LongSupplier nanos;
  private final AtomicInteger nextPort = new AtomicInteger(FIRST_PORT);
  private final Map<String, Long> restingPorts = new ConcurrentHashMap<>();
  private final Map<String, Claim> hosts = new ConcurrentHashMap<>();
  private final AtomicInteger releases = new AtomicInteger();
  private final Map<String, Integer> unsigned = new ConcurrentHashMap<>();

  /** A contact host's holder: its connection while open, then when it closed (-1: open). */
  record Claim(WsMessageChannel channel, String owner, long closedAt) {}

  FlowClaims(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /**
   * A synthetic port for a new connection from {@code address}: the next one, in turn, that no open
   * connection of that address holds and none closed less than {@link #REST} ago.
   *
   * @param free whether no open connection of the address holds a port
   * @return the port, or -1 when the address holds or rests on every port (refuse the connection)
   */
  int takePort(String address, java.util.function.IntPredicate free) {
    int span = LAST_PORT - FIRST_PORT + 1;
    long now = nanos.getAsLong();
    for (int i = 0; i < span; i++) {
      int port = nextPort.getAndUpdate(p -> p >= LAST_PORT ? FIRST_PORT : p + 1);
      Long closed = restingPorts.get(address + "|" + port);
      if (closed != null) {
        if (now - closed < REST.toNanos()) {
          continue;
        }
        restingPorts.remove(address + "|" + port, closed);
      }
      if (free.test(port)) {
        return port;
      }
    }
    return -1;
  }

  /**
   * Routes {@code host} to {@code channel} for {@code owner} unless another owner holds it.
   *
   * @return true when routed; false when another account holds the host
   */
  boolean claimHost(String host, WsMessageChannel channel, String owner) {
    long now = nanos.getAsLong();
    boolean[] taken = {false};
    hosts.compute(
        host,
        (k, held) -> {
          if (held != null && !held.owner().equals(owner) && holds(held, now)) {
            taken[0] = true;
            return held;
          }
          return new Claim(channel, owner, -1);
        });
    if (taken[0]) {
      return false;
    }
    channel.routeKeys.add(host);
    return true;
  }

  /** The open connection {@code host} is routed to, or null. */
  WsMessageChannel routed(String host) {
    Claim c = hosts.get(host);
    return c != null && c.channel() != null && c.channel().isOpen() ? c.channel() : null;
  }

  /**
   * {@code channel} of {@code address} closed: its port and its hosts rest, still its owners', for
   * {@link #REST}.
   */
  void released(String address, int port, WsMessageChannel channel) {
    releasedPort(address, port);
    long now = nanos.getAsLong();
    for (String host : channel.routeKeys) {
      hosts.computeIfPresent(
          host, (k, c) -> c.channel() == channel ? new Claim(null, c.owner(), now) : c);
    }
  }

  /** The connection of {@code address} on {@code port} closed: the port rests for {@link #REST}. */
  void releasedPort(String address, int port) {
    long now = nanos.getAsLong();
    restingPorts.put(address + "|" + port, now);
    // Now and then, forget what has rested long enough (bounded by the closes within REST).
    if (releases.incrementAndGet() % 1024 == 0) {
      restingPorts.values().removeIf(t -> now - t >= REST.toNanos());
      hosts.values().removeIf(c -> c.channel() == null && now - c.closedAt() >= REST.toNanos());
    }
  }

  /**
   * Counts a new connection of {@code address} that has not signed in, unless the address holds
   * {@code max} of them already.
   *
   * @return false when the connection must be refused
   */
  boolean admitUnsigned(String address, int max) {
    boolean[] admitted = {false};
    unsigned.compute(
        address,
        (k, n) -> {
          int held = n == null ? 0 : n;
          if (held >= max) {
            return n;
          }
          admitted[0] = true;
          return held + 1;
        });
    return admitted[0];
  }

  /** One connection of {@code address} counted by {@link #admitUnsigned} signed in or closed. */
  void unsignedGone(String address) {
    unsigned.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Connections of {@code address} that have not signed in (tests, metrics). */
  int unsigned(String address) {
    return unsigned.getOrDefault(address, 0);
  }

  void clear() {
    hosts.clear();
    restingPorts.clear();
    unsigned.clear();
  }

  private boolean holds(Claim c, long now) {
    return c.channel() != null ? c.channel().isOpen() : now - c.closedAt() < REST.toNanos();
  }
}
