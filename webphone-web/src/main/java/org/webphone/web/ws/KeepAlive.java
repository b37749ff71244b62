package org.webphone.web.ws;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
 * <p>Threading: {@link #track} and {@link #forget} run on web container threads once per connection
 * (frames only touch the peer's own volatile field, never this bean), {@link #check} on the managed
 * scheduler; the set is concurrent. No method needs a transaction.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class KeepAlive {
  private static final Logger LOG = Logger.getLogger(KeepAlive.class.getName());
  private static final ByteBuffer PING = ByteBuffer.wrap(new byte[] {'w', 'p'});

  @Inject Config config;

  @Resource ManagedScheduledExecutorService scheduler;

  private final Set<JakartaPeer> peers = ConcurrentHashMap.newKeySet();
  private final LongSupplier ticker;
  private WebSocketConfig settings;
  private ScheduledFuture<?> task;
  private ScheduledThreadPoolExecutor sessionTimers;
  private volatile boolean adoptWarned;
  private volatile Field tyrusTimerField;

  public KeepAlive() {
    this.ticker = System::nanoTime;
  }

  /**
   * A keep-alive a test drives: {@code settings} as given, the time read from {@code ticker}
   * (monotonic nanoseconds, as the peers' own), and {@link #check} called by the test.
   */
  KeepAlive(WebSocketConfig settings, LongSupplier ticker) {
    this.settings = settings;
    this.ticker = ticker;
  }

  @PostConstruct
  void start() {
    settings =
        new WebSocketConfig(
            Duration.ofSeconds(config.getValue("webphone.ws.ping-interval", Integer.class)),
            Duration.ofSeconds(config.getValue("webphone.ws.idle-timeout", Integer.class)));
    sessionTimers =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "webphone-ws-session-timers");
              t.setDaemon(true);
              return t;
            });
    sessionTimers.setRemoveOnCancelPolicy(true);
    long every = settings.pingInterval().toMillis();
    task = scheduler.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
    peers.clear();
    sessionTimers.shutdownNow();
  }

  /**
   * Tyrus re-arms its idle timer on every frame sent or received, even with the idle timeout off,
   * on Payara's managed scheduled executor, which captures the application's context for each task
   * by scanning the class loader's jars: 37% of the server's CPU under WebSocket load in our
   * profile. The session gets a plain timer thread instead; the timer stays as harmless as Tyrus
   * made it (with the idle timeout off it does nothing when it fires).
   */
  public void adopt(Session session) {
    try {
      Field service = tyrusTimerField;
      if (service == null || service.getDeclaringClass() != session.getClass()) {
        service = session.getClass().getDeclaredField("service");
        service.setAccessible(true);
        tyrusTimerField = service;
      }
      service.set(session, sessionTimers);
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (!adoptWarned) {
        adoptWarned = true;
        LOG.warning(
            "cannot give WebSocket sessions a plain timer (" + e + "): Tyrus keeps its own");
      }
    }
  }

  /**
   * Watches {@code peer} from now on; each frame it sends updates it ({@link JakartaPeer#heard}).
   */
  public void track(JakartaPeer peer) {
    peers.add(peer);
  }

  public void forget(JakartaPeer peer) {
    peers.remove(peer);
  }

  /** Pings each open connection, closes each silent past the idle timeout, forgets closed ones. */
  void check() {
    long now = ticker.getAsLong();
    long idleLimit = settings.idleTimeout().toNanos();
    for (JakartaPeer peer : peers) {
      Session session = peer.session();
      if (!session.isOpen()) {
        peers.remove(peer);
      } else if (peer.silentNanos(now) > idleLimit) {
        peers.remove(peer);
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
