package org.webphone.web.signup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.webphone.sip.registrar.AuthThrottle;
import org.webphone.web.cluster.ClusterThrottles;

/**
 * Sign-ups per source address within a window ({@code webphone.signup.*}): every attempt counts,
 * successful or not, so that a script cannot create customers (or probe for taken emails) in bulk.
 * Counted on every node of a cluster together ({@link ClusterThrottles}).
 */
@ApplicationScoped
public class SignupThrottle {
  private AuthThrottle attempts;

  protected SignupThrottle() {}

  @Inject
  SignupThrottle(
      @ConfigProperty(name = "webphone.signup.per-address") int perAddress,
      @ConfigProperty(name = "webphone.signup.window") long windowSeconds,
      ClusterThrottles throttles) {
    this.attempts =
        throttles.throttle(
            "signup", perAddress, perAddress, Duration.ofSeconds(windowSeconds), Clock.systemUTC());
  }

  /** Seconds until {@code address} may sign up again; 0 when it may now. Counts the attempt. */
  public long attempt(String address) {
    long wait = attempts.retryAfterSeconds(address, null);
    if (wait == 0) {
      attempts.failed(address, null);
    }
    return wait;
  }
}
