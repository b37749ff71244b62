package org.webphone.web.config;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The web side's settings ({@code webphone.web.*}, {@code webphone.http.https-port}), read and
 * checked once at start: a value that cannot work stops the deployment naming its key, rather than
 * reaching every phone as a broken page. Keys and defaults: {@code microprofile-config.properties}
 * of this module and {@code docs/configuration.md}.
 *
 * <p>The servlet filters ({@code HttpsRedirectFilter}, {@code MetricsAccessFilter}, {@code
 * SipHandshakeFilter}) read their own keys instead: Payara leaves a filter it cannot make out of
 * the chain with a log line, so a filter must not depend on a bean that can fail; each reads its
 * key so that a bad value refuses the request (fails closed).
 *
 * @param productName the name the phone app shows
 * @param brandColor the app's accent colour, {@code #rrggbb}
 * @param logoUrl the app's logo: an http(s) URL or a path on this server; empty: none
 * @param websocketUrl the WebSocket the app registers over when it is not its page's origin
 * @param publicUrl where phones reach this server's web side (scheme, host, port), no trailing /
 * @param httpsPort the HTTPS listener's port, for {@code wss://} URLs
 */
public record WebConfig(
    String productName,
    String brandColor,
    Optional<String> logoUrl,
    Optional<String> websocketUrl,
    String publicUrl,
    int httpsPort) {
  private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

  public WebConfig {
    if (productName.isBlank()) {
      throw new IllegalArgumentException("webphone.web.product-name must not be empty");
    }
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
    URI url = URI.create(publicUrl);
    if (!url.isAbsolute() || !url.getScheme().matches("https?")) {
      throw new IllegalArgumentException(
          "webphone.web.public-url must be an http(s) URL, not '" + publicUrl + "'");
    }
    publicUrl = publicUrl.replaceAll("/+$", "");
    if (httpsPort < 1 || httpsPort > 65535) {
      throw new IllegalArgumentException("webphone.http.https-port out of range: " + httpsPort);
    }
  }

  /** The keys, mapped here only. */
  public static WebConfig from(Config c) {
    return new WebConfig(
        c.getValue("webphone.web.product-name", String.class),
        c.getValue("webphone.web.brand-color", String.class),
        c.getOptionalValue("webphone.web.logo-url", String.class).filter(s -> !s.isBlank()),
        c.getOptionalValue("webphone.web.websocket-url", String.class).filter(s -> !s.isBlank()),
        c.getValue("webphone.web.public-url", String.class),
        c.getValue("webphone.http.https-port", Integer.class));
  }
}
