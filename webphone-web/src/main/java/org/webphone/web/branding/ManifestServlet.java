package org.webphone.web.branding;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.webphone.web.api.ConfigResource;
import org.webphone.web.api.ConfigResource.ClientConfig;

/**
 * The web app manifest, with the branding's name and colours (what an installed phone is called and
 * how its window looks), the app's own icons, and the branding's logo and favicon as more icons
 * when there are some. Made per request: it is small, and browsers fetch it rarely.
 */
@WebServlet("/manifest.webmanifest")
public class ManifestServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient ConfigResource config;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    ClientConfig c = config.current();
    JsonArrayBuilder icons =
        Json.createArrayBuilder()
            .add(icon("/icon.svg", "any", "image/svg+xml", "any"))
            .add(icon("/icon-192.png", "192x192", "image/png", "any"))
            .add(icon("/icon-512.png", "512x512", "image/png", "any maskable"));
    // The branding's own images (served here, with their content types) as more icons.
    for (String own : new String[] {c.logoUrl(), c.faviconUrl()}) {
      if (own != null && own.startsWith("/api/branding/")) {
        icons.add(Json.createObjectBuilder().add("src", own).add("sizes", "any"));
      }
    }
    String json =
        Json.createObjectBuilder()
            .add("id", "/")
            .add("name", c.productName())
            .add("short_name", c.productName())
            .add("description", "Calls from the browser: dial pad, contacts and history.")
            .add("start_url", "/")
            .add("scope", "/")
            .add("display", "standalone")
            .add("background_color", c.background())
            .add("theme_color", c.brandColor())
            .add("icons", icons)
            .add(
                "protocol_handlers",
                Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("protocol", "tel").add("url", "/?call=%s")))
            .build()
            .toString();
    res.setContentType("application/manifest+json");
    res.setCharacterEncoding(StandardCharsets.UTF_8.name());
    res.setHeader("Cache-Control", "max-age=60");
    res.getWriter().write(json);
  }

  private static jakarta.json.JsonObjectBuilder icon(
      String src, String sizes, String type, String purpose) {
    return Json.createObjectBuilder()
        .add("src", src)
        .add("sizes", sizes)
        .add("type", type)
        .add("purpose", purpose);
  }
}
