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
import java.util.Optional;
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
  @Inject org.webphone.web.domains.SiteNamesCache siteNames;

  // A String, split here: Payara cannot inject Optional<List<String>>, and a filter it cannot make
  // is left out of the chain with a log line (the handshake then went unchecked: see CHECKED).
  @Inject
  @ConfigProperty(name = "webphone.web.trusted-proxies")
  Optional<String> trustedProxies;

  private volatile ClientAddress clients;

  /**
   * Marks the handshakes this filter let through ({@link SipEndpointConfigurator} refuses any
   * other): Payara leaves a filter that fails to start out of the chain, and the endpoint must not
   * then take unchecked handshakes. Random per start, so that no client can send it.
   */
  static final String CHECKED = "X-WebPhone-Handshake-Checked";

  static final String TOKEN = java.util.UUID.randomUUID().toString();

  @Override
  public void init() throws ServletException {
    clients = new ClientAddress(trustedProxies.map(s -> List.of(s.split(","))).orElse(List.of()));
  }

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
    chain.doFilter(
        new NoReverseLookup(req, clients.of(req.getRemoteAddr(), req.getHeader("X-Forwarded-For"))),
        res);
  }

  /**
   * Tyrus asks every upgrade request for {@code getLocalName()}, which Grizzly answers with a
   * reverse DNS lookup of the server's own address: a blocking query to the resolver on each
   * browser connection (seen for connections to ::1, which /etc/hosts does not name). Addresses
   * serve Tyrus as well as names. The remote address is the client's as our fronts established it
   * ({@link ClientAddress}): Tyrus gives it to the session, and the connection's flow, Via {@code
   * received} and per-address limits follow it.
   */
  private static final class NoReverseLookup extends HttpServletRequestWrapper {
    private final String client;

    NoReverseLookup(HttpServletRequest request, String client) {
      super(request);
      this.client = client;
    }

    @Override
    public String getRemoteAddr() {
      return client;
    }

    @Override
    public String getHeader(String name) {
      return CHECKED.equalsIgnoreCase(name) ? TOKEN : super.getHeader(name);
    }

    @Override
    public java.util.Enumeration<String> getHeaders(String name) {
      return CHECKED.equalsIgnoreCase(name)
          ? java.util.Collections.enumeration(List.of(TOKEN))
          : super.getHeaders(name);
    }

    @Override
    public java.util.Enumeration<String> getHeaderNames() {
      List<String> names = new java.util.ArrayList<>();
      for (var e = super.getHeaderNames(); e.hasMoreElements(); ) {
        String n = e.nextElement();
        if (!CHECKED.equalsIgnoreCase(n)) {
          names.add(n);
        }
      }
      names.add(CHECKED);
      return java.util.Collections.enumeration(names);
    }

    @Override
    public String getLocalName() {
      return getLocalAddr();
    }

    @Override
    public String getRemoteHost() {
      return client;
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
