package org.webphone.web.http;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.webphone.web.acme.ChallengeServlet;

/**
 * Plain HTTP serves only loopback names: {@code http://localhost} is a secure context in browsers
 * (microphone, service worker and install work), any other name is not, so it is sent to HTTPS.
 * ACME's HTTP-01 validation stays on plain HTTP (RFC 8555 §8.3: the CA asks on port 80; it would
 * follow a redirect, but not to a certificate it has not issued yet).
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class HttpsRedirectFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Set<String> LOOPBACK_NAMES =
      Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  @Inject
  @ConfigProperty(name = "webphone.http.https-port")
  int httpsPort;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req.isSecure()
        || req.getRequestURI().startsWith(ChallengeServlet.PATH)
        || LOOPBACK_NAMES.contains(req.getServerName().toLowerCase(java.util.Locale.ROOT))) {
      chain.doFilter(req, res);
      return;
    }
    String host =
        req.getServerName().contains(":") ? "[" + req.getServerName() + "]" : req.getServerName();
    String port = httpsPort == 443 ? "" : ":" + httpsPort;
    String query = req.getQueryString() == null ? "" : "?" + req.getQueryString();
    res.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
    res.setHeader("Location", "https://" + host + port + req.getRequestURI() + query);
  }
}
