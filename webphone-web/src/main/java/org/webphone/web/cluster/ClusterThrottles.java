package org.webphone.web.cluster;

import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.cache.CacheManager;
import org.webphone.sip.registrar.AuthThrottle;
import org.webphone.sip.registrar.FailureWindows;
import org.webphone.sip.registrar.GridFailureWindows;

/**
 * Throttles of failed sign-ins (SIP digest, web sign-in, sign-up) that count on every node of a
 * cluster together: behind a front, an attacker's guesses are spread over the nodes, and each
 * node's own count would let through as many guesses per window as there are nodes. Each failure is
 * written to the data grid; a node asks the grid only about keys it has seen fail itself ({@link
 * FailureWindows#localFirst}), so the requests of sources that never fail cost no trip to the grid.
 * On a node without a data grid they count in its memory.
 *
 * <p>Threading: safe on every thread.
 */
@ApplicationScoped
public class ClusterThrottles {
  @Inject DataGrid grid;

  /**
   * A throttle whose counts are the cluster's, kept under {@code name} (one name per kind of
   * sign-in: their counts are separate).
   */
  public AuthThrottle throttle(
      String name, int perUserLimit, int perAddressLimit, Duration window, Clock clock) {
    Optional<CacheManager> caches = grid.caches();
    if (caches.isEmpty()) {
      return AuthThrottle.local(perUserLimit, perAddressLimit, window, clock);
    }
    CacheManager cm = caches.get();
    Ticker ticker = () -> clock.millis() * 1_000_000L;
    return new AuthThrottle(
        perUserLimit,
        perAddressLimit,
        window,
        clock,
        FailureWindows.localFirst(
            FailureWindows.local(window, 200_000, ticker),
            new GridFailureWindows(
                GridCaches.expiringAfterChange(cm, "webphone-failures-" + name + "-users", window),
                window)),
        FailureWindows.localFirst(
            FailureWindows.local(window, 50_000, ticker),
            new GridFailureWindows(
                GridCaches.expiringAfterChange(
                    cm, "webphone-failures-" + name + "-addresses", window),
                window)));
  }
}
