package org.webphone.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.webphone.sip.registrar.AuthThrottle;
import org.webphone.web.cluster.ClusterThrottles;

/**
 * Failed web sign-ins and token requests, counted per (address, username) and per address, as the
 * registrar counts SIP failures (the same {@link AuthThrottle}, counting on every node of a cluster
 * together); past a limit the source waits.
 */
@ApplicationScoped
public class LoginThrottle {
  private AuthThrottle throttle;

  protected LoginThrottle() {}

  @Inject
  LoginThrottle(
      @ConfigProperty(name = "webphone.login.failures-per-user") int perUser,
      @ConfigProperty(name = "webphone.login.failures-per-address") int perAddress,
      @ConfigProperty(name = "webphone.login.failure-window") long windowSeconds,
      ClusterThrottles throttles) {
    this.throttle =
        throttles.throttle(
            "login", perUser, perAddress, Duration.ofSeconds(windowSeconds), Clock.systemUTC());
  }

  /** Seconds {@code address} must wait before trying {@code username} again; 0: it may try. */
  public long retryAfterSeconds(String address, String username) {
    return throttle.retryAfterSeconds(address, normalise(username));
  }

  public void failed(String address, String username) {
    throttle.failed(address, normalise(username));
  }

  private static String normalise(String username) {
    return username == null ? null : username.trim().toLowerCase(java.util.Locale.ROOT);
  }
}
