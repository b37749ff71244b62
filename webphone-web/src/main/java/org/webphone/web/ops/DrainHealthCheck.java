package org.webphone.web.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** A node that drains is not ready: the front sends it no new connections. */
@Readiness
@ApplicationScoped
public class DrainHealthCheck implements HealthCheck {
  @Inject Drain drain;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("drain").status(!drain.isDraining()).build();
  }
}
