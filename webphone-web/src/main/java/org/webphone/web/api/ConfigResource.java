package org.webphone.web.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.webphone.web.config.WebConfig;

/**
 * What the phone app needs before anyone signs in ({@code GET /api/config}, public): the SIP domain
 * its accounts live in, the WebSocket to register over when it is not the page's own origin ({@code
 * webphone.web.websocket-url}; absent, the app uses {@code ws(s)://<page host>/sip}), and the
 * branding it shows: product name, accent colour ({@code #rrggbb}) and logo URL. Nothing secret:
 * any visitor of the sign-in page may read it.
 *
 * <p>The settings are checked when the application starts ({@link WebConfig}).
 */
@Path("config")
@ApplicationScoped
public class ConfigResource {
  /** The client configuration; null fields are left out of the JSON. */
  public record ClientConfig(
      String domain,
      String productName,
      String websocket,
      String brandColor,
      String background,
      String logoUrl,
      String faviconUrl,
      String cssUrl) {}

  @Inject WebConfig web;

  @jakarta.ejb.EJB org.webphone.branding.BrandingService branding;

  @Inject org.webphone.web.domains.SiteNamesCache siteNames;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response get() {
    CacheControl cache = new CacheControl();
    cache.setMaxAge(60); // the app reads it at each start; branding changes show within a minute
    return Response.ok(current()).cacheControl(cache).build();
  }

  /**
   * {@code wss://<WebRTC domain>/sip} when an admin set one (Setup → Settings), with the HTTPS port
   * unless it is 443; null (the page's own origin) otherwise.
   */
  private String webrtcSocket() {
    return siteNames == null
        ? null
        : siteNames
            .get()
            .map(org.webphone.site.SiteNames::getWebrtcDomain)
            .map(b -> "wss://" + b + (web.httpsPort() == 443 ? "" : ":" + web.httpsPort()) + "/sip")
            .orElse(null);
  }

  /**
   * What the phone gets now: the branding an admin saved (Setup → Branding) where there is one,
   * else the configuration's name, colour and logo. File URLs carry the branding's version, so that
   * a new upload is not hidden by a cached old one.
   */
  public ClientConfig current() {
    org.webphone.branding.Branding saved = branding.saved().orElse(null);
    String socket = web.websocketUrl().orElseGet(this::webrtcSocket);
    if (saved == null) {
      return new ClientConfig(
          siteNames.sipDomain(),
          web.productName(),
          socket,
          web.brandColor(),
          "#ffffff",
          web.logoUrl().orElse(null),
          null,
          null);
    }
    String v = "?v=" + saved.getVersion();
    return new ClientConfig(
        siteNames.sipDomain(),
        saved.getProductName(),
        socket,
        saved.getAccentColor(),
        saved.getBackground(),
        saved.getLogo() != null ? "/api/branding/logo" + v : web.logoUrl().orElse(null),
        saved.getFavicon() != null ? "/api/branding/favicon" + v : null,
        saved.getCustomCss() != null ? "/api/branding/style.css" + v : null);
  }
}
