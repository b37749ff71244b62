package org.webphone.web.certificates.acme;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.webphone.site.AcmeState;

/**
 * Answers HTTP-01 validation (RFC 8555 §8.3): {@code GET /.well-known/acme-challenge/<token>} gives
 * the key authorisation while an order waits for it, from the database so that any node behind a
 * load balancer answers. Served over plain HTTP on the HTTP listener (port 80 in production): the
 * CA starts there, and {@code HttpsRedirectFilter} leaves this path alone.
 */
@WebServlet(urlPatterns = ChallengeServlet.PATH + "*")
public class ChallengeServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  public static final String PATH = "/.well-known/acme-challenge/";

  /** base64url, as RFC 8555 §8.3 says tokens are; anything else is not looked up. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");

  @EJB transient AcmeState state;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String path = req.getPathInfo();
    String token = path == null ? "" : path.substring(1);
    Optional<String> answer =
        TOKEN.matcher(token).matches() ? state.answer(token) : Optional.empty();
    res.setHeader("Cache-Control", "no-store");
    if (answer.isEmpty()) {
      res.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    byte[] body = answer.get().getBytes(StandardCharsets.US_ASCII);
    res.setContentType("application/octet-stream");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
