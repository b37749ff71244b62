package org.webphone.sip.container;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.sip.Address;
import javax.servlet.sip.Proxy;
import javax.servlet.sip.SipApplicationSession;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipURI;
import javax.servlet.sip.URI;

/**
 * How the nodes of a cluster reach each other's phones. A browser is reached only over its own
 * WebSocket connection (RFC 7118 §5), which only one node holds: its <em>home</em>. A node that
 * calls a phone homed elsewhere sends the INVITE through the home node with a {@code Route} (RFC
 * 3261 §16.12, as an edge proxy of RFC 5626 would be named by {@code Path}); the home node proxies
 * it over the connection, record-routed, so that the whole dialog passes the same way.
 *
 * <p>The hop must not make a node a relay for anyone else (docs/security.md): every Route to a home
 * node carries a token, an HMAC of the request's Call-ID under a key every node of the cluster
 * derives from the secret they share (the digest secret; {@code SharedSecrets} refuses a node
 * without it). A home node proxies an initial request only with a valid token and only to a
 * browser's {@code .invalid} contact, which the container never dials (it goes over an open
 * connection of this node, or nowhere); the record-route it adds carries the same token, which is
 * how the {@link UnknownDialogValve} lets the dialog's later requests through while refusing every
 * other request for a dialog the node did not make.
 *
 * <p>A home node also keeps the dialogs it relays by the node they came from, and ends them when
 * that node is lost ({@link #endRelayedFrom}).
 *
 * <p>Threading: any thread; the keys and names are immutable, the relayed dialogs thread-safe.
 */
public final class HomeHops {
  /** The Route and Record-Route URI parameter that carries the token. */
  public static final String TOKEN = "wphop";

  /**
   * The Route parameter that names the node a hop came from (its name in the data grid), so that
   * this node can end what it relays for a node that is lost ({@link #endRelayedFrom}).
   */
  public static final String NODE = "wpnode";

  /** Application-session attribute of the proxy sessions a home node holds for hops. */
  public static final String ATTRIBUTE = HomeHops.class.getName();

  /**
   * Installed by {@link SipContainer#homeHops}: the valves are made by the stack, by class name.
   */
  static volatile HomeHops installed;

  private final SecretKeySpec key;
  private final String self;
  private final String node;
  private final RelayedDialogs relayed = new RelayedDialogs();

  /** The browsers' connections (set by {@link SipContainer#homeHops}); null: not known. */
  private volatile Flows flows;

  /**
   * @param key at least 16 bytes every node of the cluster shares
   * @param self this node's address for the other nodes, {@code host:port} of its SIP TCP listener;
   *     empty when it has none (a node alone)
   */
  public HomeHops(byte[] key, String self) {
    this(key, self, "");
  }

  /**
   * @param node this node's id in the cluster's data grid (empty without one): named in the hops it
   *     sends, and given to {@link #endRelayedFrom} on the other nodes when this one is lost
   */
  public HomeHops(byte[] key, String self, String node) {
    if (key.length < 16) {
      throw new IllegalArgumentException("a hop key needs at least 16 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.self = Objects.requireNonNull(self, "self");
    this.node = Objects.requireNonNull(node, "node");
  }

  /** The connections the hops' browsers are reached over. */
  void reachedOver(Flows connections) {
    this.flows = connections;
  }

  /** This node as a home: {@code host:port}. */
  public String self() {
    return self;
  }

  /** The token for a dialog of {@code callId}: 128 bits of its HMAC, URL-safe Base64. */
  public String sign(String callId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] full = mac.doFinal(callId.getBytes(StandardCharsets.UTF_8));
      byte[] half = java.util.Arrays.copyOf(full, 16);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(half);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }

  /** Whether {@code token} was made by a node of this cluster for {@code callId}. */
  public boolean valid(String token, String callId) {
    if (token == null || callId == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(callId).getBytes(StandardCharsets.US_ASCII),
        token.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The Route that takes {@code request} (an INVITE this node sends to a phone homed on {@code
   * home}) there: over TCP, loose-routed (RFC 3261 §19.1.1), with the token of its Call-ID.
   */
  public void routeThrough(SipServletRequest request, String home, SipFactory factory) {
    int colon = home.lastIndexOf(':');
    SipURI hop = factory.createSipURI(null, home.substring(0, colon));
    hop.setPort(Integer.parseInt(home.substring(colon + 1)));
    hop.setTransportParam("tcp");
    hop.setLrParam(true);
    hop.setParameter(TOKEN, sign(request.getCallId()));
    if (!node.isEmpty()) {
      hop.setParameter(NODE, node);
    }
    request.pushRoute(hop);
  }

  /**
   * Whether a message a servlet's {@code service} gets is the hops' own, which the application then
   * leaves alone: a request this node relays ({@link #relays}), or an answer in a hop's proxy
   * session (the container passes it on).
   */
  public boolean takes(ServletRequest request, ServletResponse response)
      throws java.io.IOException {
    if (request instanceof SipServletRequest sip && relays(sip)) {
      return true;
    }
    return response instanceof SipServletResponse sip && isHop(sip.getApplicationSession(false));
  }

  /**
   * Whether {@code request} is a hop this node relays rather than serves: an initial INVITE that a
   * node of the cluster routed here for one of this node's browsers (it is then proxied, and the
   * caller must do nothing more with it), or any later request of such a dialog. An initial request
   * with a token that is not valid is not a hop: it is served as from anyone else.
   *
   * @throws java.io.IOException when the proxy could not start
   */
  public boolean relays(SipServletRequest request) throws java.io.IOException {
    SipApplicationSession session = request.getApplicationSession(false);
    if (!request.isInitial()) {
      if (!isHop(session)) {
        return false;
      }
      relayed.saw(request);
      if (!"ACK".equals(request.getMethod()) && gone(request.getRequestURI())) {
        // The browser closed its connection (a hang-up from the other side after it left, a
        // refresh): answered here at once, rather than left to the proxy, which fails to send and
        // logs an error, and to the other node, which would retransmit for 32 s (RFC 3261 §17.1).
        // The core does not proxy a subsequent request its application answered (Mobicents'
        // ProxyBranchImpl.proxySubsequentRequest, its issue 21).
        request.createResponse(480, "The phone's connection is gone").send();
      }
      return true;
    }
    Address popped = request.getPoppedRoute();
    if (popped == null
        || !(popped.getURI() instanceof SipURI route)
        || !valid(route.getParameter(TOKEN), request.getCallId())) {
      return false;
    }
    URI target = request.getRequestURI();
    if (!(target instanceof SipURI phone)
        || phone.getHost() == null
        || !phone.getHost().toLowerCase(Locale.ROOT).endsWith(".invalid")) {
      // Only a browser's made-up host, which is reached over its connection or not at all.
      request.createResponse(403, "Not a phone of this node").send();
      AnsweredRequests.releaseRefused(request);
      return true;
    }
    request.getApplicationSession().setAttribute(ATTRIBUTE, Boolean.TRUE);
    Proxy proxy;
    try {
      proxy = request.getProxy();
    } catch (javax.servlet.sip.TooManyHopsException e) {
      return true; // the container has answered 483 (JSR 289 §10.2.1)
    }
    proxy.setRecordRoute(true);
    proxy.setSupervised(false);
    proxy.getRecordRouteURI().setParameter(TOKEN, route.getParameter(TOKEN));
    String upstream = route.getParameter(NODE);
    if (upstream != null && !upstream.isEmpty()) {
      relayed.began(upstream, request, proxy);
    }
    proxy.proxyTo(target);
    return true;
  }

  /** Whether {@code target} is a browser's contact whose connection has closed. */
  private boolean gone(URI target) {
    Flows connections = flows;
    return connections != null
        && target instanceof SipURI phone
        && phone.getHost() != null
        && phone.getHost().toLowerCase(Locale.ROOT).endsWith(".invalid")
        && !connections.reaches(phone.getHost(), phone.getPort());
  }

  /**
   * Node {@code lost} (its name in the grid) has left the cluster: the calls this node relays for
   * it end here, a ringing one cancelled, an answered one with a BYE and a Reason ({@link
   * RelayedDialogs}). Returns how many. Any thread; called once per lost node by every other one.
   */
  public int endRelayedFrom(String lost) {
    return relayed.endFrom(lost);
  }

  /** Forgets relayed dialogs that have ended (a chore, every few seconds). */
  public void sweep() {
    relayed.sweep();
  }

  /** Dialogs this node relays for other nodes now. */
  public int relaying() {
    return relayed.size();
  }

  /** Whether {@code session} is a hop's proxy session (its messages are the container's). */
  public static boolean isHop(SipApplicationSession session) {
    try {
      return session != null && session.isValid() && session.getAttribute(ATTRIBUTE) != null;
    } catch (IllegalStateException e) {
      return false; // invalidated meanwhile
    }
  }
}
