package org.webphone.sip.container;

import gov.nist.javax.sip.ListeningPointExt;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TooManyListenersException;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sip.InvalidArgumentException;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.apache.log4j.Logger;
import org.mobicents.servlet.sip.SipConnector;
import org.mobicents.servlet.sip.annotation.ConcurrencyControlMode;
import org.mobicents.servlet.sip.core.ExtendedListeningPoint;
import org.mobicents.servlet.sip.core.SipApplicationDispatcherImpl;
import org.mobicents.servlet.sip.message.SipFactoryImpl;
import org.mobicents.servlet.sip.startup.StaticServiceHolder;
import org.webphone.sip.container.ws.WebSocketConnection;
import org.webphone.sip.container.ws.WebSocketPeer;
import org.webphone.sip.container.ws.WsProcessorFactory;

/**
 * Hosts the Mobicents SIP Servlets core (JSR 289) for our application (and integrators' ones),
 * outside any servlet container: builds the JAIN-SIP stack and listening points, the core's
 * dispatcher, and the application's context, and takes them down again without leaving a thread or
 * a socket.
 *
 * <p>The core keeps global state ({@link StaticServiceHolder}, JAIN-SIP's {@link SipFactory}
 * singleton), so one container may run per class loader at a time; start and stop are synchronised
 * and must not overlap with another instance.
 */
public final class SipContainer {
  private static final Logger LOG = Logger.getLogger(SipContainer.class);
  private static final String ROUTER_PROVIDER_PROPERTY =
      "javax.servlet.sip.ar.spi.SipApplicationRouterProvider";
  private static final Object GLOBAL_LOCK = new Object();
  private static SipContainer running;

  private final SipContainerConfig config;
  private final SipApplications applications;
  private SipApplicationDispatcherImpl dispatcher;
  private volatile ClosedRelay closedRelay;
  private volatile SipStack stack;
  private SipProvider provider;
  private final List<ExtendedListeningPoint> listeningPoints = new ArrayList<>();
  private final List<ApplicationContext> contexts = new CopyOnWriteArrayList<>();
  private final WsProcessorFactory webSockets;
  private Set<Thread> threadsBeforeStart;
  private ScheduledExecutorService graceTimers;

  public SipContainer(SipContainerConfig config, SipApplicationSpec application) {
    this(config, application, new WsProcessorFactory());
  }

  /**
   * @param webSockets the WebSocket transports, created first so that the application's features
   *     can hold its {@link Flows} before the container starts them
   */
  public SipContainer(
      SipContainerConfig config, SipApplicationSpec application, WsProcessorFactory webSockets) {
    this(config, SipApplications.of(application), webSockets);
  }

  /**
   * Several applications, which see each request in the order of its method's chain (integrators'
   * applications before or beside ours).
   */
  public SipContainer(
      SipContainerConfig config, SipApplications applications, WsProcessorFactory webSockets) {
    this.config = config;
    this.applications = applications;
    this.webSockets = webSockets;
  }

  /**
   * The cluster's hops ({@link HomeHops}): requests of dialogs routed through this node to its
   * phones pass {@link UnknownDialogValve}. Without it (one node) there are none.
   */
  public SipContainer homeHops(HomeHops hops) {
    hops.reachedOver(webSockets);
    HomeHops.installed = hops;
    return this;
  }

  /**
   * The scheduler of the container's own short waits (the grace for the ACK of a refused INVITE,
   * {@link RefusedInvites}); the dispatcher's when not given. A test gives one it drives by hand.
   * Call before {@link #start}.
   */
  public SipContainer graceTimers(ScheduledExecutorService timers) {
    this.graceTimers = timers;
    return this;
  }

  /** The phones' WebSocket connections, for features that send them requests. */
  public Flows flows() {
    return webSockets;
  }

  /** Starts the stack, binds every configured port and deploys the application. */
  public void start() throws SipContainerException {
    synchronized (GLOBAL_LOCK) {
      if (running != null) {
        throw new IllegalStateException("a SIP container is already running in this class loader");
      }
      threadsBeforeStart = Set.copyOf(Thread.getAllStackTraces().keySet());
      try {
        doStart();
        running = this;
      } catch (Exception e) {
        stopQuietly();
        throw new SipContainerException("SIP container failed to start: " + e.getMessage(), e);
      }
    }
  }

  private void doStart() throws Exception {
    Log4jBridge.install();
    StackSettings.encodeHeaderListsPerLine();
    // Trap 2: the dispatcher registers an MBean in MBeanServerFactory.findMBeanServer(null).get(0);
    // creating the platform server makes sure there is one outside an application server.
    ManagementFactory.getPlatformMBeanServer();
    System.setProperty(ROUTER_PROVIDER_PROPERTY, ChainApplicationRouter.Provider.class.getName());
    SipConnector[] connectors = StackSettings.connectors(config);
    ContainerService service = new ContainerService(config, connectors);
    // Trap 1: the dispatcher's constructor reads this static.
    StaticServiceHolder.sipStandardService = service;
    dispatcher = new SipApplicationDispatcherImpl();
    StatisticsSilencer.silence(dispatcher);
    service.setSipApplicationDispatcher(dispatcher);
    dispatcher.setSipService(service);
    SipFactoryImpl sipFactory = (SipFactoryImpl) dispatcher.getSipFactory();
    sipFactory.initialize("gov.nist", false);
    ((MessageFactory) sipFactory.getMobicentsSipServletMessageFactory())
        .graceTimers(
            graceTimers != null ? graceTimers : dispatcher.getAsynchronousScheduledExecutor());
    stack =
        sipFactory
            .getJainSipFactory()
            .createSipStack(StackSettings.stackProperties(config, applications.servedMethods()));
    // Before any listening point: WS and WSS processors are ours (no socket of their own).
    ((SIPTransactionStack) stack).setMessageProcessorFactory(webSockets);
    service.setSipStack(stack);
    StackSettings.configure(dispatcher, config);
    // Next hops: phones' WebSocket flows first, and no DNS query for a browser's made-up host.
    dispatcher.setDNSServerLocator(webSockets.hopLocator(!config.contactsAsWritten()));
    dispatcher.setSipStack(stack);
    dispatcher.init();
    // Never relay what matches no session of ours (ClosedRelay), nor hand an orphaned request on.
    closedRelay = ClosedRelay.install(dispatcher);
    sipFactory.setRouteOrphanRequests(false);
    bindListeningPoints(connectors);
    ((ChainApplicationRouter) dispatcher.getSipApplicationRouter()).route(applications);
    for (SipApplicationSpec application : applications.applications()) {
      ApplicationContext context = new ApplicationContext(application, dispatcher);
      context.setConcurrencyControlMode(ConcurrencyControlMode.SipApplicationSession);
      context.deployServlets();
      dispatcher.addSipApplication(application.name(), context);
      contexts.add(context);
    }
    dispatcher.start();
    dispatcher.putInService();
    LOG.info(
        "SIP container started: "
            + (contexts.size() == 1 ? "application " : "applications ")
            + applications.applications().stream()
                .map(SipApplicationSpec::name)
                .collect(Collectors.joining(", "))
            + " on "
            + listeningPoints.stream()
                .map(lp -> lp.getTransport() + " " + lp.getIpAddress(false) + ":" + lp.getPort())
                .collect(Collectors.joining(", ")));
  }

  private void bindListeningPoints(SipConnector[] connectors)
      throws TooManyListenersException, javax.sip.SipException, InvalidArgumentException {
    for (SipConnector connector : connectors) {
      ListeningPointExt lp =
          (ListeningPointExt)
              stack.createListeningPoint(
                  connector.getIpAddress(), connector.getPort(), connector.getTransport());
      if (provider == null) {
        provider = stack.createSipProvider(lp);
        provider.addSipListener(dispatcher);
      } else {
        provider.addListeningPoint(lp);
      }
      ExtendedListeningPoint extended = new ExtendedListeningPoint(provider, lp, connector);
      if (config.publicAddress() != null) {
        extended.setGlobalIpAddress(config.publicAddress());
        extended.setGlobalPort(connector.getPort());
        extended.setUseStaticAddress(true);
      }
      dispatcher.getSipNetworkInterfaceManager().addExtendedListeningPoint(extended);
      listeningPoints.add(extended);
    }
  }

  /**
   * True when the node answers an OPTIONS to its own UDP listening point within {@code timeout}
   * (see {@link SelfProbe}); true without UDP, false when stopped.
   */
  public boolean answersItself(java.time.Duration timeout) {
    if (contexts.isEmpty()) {
      return false;
    }
    return config.udpPort() == 0
        || SelfProbe.answers(config.bindAddress(), config.udpPort(), timeout);
  }

  /**
   * Hands a browser's WebSocket connection (RFC 7118) to the SIP stack: its frames enter the same
   * transaction layer and servlets as UDP and TCP, and answers go back on it.
   *
   * @param secure true for {@code wss://}
   * @throws IOException when that transport is not configured
   */
  public WebSocketConnection openWebSocket(WebSocketPeer peer, boolean secure) throws IOException {
    return webSockets.open(peer, secure);
  }

  /** Server transactions the stack holds now (each keeps its parsed request until it ends). */
  public int serverTransactions() {
    SipStack s = stack;
    return s instanceof gov.nist.javax.sip.stack.SIPTransactionStack t
        ? t.getServerTransactionTableSize()
        : 0;
  }

  /**
   * In-dialog requests for no dialog or session of this node answered 481, or dropped when ACKs,
   * since start: by {@link UnknownDialogValve} before the core, or by {@link ClosedRelay} where the
   * core would have relayed them.
   */
  public long unknownDialogRefusals() {
    ClosedRelay c = closedRelay;
    return (c == null ? 0 : c.refused())
        + valve(UnknownDialogValve.class, UnknownDialogValve::refused);
  }

  /** What the node refused before any application saw it, since start, by reason. */
  public SipRefusals refusals() {
    return new SipRefusals(
        unknownDialogRefusals(),
        valve(UnservedRequestValve.class, UnservedRequestValve::unserved),
        valve(UnservedRequestValve.class, UnservedRequestValve::oversized),
        valve(RequestSanityValve.class, RequestSanityValve::refused),
        valve(OverloadValve.class, OverloadValve::rejected));
  }

  private <V> long valve(Class<V> type, java.util.function.ToLongFunction<V> count) {
    long n = 0;
    if (stack instanceof gov.nist.javax.sip.stack.SIPTransactionStack t) {
      for (var valve : t.sipMessageValves) {
        if (type.isInstance(valve)) {
          n += count.applyAsLong(type.cast(valve));
        }
      }
    }
    return n;
  }

  /** {@link #activeApplicationSessions()} per application, by name. */
  public Map<String, Integer> activeApplicationSessionsByApplication() {
    Map<String, Integer> m = new TreeMap<>();
    for (ApplicationContext c : contexts) {
      m.put(c.getApplicationName(), c.getSipManager().getActiveSipApplicationSessions());
    }
    return m;
  }

  /**
   * SIP application sessions the core holds now; sessions a servlet did not end (and the core keeps
   * until their timeout) show here.
   */
  public int activeApplicationSessions() {
    return contexts.stream()
        .mapToInt(c -> c.getSipManager().getActiveSipApplicationSessions())
        .sum();
  }

  /**
   * Stops in the order that leaves no SIP thread and frees every port (ARCHITECTURE.md): the
   * application first (servlets may still send), then the listener, provider and listening points,
   * then the dispatcher and its stack, then the timers, and last the JAIN-SIP event scanner, whose
   * {@code forceStop()} sets a flag without waking the thread.
   */
  public void stop() {
    synchronized (GLOBAL_LOCK) {
      if (running != this) {
        return;
      }
      stopQuietly();
      running = null;
    }
  }

  private void stopQuietly() {
    if (dispatcher != null) {
      for (ApplicationContext c : contexts) {
        dispatcher.removeSipApplication(c.getApplicationName());
        c.undeployServlets();
      }
    }
    if (provider != null) {
      provider.removeSipListener(dispatcher);
    }
    for (ExtendedListeningPoint lp : listeningPoints) {
      dispatcher.getSipNetworkInterfaceManager().removeExtendedListeningPoint(lp);
    }
    // The provider and listening points are not deleted one by one: JAIN-SIP stops the whole
    // stack when its last provider goes, as the dispatcher's stop does again, and each stop sleeps
    // a fixed second (SIPTransactionStack.stopStack). The stack's one stop below closes every
    // socket and forgets its providers and listening points: a stop takes 1 s, not 3.
    listeningPoints.clear();
    provider = null;
    if (dispatcher != null) {
      dispatcher.stop(); // stops the stack
    }
    if (stack instanceof SIPTransactionStack s && s.isAlive()) {
      stack.stop(); // a start that failed before the dispatcher owned the stack
    }
    for (ApplicationContext c : contexts) {
      c.stopTimers();
    }
    SipFactory.getInstance().resetFactory();
    StaticServiceHolder.sipStandardService = null;
    endLeftoverThreads();
    dispatcher = null;
    stack = null;
    contexts.clear();
  }

  private void endLeftoverThreads() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!threadsBeforeStart.contains(t) && t.getName().startsWith("EventScannerThread")) {
        t.interrupt();
        try {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Fails the start of the container; carries the cause. */
  public static final class SipContainerException extends Exception {
    private static final long serialVersionUID = 1L;

    SipContainerException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Replaces the core's statistics reporter; see {@link #silence}. */
  static final class StatisticsSilencer {
    private StatisticsSilencer() {}

    /**
     * The core starts a reporter that posts usage statistics to a vendor server, and its {@code
     * stop()} posts once more even with gathering off. The server must open no connection that the
     * operator did not configure, so the dispatcher gets a reporter that never reports.
     */
    static void silence(SipApplicationDispatcherImpl dispatcher)
        throws ReflectiveOperationException {
      Field field = SipApplicationDispatcherImpl.class.getDeclaredField("statsReporter");
      field.setAccessible(true);
      field.set(dispatcher, new SilentStatsReporter());
    }
  }
}
