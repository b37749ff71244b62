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
 * its accounts live in, the WebSocket to register over when it is not the page's own origin ({@code
 * webphone.web.websocket-url}; absent, the app uses {@code ws(s)://<page host>/sip}), and the
 * branding it shows: product name, accent colour ({@code #rrggbb}) and logo URL. Nothing secret:
 * any visitor of the sign-in page may read it.
 *
 * <p>The settings are checked when the application starts: a colour that is not {@code #rrggbb} or
 * a logo URL that is neither absolute http(s) nor a path on this server stops the deployment with
 * the setting's name, rather than reaching every phone as a broken page.
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

  private static final java.util.regex.Pattern COLOR =
      java.util.regex.Pattern.compile("#[0-9a-fA-F]{6}");

  @Inject
  @ConfigProperty(name = "webphone.web.product-name")
  String productName;

  @Inject
  @ConfigProperty(name = "webphone.web.websocket-url")
  Optional<String> websocket;

  @jakarta.ejb.EJB org.webphone.branding.BrandingService branding;

  @Inject org.webphone.web.domains.SiteNamesCache siteNames;

  @Inject
  @ConfigProperty(name = "webphone.http.https-port")
  int httpsPort;

  @Inject
  @ConfigProperty(name = "webphone.web.brand-color")
  String brandColor;

  @Inject
  @ConfigProperty(name = "webphone.web.logo-url")
  Optional<String> logoUrl;

  @jakarta.annotation.PostConstruct
  void check() {
    if (!COLOR.matcher(brandColor).matches()) {
      throw new IllegalArgumentException(
          "webphone.web.brand-color must be #rrggbb, not '" + brandColor + "'");
    }
    String logo = logoUrl.orElse("");
    if (!logo.isEmpty()
        && !(logo.startsWith("/") && !logo.startsWith("//"))
        && !logo.startsWith("https://")
        && !logo.startsWith("http://")) {
      throw new IllegalArgumentException(
          "webphone.web.logo-url must be an http(s) URL or a path on this server, not '"
              + logo
              + "'");
    }
  }

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
            .map(b -> "wss://" + b + (httpsPort == 443 ? "" : ":" + httpsPort) + "/sip")
            .orElse(null);
  }

  /**
   * What the phone gets now: the branding an admin saved (Setup → Branding) where there is one,
   * else the configuration's name, colour and logo. File URLs carry the branding's version, so that
   * a new upload is not hidden by a cached old one.
   */
  public ClientConfig current() {
    org.webphone.branding.Branding saved = branding.saved().orElse(null);
    String socket = websocket.orElseGet(this::webrtcSocket);
    if (saved == null) {
      return new ClientConfig(
          siteNames.sipDomain(),
          productName,
          socket,
          brandColor,
          "#ffffff",
          logoUrl.filter(u -> !u.isBlank()).orElse(null),
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
        saved.getLogo() != null
            ? "/api/branding/logo" + v
            : logoUrl.filter(u -> !u.isBlank()).orElse(null),
        saved.getFavicon() != null ? "/api/branding/favicon" + v : null,
        saved.getCustomCss() != null ? "/api/branding/style.css" + v : null);
  }
}
