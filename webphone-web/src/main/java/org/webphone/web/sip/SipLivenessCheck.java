package org.webphone.web.sip;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The node is alive while it answers SIP: an OPTIONS to its own UDP port must come back (a dead UDP
 * reader once left the port deaf while HTTP stayed up). The answer is reused for a few seconds, so
 * that frequent health polls do not become SIP load.
 */
@Liveness
@ApplicationScoped
public class SipLivenessCheck implements HealthCheck {
  private static final long REUSE_NANOS = Duration.ofSeconds(5).toNanos();

  @EJB SipContainerService sip;

  private final AtomicReference<long[]> last = new AtomicReference<>(new long[] {0, 0});

  @Override
  public HealthCheckResponse call() {
    long now = System.nanoTime();
    long[] previous = last.get();
    boolean up;
    if (previous[0] != 0 && now - previous[0] < REUSE_NANOS) {
      up = previous[1] == 1;
    } else {
      up = sip.answersItself(Duration.ofSeconds(2));
      last.set(new long[] {now, up ? 1 : 0});
    }
    return HealthCheckResponse.named("sip-answers").status(up).build();
  }
}
