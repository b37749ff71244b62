package org.webphone.sip.container;

import java.io.Serializable;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.ar.SipApplicationRouter;
import javax.servlet.sip.ar.SipApplicationRouterInfo;
import javax.servlet.sip.ar.SipApplicationRoutingDirective;
import javax.servlet.sip.ar.SipApplicationRoutingRegion;
import javax.servlet.sip.ar.SipApplicationRoutingRegionType;
import javax.servlet.sip.ar.SipRouteModifier;
import javax.servlet.sip.ar.SipTargetedRequestInfo;
import javax.servlet.sip.ar.spi.SipApplicationRouterProvider;

/**
 * JSR 289 §15 application router for a container that hosts one application: every initial request
 * that has not yet visited it goes to it; a request it sent out or created leaves the container.
 *
 * <p>Never returns {@code null}: the core throws a NullPointerException on a null answer, so "no
 * application" is an info object with a null name (ARCHITECTURE.md, trap 4).
 */
public final class SingleApplicationRouter implements SipApplicationRouter {
  private final List<String> deployed = new CopyOnWriteArrayList<>();

  @Override
  public void init() {}

  @Override
  public void init(Properties properties) {}

  @Override
  public void destroy() {
    deployed.clear();
  }

  @Override
  public void applicationDeployed(List<String> names) {
    deployed.addAll(names);
  }

  @Override
  public void applicationUndeployed(List<String> names) {
    deployed.removeAll(names);
  }

  @Override
  public SipApplicationRouterInfo getNextApplication(
      SipServletRequest request,
      SipApplicationRoutingRegion region,
      SipApplicationRoutingDirective directive,
      SipTargetedRequestInfo targeted,
      Serializable stateInfo) {
    // stateInfo is set once our application has seen the request: it then leaves the container.
    // So does a request our application created (SipFactory, B2buaHelper): it came from no peer.
    if (deployed.isEmpty() || stateInfo != null || request.getInitialRemoteAddr() == null) {
      return new SipApplicationRouterInfo(null, null, null, null, SipRouteModifier.NO_ROUTE, null);
    }
    String application = deployed.get(0);
    return new SipApplicationRouterInfo(
        application,
        new SipApplicationRoutingRegion(
            SipApplicationRoutingRegionType.NEUTRAL.name(),
            SipApplicationRoutingRegionType.NEUTRAL),
        null,
        null,
        SipRouteModifier.NO_ROUTE,
        application);
  }

  /**
   * Found by the core through the {@code javax.servlet.sip.ar.spi.SipApplicationRouterProvider}
   * property.
   */
  public static final class Provider extends SipApplicationRouterProvider {
    @Override
    public SipApplicationRouter getSipApplicationRouter() {
      return new SingleApplicationRouter();
    }
  }
}
