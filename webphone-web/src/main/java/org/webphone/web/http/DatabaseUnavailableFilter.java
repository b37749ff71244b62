package org.webphone.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.webphone.account.DatabaseOutage;

/**
 * A request that fails because the database is away gets {@code 503 Service Unavailable} with
 * {@code Retry-After}, and a page that says so ({@code /api/*}: a JSON error), never a stack trace
 * or a bare 500: the control panel, the phone's API and sign-in need the database, calls do not
 * (they go on through the outage). The log says it once a minute at most ({@link DatabaseAway}).
 *
 * <p>Threading: stateless; any container thread.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class DatabaseUnavailableFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final int RETRY_AFTER_SECONDS = DatabaseAway.RETRY_AFTER_SECONDS;

  static final String PAGE =
      """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>Database unavailable</title>
      <meta name="viewport" content="width=device-width, initial-scale=1"></head>
      <body style="font-family: system-ui, sans-serif; max-width: 36em; margin: 3em auto">
      <h1>Database unavailable</h1>
      <p>The server cannot reach its database just now, so this page cannot be shown and nothing
      was saved. Calls between phones that are signed in go on as usual.</p>
      <p>Please try again in a minute.</p>
      </body></html>
      """;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    try {
      chain.doFilter(req, res);
    } catch (ServletException | IOException | RuntimeException e) {
      if (!DatabaseOutage.isCause(e) || res.isCommitted()) {
        throw e;
      }
      answerUnavailable(req, res);
      DatabaseAway.answered(req.getRequestURI());
    }
  }

  static void answerUnavailable(HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    res.reset();
    res.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    res.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    res.setHeader("Cache-Control", "no-store");
    String path = req.getRequestURI().substring(req.getContextPath().length());
    byte[] body;
    if (path.startsWith("/api/")) {
      res.setContentType("application/json");
      String json =
          "{\"error\":\"database unavailable\",\"retryAfter\":" + RETRY_AFTER_SECONDS + "}";
      body = json.getBytes(StandardCharsets.UTF_8);
    } else {
      res.setContentType("text/html;charset=UTF-8");
      body = PAGE.getBytes(StandardCharsets.UTF_8);
    }
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
