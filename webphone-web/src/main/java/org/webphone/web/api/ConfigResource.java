package org.webphone.web.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the phone app needs before anyone signs in ({@code GET /api/config}, public): the SIP domain
 * its accounts live in, the product name it shows, and the WebSocket to register over when it is
 * not the page's own origin ({@code webphone.web.websocket-url}; absent, the app uses {@code
 * ws(s)://<page host>/sip}). Nothing secret: any visitor of the sign-in page may read it.
 */
@Path("config")
@ApplicationScoped
public class ConfigResource {
  /** The client configuration; null fields are left out of the JSON. */
  public record ClientConfig(String domain, String productName, String websocket) {}

  @Inject
  @ConfigProperty(name = "webphone.sip.domain")
  String domain;

  @Inject
  @ConfigProperty(name = "webphone.web.product-name", defaultValue = "WebPhone")
  String productName;

  @Inject
  @ConfigProperty(name = "webphone.web.websocket-url")
  Optional<String> websocket;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response get() {
    CacheControl cache = new CacheControl();
    cache.setMaxAge(300); // the app reads it at each start; branding changes show within minutes
    return Response.ok(new ClientConfig(domain, productName, websocket.orElse(null)))
        .cacheControl(cache)
        .build();
  }
}
