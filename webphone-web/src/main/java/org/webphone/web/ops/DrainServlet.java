package org.webphone.web.ops;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code POST /ops/drain?max=SECONDS}: this node drains and then stops ({@link Drain}); {@code
 * ./bin/webphone drain} calls it. Only for this machine's operator ({@link OpsAccess}).
 *
 * <p>Threading: any container thread; answers at once.
 */
@WebServlet("/ops/drain")
public class DrainServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject private transient Drain drain;

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Path data = Path.of(ConfigProvider.getConfig().getValue("webphone.data.dir", String.class));
    if (!OpsAccess.allowed(req, data)) {
      OpsAccess.answer(
          res, HttpServletResponse.SC_FORBIDDEN, "a node is drained by this machine's operator");
      return;
    }
    long max = ConfigProvider.getConfig().getValue("webphone.cluster.drain-max", Long.class);
    String given = req.getParameter("max");
    if (given != null && !given.isBlank()) {
      try {
        max = Long.parseLong(given.trim());
      } catch (NumberFormatException e) {
        max = -1;
      }
      if (max < 1 || max > 86_400) {
        OpsAccess.answer(
            res, HttpServletResponse.SC_BAD_REQUEST, "max is seconds, 1 to 86400: " + given);
        return;
      }
    }
    OpsAccess.answer(res, HttpServletResponse.SC_ACCEPTED, drain.start(Duration.ofSeconds(max)));
  }
}
