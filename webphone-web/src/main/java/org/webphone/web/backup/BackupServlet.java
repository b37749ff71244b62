package org.webphone.web.backup;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.webphone.web.ops.OpsAccess;

/**
 * {@code POST /ops/backup?to=DIR}: the running server writes a backup of the embedded default into
 * {@code DIR} ({@link Backup}); {@code ./bin/webphone backup DIR} calls it. Only for the operator
 * of this machine ({@link OpsAccess}): neither a stranger nor a web page can make the server write
 * files. With PostgreSQL it answers 409: back it up with its own tools.
 *
 * <p>Threading: any container thread; the request waits for the backup.
 */
@WebServlet("/ops/backup")
public class BackupServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(BackupServlet.class.getName());

  @Resource(lookup = "java:app/jdbc/webphone")
  private transient DataSource database;

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Path data = Path.of(ConfigProvider.getConfig().getValue("webphone.data.dir", String.class));
    if (!OpsAccess.allowed(req, data)) {
      refuse(res, HttpServletResponse.SC_FORBIDDEN, "backups are taken by this machine's operator");
      return;
    }
    String url = ConfigProvider.getConfig().getValue("webphone.db.url", String.class);
    if (!url.startsWith("jdbc:h2:")) {
      refuse(
          res,
          HttpServletResponse.SC_CONFLICT,
          "the database is not the embedded one: back it up with its own tools"
              + " (docs/operations.md)");
      return;
    }
    String to = req.getParameter("to");
    if (to == null || to.isBlank()) {
      refuse(res, HttpServletResponse.SC_BAD_REQUEST, "name the backup folder: ?to=DIR");
      return;
    }
    List<String> written;
    try {
      written = new Backup(data, database).writeTo(Path.of(to));
    } catch (IllegalArgumentException e) { // InvalidPathException is one
      refuse(res, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
      return;
    } catch (IOException | SQLException e) {
      LOG.log(Level.WARNING, "backup to " + to + " failed", e);
      refuse(
          res,
          HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
          "the backup failed: " + e.getMessage());
      return;
    }
    LOG.info(() -> "backup written to " + to + ": " + written);
    res.setContentType("text/plain;charset=UTF-8");
    res.getWriter().println("backup written to " + to + ": " + String.join(" ", written));
  }

  private static void refuse(HttpServletResponse res, int status, String text) throws IOException {
    OpsAccess.answer(res, status, text);
  }
}
