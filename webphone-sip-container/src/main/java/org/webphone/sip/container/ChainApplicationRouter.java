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
 * JSR 289 §15 application router: an initial request from a peer visits the applications of its
 * method's chain ({@link SipApplications}) in order. The state it hands the core is the name of the
 * application just chosen, so when that application proxies the request or creates one from it, the
 * next in the chain gets it, and after the last it leaves the container. A request an application
 * creates from nothing (no peer sent it, no application chose it) leaves at once.
 *
 * <p>Never returns {@code null}: the core throws a NullPointerException on a null answer, so "no
 * application" is an info object with a null name (ARCHITECTURE.md, trap 4). Threading: called on
 * JAIN-SIP threads; the chains are immutable and swapped whole.
 */
public final class ChainApplicationRouter implements SipApplicationRouter {
  private static final SipApplicationRouterInfo LEAVE =
      new SipApplicationRouterInfo(null, null, null, null, SipRouteModifier.NO_ROUTE, null);
  private static final SipApplicationRoutingRegion NEUTRAL =
      new SipApplicationRoutingRegion(
          SipApplicationRoutingRegionType.NEUTRAL.name(), SipApplicationRoutingRegionType.NEUTRAL);

  private final List<String> deployed = new CopyOnWriteArrayList<>();
  private volatile SipApplications applications;

  /** The chains to route by; set by the container before it deploys the applications. */
  void route(SipApplications applications) {
    this.applications = applications;
  }

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
    SipApplications apps = applications;
    if (apps == null || (stateInfo == null && request.getInitialRemoteAddr() == null)) {
      return LEAVE;
    }
    List<String> chain = apps.chain(request.getMethod());
    int next = stateInfo == null ? 0 : chain.indexOf(stateInfo.toString()) + 1;
    if (stateInfo != null && next == 0) {
      return LEAVE; // chosen by an application that is not in this method's chain
    }
    for (int i = next; i < chain.size(); i++) {
      String application = chain.get(i);
      if (deployed.contains(application)) {
        return new SipApplicationRouterInfo(
            application, NEUTRAL, null, null, SipRouteModifier.NO_ROUTE, application);
      }
    }
    return LEAVE;
  }

  /**
   * Found by the core through the {@code javax.servlet.sip.ar.spi.SipApplicationRouterProvider}
   * property.
   */
  public static final class Provider extends SipApplicationRouterProvider {
    @Override
    public SipApplicationRouter getSipApplicationRouter() {
      return new ChainApplicationRouter();
    }
  }
}
