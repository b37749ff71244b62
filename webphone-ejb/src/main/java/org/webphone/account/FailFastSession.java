package org.webphone.account;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * Makes a query fail at once when the database is away, instead of EclipseLink's default of waiting
 * 5 s and trying again, up to three times (it does so for a read outside a transaction after a
 * communication failure). During a database outage every such wait held a SIP or HTTP thread: a
 * phone's REGISTER took 10 s to get its 500, and the callers that can ride the outage out (the SIP
 * side's last-known answers, the call-record writer's retries) never got the failure they act on.
 * The connection pool validates connections itself ({@link SchemaMigrations}), so a connection that
 * died with the database is not handed out again.
 *
 * <p>Named in {@code persistence.xml} ({@code eclipselink.session.customizer}); runs once, when the
 * persistence unit is deployed.
 */
public class FailFastSession implements SessionCustomizer {
  @Override
  public void customize(Session session) {
    if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
      login.setQueryRetryAttemptCount(0);
      login.setDelayBetweenConnectionAttempts(0);
    }
  }
}
