package org.webphone.web.api;

import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.webphone.account.DatabaseOutage;
import org.webphone.web.http.DatabaseAway;

/**
 * What the API answers when a service it calls fails: {@code 503} with {@code Retry-After} when the
 * database is away (the phone tries again later; its calls go on meanwhile), else {@code 500} with
 * a one-line JSON error. Never the server's HTML error page with a stack trace. (Jersey answers an
 * unmapped exception itself, before {@code DatabaseUnavailableFilter} could.) An outage is logged
 * once a minute at most ({@link DatabaseAway}); any other failure each time, with its stack trace.
 *
 * <p>Threading: stateless; any request thread.
 */
@Provider
public class DatabaseUnavailableMapper implements ExceptionMapper<EJBException> {
  private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class.getName());
  private static final int RETRY_AFTER_SECONDS = DatabaseAway.RETRY_AFTER_SECONDS;

  @Override
  public Response toResponse(EJBException e) {
    if (!DatabaseOutage.isCause(e)) {
      LOG.log(Level.WARNING, "API request failed", e);
      return Response.serverError()
          .type(MediaType.APPLICATION_JSON)
          .entity(Map.of("error", "internal error"))
          .build();
    }
    DatabaseAway.answered("the API");
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .header("Retry-After", RETRY_AFTER_SECONDS)
        .header("Cache-Control", "no-store")
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", "database unavailable", "retryAfter", RETRY_AFTER_SECONDS))
        .build();
  }
}
