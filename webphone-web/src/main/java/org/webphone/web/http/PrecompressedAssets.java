package org.webphone.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * The app's script and style sheet, sent compressed (brotli, else gzip) from the files the build
 * compressed once at the strongest settings ({@code src/main/app/build.mjs}): 274 KB of script
 * become 54 KB, with no CPU spent per request and the same on Payara Micro and Payara Server
 * (Grizzly's own compression is a per-server setting, and compresses on every request).
 *
 * <p>The compressed file is served by the container's default servlet (a forward), so its ETag,
 * Last-Modified and conditional requests work as for any static file; each encoding has its own
 * ETag, as RFC 9110 §8.8.3 wants. Responses vary by {@code Accept-Encoding} for caches.
 */
@WebFilter(
    urlPatterns = {"/app.js", "/app.css"},
    asyncSupported = true)
public class PrecompressedAssets extends HttpFilter {
  private static final long serialVersionUID = 1L;

  /** Preferred first: brotli is 15 % smaller than gzip on our script. */
  private static final String[][] ENCODINGS = {{"br", ".br"}, {"gzip", ".gz"}};

  private static final Map<String, String> TYPES =
      Map.of("/app.js", "text/javascript;charset=utf-8", "/app.css", "text/css;charset=utf-8");

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String path = req.getServletPath();
    res.addHeader("Vary", "Accept-Encoding");
    String accepted = req.getHeader("Accept-Encoding");
    for (String[] encoding : ENCODINGS) {
      String file = path + encoding[1];
      if (accepts(accepted, encoding[0]) && getServletContext().getResource(file) != null) {
        res.setContentType(TYPES.get(path));
        res.setHeader("Content-Encoding", encoding[0]);
        req.getRequestDispatcher(file).forward(req, new KeepType(res));
        return;
      }
    }
    chain.doFilter(req, res);
  }

  /**
   * True when {@code header} accepts {@code coding} (RFC 9110 §12.5.3): named, or {@code *}, and
   * not with {@code q=0}.
   */
  static boolean accepts(String header, String coding) {
    if (header == null) {
      return false;
    }
    for (String item : header.split(",")) {
      String[] parts = item.trim().split(";");
      String name = parts[0].trim().toLowerCase(Locale.ROOT);
      if (!name.equals(coding) && !name.equals("*")) {
        continue;
      }
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim().toLowerCase(Locale.ROOT);
        if (p.startsWith("q=") && p.substring(2).trim().matches("0(\\.0{0,3})?")) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** Keeps the original file's type: the default servlet would name the compressed file's. */
  private static final class KeepType extends HttpServletResponseWrapper {
    KeepType(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void setContentType(String type) {}

    @Override
    public void setHeader(String name, String value) {
      if (!"Content-Type".equalsIgnoreCase(name)) {
        super.setHeader(name, value);
      }
    }
  }
}
