package org.webphone.web.ops;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who may use the operations endpoints ({@code /ops/...}: backup, drain): only the operator of this
 * machine. The peer must be a loopback address, the request must not have been relayed by a front
 * (it would name a client), and it must present the operations token that the run command keeps in
 * {@code <data>/ops.token} (readable by the server's user only), so neither a stranger nor a web
 * page (a bearer header needs a CORS preflight, never answered) can reach them.
 */
public final class OpsAccess {
  private static final Logger LOG = Logger.getLogger(OpsAccess.class.getName());

  private OpsAccess() {}

  /** Whether {@code req} is this machine's operator's, by the token in {@code data}. */
  public static boolean allowed(HttpServletRequest req, Path data) {
    boolean relayed =
        req.getHeader("X-Forwarded-For") != null || req.getHeader("Forwarded") != null;
    return !relayed
        && loopback(req.getRemoteAddr())
        && tokenMatches(data, req.getHeader("Authorization"));
  }

  /** A plain-text answer the operator's script prints as it is. */
  public static void answer(HttpServletResponse res, int status, String text) throws IOException {
    res.setStatus(status);
    res.setContentType("text/plain;charset=UTF-8");
    res.getWriter().println(text);
  }

  private static boolean loopback(String peer) {
    try {
      // An IP literal from the container: no name lookup.
      return peer != null && InetAddress.getByName(peer).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  /** The operations token the run command wrote, compared in constant time; none: no access. */
  private static boolean tokenMatches(Path data, String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    byte[] token;
    try {
      token = Files.readString(data.resolve("ops.token")).trim().getBytes(StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "the operations token cannot be read", e);
      return false;
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return token.length >= 32 && MessageDigest.isEqual(token, given);
  }
}
