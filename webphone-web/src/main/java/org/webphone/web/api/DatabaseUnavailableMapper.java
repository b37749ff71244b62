package org.webphone.web.api;

import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.webphone.account.DatabaseOutage;

/**
 * What the API answers when a service it calls fails: {@code 503} with {@code Retry-After} when the
 * database is away (the phone tries again later; its calls go on meanwhile), else {@code 500} with
 * a one-line JSON error. Never the server's HTML error page with a stack trace. (Jersey answers an
 * unmapped exception itself, before {@code DatabaseUnavailableFilter} could.) An outage is logged
 * once a minute at most; any other failure each time, with its stack trace.
 *
 * <p>Threading: stateless but for the log's last time; any request thread.
 */
@Provider
public class DatabaseUnavailableMapper implements ExceptionMapper<EJBException> {
  private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class.getName());
  static final int RETRY_AFTER_SECONDS = 30;
  private static final long LOG_EVERY_MILLIS = 60_000;
  private static final AtomicLong loggedAt = new AtomicLong();

  @Override
  public Response toResponse(EJBException e) {
    if (!DatabaseOutage.isCause(e)) {
      LOG.log(Level.WARNING, "API request failed", e);
      return Response.serverError()
          .type(MediaType.APPLICATION_JSON)
          .entity(Map.of("error", "internal error"))
          .build();
    }
    long now = System.currentTimeMillis();
    long last = loggedAt.get();
    if (now - last >= LOG_EVERY_MILLIS && loggedAt.compareAndSet(last, now)) {
      LOG.warning("API requests answered 503: the database is away");
    }
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .header("Retry-After", RETRY_AFTER_SECONDS)
        .header("Cache-Control", "no-store")
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", "database unavailable", "retryAfter", RETRY_AFTER_SECONDS))
        .build();
  }
}
