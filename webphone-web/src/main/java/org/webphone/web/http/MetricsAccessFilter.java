package org.webphone.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code /metrics} answers only the addresses in {@code webphone.web.metrics-from} (this machine,
 * by default): Payara serves it in our root context for anyone, and it tells call volumes, refusal
 * counts, heap and uptime, which is a stranger's map of when and how hard to push. A Prometheus
 * server elsewhere is named there; it connects directly, so the peer address is what counts ({@code
 * X-Forwarded-For} is not read: a front would make every client look like itself).
 *
 * <p>Fails closed, as {@link HttpsRedirectFilter}: Payara leaves a filter it cannot instantiate out
 * of the chain with a log line only, so this one injects nothing and reads its setting per request
 * (MicroProfile Config caches it); a setting it cannot read refuses everyone.
 *
 * <p>Threading: stateless; any container thread.
 */
@WebFilter(
    urlPatterns = {"/metrics", "/metrics/*"},
    asyncSupported = true)
public class MetricsAccessFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(MetricsAccessFilter.class.getName());
  static final String KEY = "webphone.web.metrics-from";

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (allowed(req.getRemoteAddr())) {
      chain.doFilter(req, res);
    } else {
      res.sendError(HttpServletResponse.SC_FORBIDDEN, "metrics are not served to this address");
    }
  }

  private static boolean allowed(String peer) {
    try {
      String from = ConfigProvider.getConfig().getOptionalValue(KEY, String.class).orElse("");
      return AddressBlocks.of(KEY, from).contains(peer);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, KEY + " unreadable: /metrics refused", e);
      return false;
    }
  }
}
