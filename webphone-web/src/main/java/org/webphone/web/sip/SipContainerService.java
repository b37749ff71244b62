package org.webphone.web.sip;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.servlet.Servlet;
import org.eclipse.microprofile.config.Config;
import org.webphone.sip.container.SipApplicationSpec;
import org.webphone.sip.container.SipContainer;

/**
 * Starts the SIP container with the application and stops it with the application.
 *
 * <p>Servlets come from CDI, so they inject beans and EJBs; each is wrapped once in a contextual
 * proxy, so every call from a JAIN-SIP thread (which carries no context of its own) runs with this
 * application's naming, class loader and security context.
 */
@Singleton
@Startup
@DependsOn("DemoSeeder")
public class SipContainerService {
  private static final Logger LOG = Logger.getLogger(SipContainerService.class.getName());

  @Inject Config config;

  @Inject SipServletDiscovery discovery;

  @Inject Instance<Object> beans;

  @Resource ContextService contextService;

  private SipContainer container;

  @PostConstruct
  void start() {
    boolean tls = System.getProperty("javax.net.ssl.keyStore") != null;
    container =
        new SipContainer(
            SipSettings.container(config, tls), discovery.application(this::createServlet));
    try {
      container.start();
    } catch (SipContainer.SipContainerException e) {
      container = null;
      // The web side keeps running and /health reports the SIP side down.
      LOG.severe(e.getMessage());
    }
  }

  private Servlet createServlet(SipApplicationSpec.ServletSpec spec) {
    Servlet servlet = beans.select(spec.type()).get();
    return contextService.createContextualProxy(servlet, Servlet.class);
  }

  @PreDestroy
  void stop() {
    if (container != null) {
      container.stop();
      container = null;
    }
  }

  public boolean isRunning() {
    return container != null;
  }

  /** See {@link SipContainer#openWebSocket}. */
  public org.webphone.sip.container.ws.WebSocketConnection openWebSocket(
      org.webphone.sip.container.ws.WebSocketPeer peer, boolean secure) throws java.io.IOException {
    SipContainer c = container;
    if (c == null) {
      throw new java.io.IOException("the SIP container is not running");
    }
    return c.openWebSocket(peer, secure);
  }

  /** See {@link SipContainer#answersItself}. */
  public boolean answersItself(java.time.Duration timeout) {
    SipContainer c = container;
    return c != null && c.answersItself(timeout);
  }
}
