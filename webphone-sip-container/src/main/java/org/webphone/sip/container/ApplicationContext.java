package org.webphone.sip.container;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.servlet.ServletContext;
import javax.servlet.ServletException;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.TimerService;
import org.mobicents.servlet.sip.annotation.ConcurrencyControlMode;
import org.mobicents.servlet.sip.core.MobicentsSipServlet;
import org.mobicents.servlet.sip.core.SipApplicationDispatcher;
import org.mobicents.servlet.sip.core.SipContextEvent;
import org.mobicents.servlet.sip.core.SipContextEventType;
import org.mobicents.servlet.sip.core.SipListeners;
import org.mobicents.servlet.sip.core.SipManager;
import org.mobicents.servlet.sip.core.descriptor.MobicentsSipServletMapping;
import org.mobicents.servlet.sip.core.message.MobicentsSipServletRequest;
import org.mobicents.servlet.sip.core.message.MobicentsSipServletResponse;
import org.mobicents.servlet.sip.core.security.SipDigestAuthenticator;
import org.mobicents.servlet.sip.core.session.MobicentsSipApplicationSession;
import org.mobicents.servlet.sip.core.session.MobicentsSipSession;
import org.mobicents.servlet.sip.core.session.SipApplicationSessionCreationThreadLocal;
import org.mobicents.servlet.sip.core.session.SipSessionsUtilImpl;
import org.mobicents.servlet.sip.core.timers.ProxyTimerService;
import org.mobicents.servlet.sip.core.timers.ProxyTimerServiceImpl;
import org.mobicents.servlet.sip.core.timers.SipApplicationSessionTimerService;
import org.mobicents.servlet.sip.core.timers.StandardSipApplicationSessionTimerService;
import org.mobicents.servlet.sip.core.timers.TimerServiceImpl;
import org.mobicents.servlet.sip.message.SipFactoryFacade;
import org.mobicents.servlet.sip.message.SipFactoryImpl;
import org.mobicents.servlet.sip.ruby.SipRubyController;

/**
 * The core's view of one deployed SIP application (JSR 289 §10): its servlets, sessions, timers and
 * the servlet-context attributes servlets read at init.
 *
 * <p>Security constraints from sip.xml are not supported: authentication is the application's own
 * (digest in the registrar), so {@link #authorize} lets everything through.
 *
 * <p>Threading: built and torn down by the thread that starts or stops the container; everything
 * else is read from JAIN-SIP and timer threads, hence the immutable or concurrent fields.
 */
final class ApplicationContext extends DescriptorProperties {
  /** Answers peers' digest challenges for the application (trunks). */
  private final ClientDigest clientDigest = new ClientDigest();

  private final SipApplicationSpec spec;
  private final SipApplicationDispatcher dispatcher;
  private final ClassLoader classLoader;
  private final ServletContext servletContext;
  private final SessionManager sessionManager;
  private final SipFactoryFacade sipFactory;
  private final SipSessionsUtilImpl sessionsUtil;
  private final TimerServiceImpl timerService;
  private final SipApplicationSessionTimerService sasTimerService;
  private final ProxyTimerService proxyTimerService;
  private final Map<String, MobicentsSipServlet> servlets = new LinkedHashMap<>();
  private final List<MobicentsSipServletMapping> mappings = new CopyOnWriteArrayList<>();
  private volatile SipListeners listeners;
  private volatile ConcurrencyControlMode concurrencyControlMode;

  ApplicationContext(SipApplicationSpec spec, SipApplicationDispatcher dispatcher) {
    this.spec = spec;
    this.dispatcher = dispatcher;
    this.classLoader = Thread.currentThread().getContextClassLoader();
    this.servletContext =
        JavaxServletContexts.context(spec.name(), spec.initParameters(), classLoader);
    this.listeners = new ListenersHolder(this);
    this.sessionManager = new SessionManager(this);
    SipFactoryImpl factory = (SipFactoryImpl) dispatcher.getSipFactory();
    sessionManager.setMobicentsSipFactory(factory);
    this.sipFactory = new SipFactoryFacade(factory, this);
    this.sessionsUtil = new SipSessionsUtilImpl(this);
    this.timerService = new TimerServiceImpl(dispatcher.getSipService(), spec.name());
    this.sasTimerService = new StandardSipApplicationSessionTimerService(spec.name());
    this.proxyTimerService = new ProxyTimerServiceImpl(spec.name());
    publishAttributes();
  }

  /** JSR 289 §3.2 and §4.1: the attributes servlets look up in {@code init()}. */
  private void publishAttributes() {
    servletContext.setAttribute(SipServlet.SIP_FACTORY, sipFactory);
    servletContext.setAttribute(SipServlet.TIMER_SERVICE, timerService);
    servletContext.setAttribute(SipServlet.SIP_SESSIONS_UTIL, sessionsUtil);
    servletContext.setAttribute(
        SipServlet.SUPPORTED, Arrays.asList(dispatcher.getExtensionsSupported()));
    servletContext.setAttribute(
        SipServlet.SUPPORTED_RFCs, Arrays.asList(dispatcher.getRfcSupported()));
    servletContext.setAttribute("javax.servlet.sip.100rel", Boolean.TRUE);
    servletContext.setAttribute(SipServlet.OUTBOUND_INTERFACES, dispatcher.getOutboundInterfaces());
  }

  /** Creates and initialises every servlet (JSR 289 §2.1.1 steps 1-3). */
  void deployServlets() throws ServletException, ReflectiveOperationException {
    for (SipApplicationSpec.ServletSpec s : spec.servlets()) {
      ServletHolder holder = new ServletHolder(s, spec.factory().create(s));
      holder.init(JavaxServletContexts.config(s.name(), servletContext));
      servlets.put(s.name(), holder);
    }
  }

  void undeployServlets() {
    List<MobicentsSipServlet> reversed = new ArrayList<>(servlets.values());
    Collections.reverse(reversed);
    for (MobicentsSipServlet s : reversed) {
      ((ServletHolder) s).destroy();
    }
    servlets.clear();
  }

  void stopTimers() {
    timerService.stop();
    sasTimerService.stop();
    proxyTimerService.stop();
  }

  @Override
  public boolean notifySipContextListeners(SipContextEvent event) {
    if (event.getEventType() == SipContextEventType.SERVLET_INITIALIZED) {
      if (!timerService.isStarted()) {
        timerService.start();
      }
      if (!sasTimerService.isStarted()) {
        sasTimerService.start();
      }
      if (!proxyTimerService.isStarted()) {
        proxyTimerService.start();
      }
    }
    return true;
  }

  /**
   * JSR 289 §6.4.2 concurrency control: in SipApplicationSession mode a thread holds the
   * application session's lock from entry until {@link #exitSipApp}, so one call's messages and
   * timers never run at once. Sessions touched while inside (e.g. created by the servlet) are
   * collected by the core in {@link SipApplicationSessionCreationThreadLocal}; sessions an
   * application thread creates outside any dispatch are not locked.
   */
  @Override
  public void enterSipApp(
      MobicentsSipApplicationSession appSession,
      MobicentsSipSession session,
      boolean checkIsManagedThread,
      boolean isContainerManaged) {
    switch (getConcurrencyControlMode()) {
      case SipSession -> {
        if (session != null) {
          session.acquire();
        }
      }
      case SipApplicationSession -> {
        if (appSession == null) {
          return;
        }
        SipApplicationSessionCreationThreadLocal held =
            SipApplicationSessionCreationThreadLocal.getTHRef().get();
        if (held == null) {
          if (checkIsManagedThread) {
            // The application's own thread (a scheduler sending probes), outside any dispatch:
            // nothing would ever release a lock taken here, and the answer's dispatch would wait
            // on it forever. The lock serializes container calls only (§6.4.2).
            return;
          }
          held = new SipApplicationSessionCreationThreadLocal();
          SipApplicationSessionCreationThreadLocal.getTHRef().set(held);
        }
        if (held.getSipApplicationSessions().add(appSession) && isContainerManaged) {
          appSession.acquire();
        }
      }
      default -> {}
    }
  }

  @Override
  public void exitSipApp(MobicentsSipApplicationSession appSession, MobicentsSipSession session) {
    switch (getConcurrencyControlMode()) {
      case SipSession -> {
        if (session != null) {
          session.release();
        }
      }
      case SipApplicationSession -> {
        SipApplicationSessionCreationThreadLocal held =
            SipApplicationSessionCreationThreadLocal.getTHRef().get();
        SipApplicationSessionCreationThreadLocal.getTHRef().remove();
        boolean released = false;
        if (held != null) {
          for (MobicentsSipApplicationSession s : held.getSipApplicationSessions()) {
            s.release();
            released |= s.equals(appSession);
          }
        }
        if (!released && appSession != null) {
          appSession.release();
        }
      }
      default -> {}
    }
  }

  @Override
  public void enterSipContext() {
    Thread.currentThread().setContextClassLoader(classLoader);
  }

  @Override
  public void exitSipContext(ClassLoader oldClassLoader) {
    Thread.currentThread().setContextClassLoader(oldClassLoader);
  }

  @Override
  public MobicentsSipServletMapping findSipServletMappings(SipServletRequest request) {
    for (MobicentsSipServletMapping m : mappings) {
      if (m.getMatchingRule().matches(request)) {
        return m;
      }
    }
    return null;
  }

  @Override
  public String getApplicationName() {
    return spec.name();
  }

  @Override
  public String getApplicationNameHashed() {
    return dispatcher.getHashFromApplicationName(spec.name());
  }

  @Override
  public boolean hasDistributableManager() {
    return false;
  }

  @Override
  public void setApplicationName(String applicationName) {
    throw new UnsupportedOperationException("the application name is fixed: " + spec.name());
  }

  @Override
  public SipListeners getListeners() {
    return listeners;
  }

  @Override
  public void setListeners(SipListeners listeners) {
    this.listeners = listeners;
  }

  @Override
  public boolean isMainServlet() {
    return true;
  }

  @Override
  public String getMainServlet() {
    return spec.mainServlet();
  }

  @Override
  public void setMainServlet(String mainServlet) {
    throw new UnsupportedOperationException("the main servlet is fixed: " + spec.mainServlet());
  }

  @Override
  public void setServletHandler(String servletHandler) {
    throw new UnsupportedOperationException("the servlet handler is the main servlet");
  }

  @Override
  public String getServletHandler() {
    return spec.mainServlet();
  }

  @Override
  public void addSipApplicationListener(String listener) {
    throw new UnsupportedOperationException("listeners come from the application spec");
  }

  @Override
  public void removeSipApplicationListener(String listener) {
    throw new UnsupportedOperationException("listeners come from the application spec");
  }

  @Override
  public String[] findSipApplicationListeners() {
    return new String[0];
  }

  @Override
  public void addSipServletMapping(MobicentsSipServletMapping mapping) {
    mappings.add(mapping);
  }

  @Override
  public void removeSipServletMapping(MobicentsSipServletMapping mapping) {
    mappings.remove(mapping);
  }

  @Override
  public List<MobicentsSipServletMapping> findSipServletMappings() {
    return mappings;
  }

  @Override
  public SipManager getSipManager() {
    return sessionManager;
  }

  @Override
  public SipApplicationDispatcher getSipApplicationDispatcher() {
    return dispatcher;
  }

  @Override
  public String getEngineName() {
    return "webphone";
  }

  @Override
  public boolean enterSipAppHa(boolean startCacheActivity) {
    return false; // no replicated sessions: clustering is the application's (data grid)
  }

  @Override
  public void exitSipAppHa(
      MobicentsSipServletRequest request, MobicentsSipServletResponse response, boolean batch) {
    // nothing replicated, nothing to end
  }

  @Override
  public SipFactory getSipFactoryFacade() {
    return sipFactory;
  }

  @Override
  public SipSessionsUtilImpl getSipSessionsUtil() {
    return sessionsUtil;
  }

  @Override
  public TimerService getTimerService() {
    return timerService;
  }

  @Override
  public ProxyTimerService getProxyTimerService() {
    return proxyTimerService;
  }

  @Override
  public SipApplicationSessionTimerService getSipApplicationSessionTimerService() {
    return sasTimerService;
  }

  @Override
  public void setConcurrencyControlMode(ConcurrencyControlMode mode) {
    this.concurrencyControlMode = mode;
  }

  @Override
  public ConcurrencyControlMode getConcurrencyControlMode() {
    return concurrencyControlMode;
  }

  @Override
  public void setSipRubyController(SipRubyController controller) {
    throw new UnsupportedOperationException("no Ruby SIP applications");
  }

  @Override
  public SipRubyController getSipRubyController() {
    return null;
  }

  @Override
  public ServletContext getServletContext() {
    return servletContext;
  }

  @Override
  public String getPath() {
    return "/" + spec.name();
  }

  @Override
  public MobicentsSipServlet findSipServletByClassName(String canonicalName) {
    for (MobicentsSipServlet s : servlets.values()) {
      if (((ServletHolder) s).type().getCanonicalName().equals(canonicalName)) {
        return s;
      }
    }
    return null;
  }

  @Override
  public MobicentsSipServlet findSipServletByName(String name) {
    return servlets.get(name);
  }

  @Override
  public ClassLoader getSipContextClassLoader() {
    return classLoader;
  }

  @Override
  public Map<String, MobicentsSipServlet> getChildrenMap() {
    return Collections.unmodifiableMap(servlets);
  }

  @Override
  public boolean isPackageProtectionEnabled() {
    return false;
  }

  @Override
  public boolean authorize(MobicentsSipServletRequest request) {
    return true;
  }

  @Override
  public SipDigestAuthenticator getDigestAuthenticator() {
    return clientDigest;
  }

  @Override
  public void stopGracefully(long timeToWait) {
    throw new UnsupportedOperationException("stop the container instead");
  }

  @Override
  public boolean isStoppingGracefully() {
    return false;
  }
}
