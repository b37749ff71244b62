package org.webphone.sip.container;

import javax.sip.SipStack;
import org.mobicents.ha.javax.sip.ReplicationStrategy;
import org.mobicents.servlet.sip.SipConnector;
import org.mobicents.servlet.sip.core.SipApplicationDispatcher;
import org.mobicents.servlet.sip.core.SipService;
import org.mobicents.servlet.sip.core.message.OutboundProxy;

/**
 * The container-wide settings the core asks for. Most are fixed choices of ours, each with its
 * reason; the network ones come from {@link SipContainerConfig}.
 */
final class ContainerService implements SipService {
  private final SipContainerConfig config;
  private final SipConnector[] connectors;
  private volatile SipApplicationDispatcher dispatcher;
  private volatile SipStack stack;

  ContainerService(SipContainerConfig config, SipConnector[] connectors) {
    this.config = config;
    this.connectors = connectors.clone();
  }

  void setSipStack(SipStack stack) {
    this.stack = stack;
  }

  @Override
  public SipApplicationDispatcher getSipApplicationDispatcher() {
    return dispatcher;
  }

  @Override
  public void setSipApplicationDispatcher(SipApplicationDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public SipStack getSipStack() {
    return stack;
  }

  @Override
  public SipConnector findSipConnector(String transport) {
    for (SipConnector c : connectors) {
      if (c.getTransport().equalsIgnoreCase(transport)) {
        return c;
      }
    }
    return null;
  }

  @Override
  public SipConnector[] findSipConnectors() {
    return connectors.clone();
  }

  @Override
  public boolean isHttpFollowsSip() {
    return false; // no HTTP/SIP convergence
  }

  @Override
  public String getJvmRoute() {
    return null; // no SIP load balancer in front of us
  }

  @Override
  public OutboundProxy getOutboundProxy() {
    return null; // trunks are routed by the application, not by a container-wide proxy
  }

  @Override
  public int getDispatcherThreadPoolSize() {
    return config.threadPoolSize();
  }

  @Override
  public int getCanceledTimerTasksPurgePeriod() {
    return 1; // minutes between purges of cancelled timer tasks, the core's own default
  }

  @Override
  public boolean isDialogPendingRequestChecking() {
    return false;
  }

  @Override
  public boolean isMd5ContactUserPart() {
    return false;
  }

  @Override
  public ReplicationStrategy getReplicationStrategy() {
    return ReplicationStrategy.ConfirmedDialog;
  }

  @Override
  public int getTagHashMaxLength() {
    return 0; // core default
  }

  @Override
  public int getCallIdMaxLength() {
    return 0; // core default
  }

  @Override
  public String getDnsResolverClass() {
    return null; // the core's default resolver; it is only consulted for outbound requests
  }

  @Override
  public int getDnsTimeout() {
    return 1;
  }

  @Override
  public String getMobicentsSipServletMessageFactoryClassName() {
    return MessageFactory.class.getName();
  }

  @Override
  public void setMobicentsSipServletMessageFactoryClassName(String className) {
    throw new UnsupportedOperationException("the message factory is " + MessageFactory.class);
  }

  @Override
  public void stopGracefully(long timeToWait) {
    throw new UnsupportedOperationException("stop the SipContainer instead");
  }

  @Override
  public String getProxyTimerServiceImplementationType() {
    return "Standard";
  }

  @Override
  public String getSasTimerServiceImplementationType() {
    return "Standard";
  }
}
