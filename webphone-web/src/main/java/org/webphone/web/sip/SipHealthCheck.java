package org.webphone.web.sip;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The node is ready for phones only while its SIP container runs. */
@Readiness
@ApplicationScoped
public class SipHealthCheck implements HealthCheck {
  @EJB SipContainerService sip;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("sip").status(sip.isRunning()).build();
  }
}
