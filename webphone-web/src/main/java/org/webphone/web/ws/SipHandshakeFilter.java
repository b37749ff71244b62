package org.webphone.web.ws;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a WebSocket handshake on {@code /sip} before it is upgraded: without the {@code sip}
 * subprotocol (RFC 7118 §4.1) with 400, from an Origin not among the configured web hosts or the
 * web and WebRTC domains an admin set (compared by scheme and host, not port) with 403 — a page
 * elsewhere must not drive a phone's SIP account with the user's cookies or network position.
 */
@WebFilter(urlPatterns = "/sip", asyncSupported = true)
public class SipHandshakeFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Inject
  @ConfigProperty(name = "webphone.ws.allowed-origin-hosts")
  List<String> allowedHosts;

  @Inject
  @ConfigProperty(name = "webphone.ws.allow-missing-origin")
  boolean allowMissingOrigin;

  /** The web and WebRTC domains an admin set (Setup → Settings): pages there may connect too. */
  @Inject org.webphone.web.site.SiteNamesCache siteNames;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
      res.sendError(HttpServletResponse.SC_BAD_REQUEST, "SIP is spoken over WebSocket here");
      return;
    }
    String protocols = req.getHeader("Sec-WebSocket-Protocol");
    if (protocols == null
        || Arrays.stream(protocols.split(","))
            .map(String::trim)
            .noneMatch("sip"::equalsIgnoreCase)) {
      res.sendError(HttpServletResponse.SC_BAD_REQUEST, "WebSocket subprotocol sip required");
      return;
    }
    if (!originAllowed(req.getHeader("Origin"))) {
      res.sendError(HttpServletResponse.SC_FORBIDDEN, "Origin not allowed");
      return;
    }
    chain.doFilter(new NoReverseLookup(req), res);
  }

  /**
   * Tyrus asks every upgrade request for {@code getLocalName()}, which Grizzly answers with a
   * reverse DNS lookup of the server's own address: a blocking query to the resolver on each
   * browser connection (seen for connections to ::1, which /etc/hosts does not name). Addresses
   * serve Tyrus as well as names.
   */
  private static final class NoReverseLookup extends HttpServletRequestWrapper {
    NoReverseLookup(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getLocalName() {
      return getLocalAddr();
    }

    @Override
    public String getRemoteHost() {
      return getRemoteAddr();
    }
  }

  boolean originAllowed(String origin) {
    if (origin == null || origin.isBlank()) {
      return allowMissingOrigin;
    }
    try {
      URI uri = URI.create(origin.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return false;
      }
      if (allowedHosts.stream()
          .map(h -> h.trim().toLowerCase(Locale.ROOT))
          .anyMatch(host::equals)) {
        return true;
      }
      return siteNames != null
          && siteNames
              .get()
              .map(n -> host.equals(n.getWebDomain()) || host.equals(n.getWebrtcDomain()))
              .orElse(false);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
