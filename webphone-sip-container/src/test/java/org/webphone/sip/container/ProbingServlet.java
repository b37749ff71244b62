package org.webphone.sip.container;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import javax.servlet.ServletException;
import javax.servlet.sip.SipApplicationSession;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;

/**
 * Answers like {@link AnsweringServlet} and also sends OPTIONS of its own: the server side of "a
 * request reaches a browser over its WebSocket".
 */
public class ProbingServlet extends AnsweringServlet {
  private static final long serialVersionUID = 1L;
  private static volatile SipFactory factory;
  private static final String REPLY = "reply";

  @Override
  public void init() throws ServletException {
    factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
  }

  /** Sends OPTIONS to {@code uri}; completes with the final status, or fails if it cannot go. */
  static CompletableFuture<Integer> options(String uri) {
    CompletableFuture<Integer> reply = new CompletableFuture<>();
    try {
      SipApplicationSession session = factory.createApplicationSession();
      SipServletRequest request =
          factory.createRequest(session, "OPTIONS", "sip:probe@localhost", uri);
      request.setRequestURI(factory.createURI(uri));
      request.getSession().setAttribute(REPLY, reply);
      request.send();
    } catch (IOException | ServletException | RuntimeException e) {
      reply.completeExceptionally(e);
    }
    return reply;
  }

  /**
   * Proxies a MESSAGE to its Request-URI, record-routed: the shape of a node relaying a request to
   * a browser connected to it for another node of its cluster ({@code HomeHops}).
   */
  @Override
  protected void doMessage(SipServletRequest request) throws IOException {
    javax.servlet.sip.Proxy proxy;
    try {
      proxy = request.getProxy();
    } catch (javax.servlet.sip.TooManyHopsException e) {
      return; // answered 483 by the container
    }
    proxy.setRecordRoute(true);
    proxy.proxyTo(request.getRequestURI());
  }

  @Override
  @SuppressWarnings("unchecked")
  protected void doResponse(SipServletResponse response) {
    // A response to a proxied MESSAGE has no reply waiting for it: the container forwards it.
    if (response.getStatus() >= 200
        && response.getSession().getAttribute(REPLY) instanceof CompletableFuture<?> reply) {
      ((CompletableFuture<Integer>) reply).complete(response.getStatus());
      response.getApplicationSession().invalidate();
    }
  }
}
