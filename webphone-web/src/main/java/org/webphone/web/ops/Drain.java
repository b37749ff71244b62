package org.webphone.web.ops;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.webphone.sip.call.B2bua;
import org.webphone.sip.container.ws.WsProcessorFactory;
import org.webphone.web.cluster.GridMembership;
import org.webphone.web.cluster.ProcessOwner;

/**
 * Takes this node out of a cluster without failing a call or losing a phone, for an upgrade or a
 * restart ({@code ./bin/webphone drain}, docs/cluster.md):
 *
 * <ol>
 *   <li>readiness reports DOWN at once ({@link DrainHealthCheck}): the front sends no new
 *       connections here;
 *   <li>after {@code webphone.cluster.drain-notice} (the front's checks need that long to see it),
 *       the browsers' connections that carry no call are closed with 1001 (going away), {@code
 *       webphone.cluster.drain-close-rate} a second, so that their phones reconnect through the
 *       front to other nodes gradually rather than all at once; a connection that carries a call
 *       stays until the call ends (its dialog knows only this connection);
 *   <li>when no connection and no call is left, or at the deadline, the node leaves the data grid
 *       gracefully (its entries migrate to the other members first) and the process exits with
 *       status 0.
 * </ol>
 *
 * <p>Meanwhile the node serves the phones and calls it has. SIP phones registered to this node over
 * UDP, TCP or TLS cannot be moved from here: behind an edge proxy they are reached through another
 * node once this one is gone.
 *
 * <p>Threading: {@link #start} from any thread; the steps run on the managed scheduler, one at a
 * time.
 */
@ApplicationScoped
public class Drain {
  private static final Logger LOG = Logger.getLogger(Drain.class.getName());

  @Inject Config config;

  @Inject WsProcessorFactory webSockets;

  @Inject B2bua calls;

  @Inject GridMembership grid;

  @Inject ProcessOwner owner;

  @Resource ManagedScheduledExecutorService scheduler;

  private final Clock clock = Clock.systemUTC();
  private volatile Instant started;
  private Instant closeFrom;
  private Instant deadline;
  private ScheduledFuture<?> steps;
  private int closed;

  /** Whether this node drains (readiness DOWN). */
  public boolean isDraining() {
    return started != null;
  }

  /**
   * Starts draining, unless it drains already.
   *
   * @param max how long to wait for calls to end and phones to move, at most
   * @return what the operator is told
   */
  public synchronized String start(Duration max) {
    if (started != null) {
      return "draining since " + started + ": " + progress();
    }
    Duration notice =
        Duration.ofSeconds(config.getValue("webphone.cluster.drain-notice", Integer.class));
    started = clock.instant();
    closeFrom = started.plus(notice);
    deadline = started.plus(max);
    steps = scheduler.scheduleWithFixedDelay(this::step, 1, 1, TimeUnit.SECONDS);
    LOG.info(
        "draining: readiness is DOWN; idle connections close from "
            + closeFrom
            + ", the node stops by "
            + deadline);
    return "draining: " + progress() + "; the node stops when they are gone, by " + deadline;
  }

  private String progress() {
    return calls.activeCalls()
        + " calls, "
        + webSockets.openConnections()
        + " browser connections ("
        + closed
        + " closed so far)";
  }

  private synchronized void step() {
    try {
      Instant now = clock.instant();
      int open = webSockets.openConnections();
      long active = calls.activeCalls();
      if ((open == 0 && active == 0) || now.isAfter(deadline)) {
        finish(open, active);
        return;
      }
      if (!now.isBefore(closeFrom)) {
        int rate = config.getValue("webphone.cluster.drain-close-rate", Integer.class);
        closed += webSockets.closeIdle(rate, "this node is going away: connect again");
      }
    } catch (RuntimeException e) {
      LOG.warning("a drain step failed: " + e);
    }
  }

  private void finish(int open, long active) {
    steps.cancel(false);
    LOG.info(
        (open == 0 && active == 0
                ? "drained: no call and no browser connection left"
                : "drain deadline reached with " + active + " calls and " + open + " connections")
            + (owner.owns()
                ? "; leaving the data grid and stopping"
                : "; serving nothing more (the server and its data grid run on)"));
    owner.exit(0, "webphone-drained", grid::leave);
  }
}
