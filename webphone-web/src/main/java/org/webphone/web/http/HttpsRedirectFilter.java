package org.webphone.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.webphone.web.certificates.acme.ChallengeServlet;

/**
 * Plain HTTP serves only loopback names: {@code http://localhost} is a secure context in browsers
 * (microphone, service worker and install work), any other name is not, so it is sent to HTTPS.
 * ACME's HTTP-01 validation stays on plain HTTP (RFC 8555 §8.3: the CA asks on port 80; it would
 * follow a redirect, but not to a certificate it has not issued yet). HTTPS answers for other names
 * than loopback carry HSTS (RFC 6797), so a browser that came once never tries plain HTTP again,
 * where a network attacker could strip TLS from its sign-in.
 *
 * <p>Fails closed: Payara leaves a filter it cannot instantiate (an injection that fails) out of
 * the chain with a log line only, which would serve every page over plain HTTP. So this filter
 * injects nothing and reads its setting when it needs it; if that fails, plain HTTP answers 503.
 *
 * <p>Threading: stateless; any container thread.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class HttpsRedirectFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(HttpsRedirectFilter.class.getName());
  private static final Set<String> LOOPBACK_NAMES =
      Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /** One year, as browsers' preload lists ask; no includeSubDomains: other hosts are not ours. */
  static final String HSTS = "max-age=31536000";

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (guard(req, res, HttpsRedirectFilter::httpsPort)) {
      chain.doFilter(req, res);
    }
  }

  /**
   * Answers a plain-HTTP request for a public name itself (a redirect, or 503 when the HTTPS port
   * cannot be read), and marks HTTPS answers for public names with HSTS.
   *
   * @return whether the request goes on down the chain
   */
  static boolean guard(HttpServletRequest req, HttpServletResponse res, IntSupplier httpsPort) {
    boolean loopback = LOOPBACK_NAMES.contains(req.getServerName().toLowerCase(Locale.ROOT));
    if (req.isSecure()) {
      if (!loopback) {
        res.setHeader("Strict-Transport-Security", HSTS);
      }
      return true;
    }
    if (loopback || req.getRequestURI().startsWith(ChallengeServlet.PATH)) {
      return true;
    }
    int port;
    try {
      port = httpsPort.getAsInt();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "webphone.http.https-port unreadable: plain HTTP refused", e);
      res.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      return false;
    }
    String host =
        req.getServerName().contains(":") ? "[" + req.getServerName() + "]" : req.getServerName();
    String query = req.getQueryString() == null ? "" : "?" + req.getQueryString();
    res.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
    res.setHeader(
        "Location",
        "https://" + host + (port == 443 ? "" : ":" + port) + req.getRequestURI() + query);
    return false;
  }

  private static int httpsPort() {
    return ConfigProvider.getConfig().getValue("webphone.http.https-port", Integer.class);
  }
}
