package org.webphone.web.ws;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Pings every SIP WebSocket and closes those that stopped answering. Browsers answer pings by
 * themselves (RFC 6455 §5.5.2), so a connection whose pongs stop belongs to a page or network that
 * is gone; closing it makes its registrations unreachable at once (RFC 5626 §5.2) instead of when
 * TCP finally gives up. Pings also keep NAT bindings and proxies' idle timers from dropping the
 * connection.
 *
 * <p>Tyrus' own idle timeout cannot do this: sending (pings included) resets it, so it would never
 * fire on a dead peer. Here only frames received count.
 *
 * <p>Threading: {@link #heard} runs on web container threads, {@link #check} on the managed
 * scheduler; the map is concurrent.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class KeepAlive {
  private static final Logger LOG = Logger.getLogger(KeepAlive.class.getName());
  private static final ByteBuffer PING = ByteBuffer.wrap(new byte[] {'w', 'p'});

  @Inject Config config;

  @Resource ManagedScheduledExecutorService scheduler;

  private final Map<Session, Long> lastHeard = new ConcurrentHashMap<>();
  private WebSocketConfig settings;
  private ScheduledFuture<?> task;

  @PostConstruct
  void start() {
    settings =
        new WebSocketConfig(
            Duration.ofSeconds(config.getValue("webphone.ws.ping-interval", Integer.class)),
            Duration.ofSeconds(config.getValue("webphone.ws.idle-timeout", Integer.class)));
    long every = settings.pingInterval().toMillis();
    task = scheduler.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
    lastHeard.clear();
  }

  /** A frame (SIP message, CRLF keep-alive or pong) arrived on {@code session}. */
  public void heard(Session session) {
    lastHeard.put(session, System.nanoTime());
  }

  public void forget(Session session) {
    lastHeard.remove(session);
  }

  void check() {
    long now = System.nanoTime();
    long idleLimit = settings.idleTimeout().toNanos();
    for (Map.Entry<Session, Long> e : lastHeard.entrySet()) {
      Session session = e.getKey();
      if (!session.isOpen()) {
        lastHeard.remove(session);
      } else if (now - e.getValue() > idleLimit) {
        lastHeard.remove(session);
        LOG.info(() -> "closing SIP WebSocket " + session.getId() + ": no answer to pings");
        try {
          session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "no answer to pings"));
        } catch (IOException ex) {
          // already gone
        }
      } else {
        try {
          session.getAsyncRemote().sendPing(PING.duplicate());
        } catch (IOException | RuntimeException ex) {
          LOG.fine(() -> "ping failed on " + session.getId() + ": " + ex.getMessage());
        }
      }
    }
  }

  /**
   * @param pingInterval how often each connection is pinged
   * @param idleTimeout how long a connection may stay silent (no frame, no pong) before it is
   *     closed; more than one ping interval, so that a ping has been answered or missed
   */
  record WebSocketConfig(Duration pingInterval, Duration idleTimeout) {
    WebSocketConfig {
      if (pingInterval.isNegative() || pingInterval.isZero()) {
        throw new IllegalArgumentException("ping interval must be positive: " + pingInterval);
      }
      if (idleTimeout.compareTo(pingInterval) <= 0) {
        throw new IllegalArgumentException(
            "idle timeout " + idleTimeout + " must exceed the ping interval " + pingInterval);
      }
    }
  }
}
