package org.webphone.web.sip;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.Servlet;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.webphone.media.RelayStats;
import org.webphone.sip.call.B2bua;
import org.webphone.sip.call.MediaAnchor;
import org.webphone.sip.container.HomeHops;
import org.webphone.sip.container.SipApplicationSpec;
import org.webphone.sip.container.SipContainer;
import org.webphone.sip.container.SipRefusals;
import org.webphone.sip.container.ws.WsProcessorFactory;
import org.webphone.sip.media.BrowserMedia;
import org.webphone.sip.profile.PhonebookNotifier;
import org.webphone.sip.registrar.ContactProbe;
import org.webphone.sip.registrar.Registrar;
import org.webphone.sip.registrar.RegistrarConfig;
import org.webphone.sip.registrar.SipAuthenticator;
import org.webphone.web.cluster.GridMembership;
import org.webphone.web.cluster.ProcessOwner;
import org.webphone.web.cluster.SharedSecrets;
import org.webphone.web.phonebook.PhonebookPush;

/**
 * Starts the SIP container once the application can serve phones ({@link SipOpener} calls {@link
 * #open} when the web application has started) and stops it with the application.
 *
 * <p>Servlets come from CDI, so they inject beans and EJBs; each is wrapped once in a contextual
 * proxy, so every call from a JAIN-SIP thread (which carries no context of its own) runs with this
 * application's naming, class loader and security context.
 */
@Singleton
// The database is migrated and seeded before the SIP side exists.
@DependsOn("DemoSeeder")
// Every browser connection opens through here, and the liveness check waits for an answer: the
// default write lock would queue all of them behind that wait. The container is thread-safe.
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SipContainerService {
  private static final Logger LOG = Logger.getLogger(SipContainerService.class.getName());

  @Inject Config config;

  @Inject SipServletDiscovery discovery;

  @Inject Instance<Object> beans;

  @Resource ContextService contextService;

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject WsProcessorFactory webSockets;

  @Inject Registrar registrar;

  @Inject ContactProbe probe;

  @Inject PhonebookNotifier phonebook;

  @Inject PhonebookPush phonebookPush;

  @Inject B2bua calls;

  @Inject RegistrarConfig registrarConfig;

  @Inject MetricRegistry metrics;

  @Inject SipAuthenticator authenticator;

  @Inject CallRecordWriter records;

  @Inject MediaAnchor anchor;

  @Inject SharedSecrets sharedSecrets;

  @Inject ProcessOwner processOwner;

  @Inject GridMembership gridMembership;

  @Inject HomeHops homeHops;

  @Inject SipBeans sipBeans;

  private volatile SipContainer container;
  private final List<ScheduledFuture<?>> chores = new ArrayList<>();

  /** Starts the container, unless it runs already; its ports answer from now on. */
  public synchronized void open() {
    if (container != null) {
      return;
    }
    // First: a lite member (a node of a cluster) owns no data, so a grid of lite members alone,
    // such as a cluster's first node, could not even compare secrets.
    gridMembership.becomeDataMember();
    List<String> differ = sharedSecrets.differences();
    if (!differ.isEmpty()) {
      // The data-grid member joined when the server booted, before this application: leaving the
      // grid takes the process, where the application owns it. On a shared server it serves
      // nothing instead (readiness stays DOWN, no SIP port opens).
      LOG.severe(
          "this node refuses to join the cluster and "
              + (processOwner.owns() ? "stops" : "serves nothing")
              + ": "
              + String.join("; ", differ)
              + " (docs/cluster.md)");
      processOwner.exit(78, "webphone-refuses-cluster", () -> {});
      return;
    }
    SipContainer c =
        new SipContainer(
            SipSettings.container(config),
            discovery.applications(
                this::createServlet,
                config
                    .getOptionalValue("webphone.sip.application-router", String.class)
                    .orElse("")),
            webSockets);
    c.homeHops(homeHops);
    try {
      c.start();
    } catch (SipContainer.SipContainerException e) {
      // The web side keeps running and /health reports the SIP side down.
      LOG.severe(e.getMessage());
      return;
    }
    container = c; // published once started: browsers connecting meanwhile are refused
    // A node lost from the grid takes its calls with it: the ones this node relays for it end here
    // at once (docs/cluster.md, "Losing a node").
    gridMembership.onMemberLeft(lost -> scheduler.execute(() -> endRelayedFrom(lost)));
    phonebookPush.start();
    scheduleChores();
    registerMetrics();
    registerRefusalMetrics(c);
    registerMediaMetrics();
  }

  private void endRelayedFrom(String lost) {
    int ended = homeHops.endRelayedFrom(lost);
    int recorded = calls.nodeLeft(lost);
    LOG.info(
        "grid member "
            + lost
            + " left: "
            + ended
            + " call(s) this node relayed for it ended (BYE or CANCEL with a Reason), "
            + recorded
            + " of its answered calls recorded here");
  }

  /** What the node refused before any application saw it, by reason (SipRefusals). */
  private void registerRefusalMetrics(SipContainer c) {
    Map<String, ToLongFunction<SipRefusals>> reasons =
        Map.of(
            "unknown_dialog", SipRefusals::unknownDialog,
            "unserved", SipRefusals::unserved,
            "oversized", SipRefusals::oversized,
            "malformed", SipRefusals::malformed,
            "overload", SipRefusals::overload);
    Metadata refused =
        Metadata.builder()
            .withName("webphone.sip.refused")
            .withDescription(
                "SIP requests refused before any application saw them since start, by reason")
            .build();
    reasons.forEach(
        (reason, count) ->
            metrics.gauge(
                refused, c, x -> count.applyAsLong(x.refusals()), new Tag("reason", reason)));
  }

  /**
   * Bindings of closed connections are removed once their grace period ends (checked every few
   * seconds), and WebSocket phones are probed with OPTIONS at the configured interval.
   */
  private void scheduleChores() {
    long sweepSeconds = Math.max(1, Math.min(5, registrarConfig.flowGracePeriod().toSeconds()));
    chores.add(
        scheduler.scheduleWithFixedDelay(
            quietly(
                () -> {
                  registrar.sweep();
                  homeHops.sweep();
                }),
            sweepSeconds,
            sweepSeconds,
            TimeUnit.SECONDS));
    chores.add(
        scheduler.scheduleWithFixedDelay(
            quietly(phonebook::sweep), sweepSeconds, sweepSeconds, TimeUnit.SECONDS));
    // A third of the lease: one late beat does not make the node lost to the others.
    long beatMillis = SipBeans.CALL_PLACES_LEASE.toMillis() / 3;
    chores.add(
        scheduler.scheduleWithFixedDelay(
            quietly(sipBeans::beatCallPlaces), beatMillis, beatMillis, TimeUnit.MILLISECONDS));
    long probeMillis = registrarConfig.probeInterval().toMillis();
    if (probeMillis > 0) {
      chores.add(
          scheduler.scheduleWithFixedDelay(
              quietly(probe::probeAll), probeMillis, probeMillis, TimeUnit.MILLISECONDS));
    }
  }

  /** A chore that throws would never run again: log and carry on. */
  private static Runnable quietly(Runnable chore) {
    return () -> {
      try {
        chore.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "SIP chore failed", e);
      }
    };
  }

  private void registerMetrics() {
    metrics.gauge(
        Metadata.builder()
            .withName("webphone.sip.calls.active")
            .withDescription("Calls ringing or in progress through this node's B2BUA")
            .build(),
        calls,
        B2bua::activeCalls);
    metrics.gauge(
        Metadata.builder()
            .withName("webphone.sip.subscriptions")
            .withDescription("Phonebook subscriptions (ua-profile) held on this node")
            .build(),
        phonebook,
        PhonebookNotifier::count);
    metrics.gauge(
        Metadata.builder()
            .withName("webphone.sip.websocket.connections")
            .withDescription("Open SIP-over-WebSocket connections on this node")
            .build(),
        webSockets,
        WsProcessorFactory::openConnections);
    metrics.gauge(
        Metadata.builder()
            .withName("webphone.sip.credentials.last.known")
            .withDescription(
                "Credential look-ups the database could not answer (it was away), answered with"
                    + " the last credentials read (webphone.registrar.last-known-for)")
            .build(),
        authenticator,
        SipAuthenticator::lastKnownServed);
    metrics.gauge(
        Metadata.builder()
            .withName("webphone.call.records.waiting")
            .withDescription(
                "Call records of ended calls not yet in the database (journaled: they wait there"
                    + " while the database is away)")
            .build(),
        records,
        CallRecordWriter::waiting);
    metrics.gauge(
        Metadata.builder()
            .withName("webphone.sip.websocket.refused")
            .withDescription(
                "WebSocket connections refused since start: their address held"
                    + " webphone.sip.ws-max-unsigned-per-address that had not signed in")
            .build(),
        webSockets,
        WsProcessorFactory::refusedConnections);
    metrics.gauge(
        Metadata.builder()
            .withName("webphone.cluster.data.members")
            .withDescription(
                "Data members of the grid this node sees, itself included (0 without a grid): a"
                    + " node that sees fewer than the others is cut off from them")
            .build(),
        gridMembership,
        GridMembership::dataMembers);
    metrics.gauge(
        Metadata.builder()
            .withName("webphone.sip.probes.sent")
            .withDescription("OPTIONS probes sent to WebSocket phones since start")
            .build(),
        probe,
        ContactProbe::sent);
    metrics.gauge(
        Metadata.builder()
            .withName("webphone.sip.probes.answered")
            .withDescription("OPTIONS probes the phones answered since start")
            .build(),
        probe,
        ContactProbe::answered);
    metrics.gauge(
        Metadata.builder()
            .withName("webphone.sip.probes.failed")
            .withDescription("OPTIONS probes that could not be sent or got no answer")
            .build(),
        probe,
        ContactProbe::failed);
  }

  private void registerMediaMetrics() {
    if (anchor instanceof BrowserMedia browsers) {
      metrics.gauge(
          Metadata.builder()
              .withName("webphone.media.legs")
              .withDescription(
                  "Call legs anchored on this node: browsers (ICE, DTLS, SRTP) and SIP phones (RTP)")
              .build(),
          browsers,
          BrowserMedia::legs);
      RelayStats stats = browsers.stats();
      metrics.gauge(
          Metadata.builder()
              .withName("webphone.media.packets.relayed")
              .withDescription("RTP and RTCP packets relayed between anchored legs since start")
              .build(),
          stats,
          RelayStats::relayed);
      metrics.gauge(
          Metadata.builder()
              .withName("webphone.media.packets.refused")
              .withDescription("Packets refused by SRTP (authentication, replay) since start")
              .build(),
          stats,
          RelayStats::refused);
      metrics.gauge(
          Metadata.builder()
              .withName("webphone.media.packets.unsent")
              .withDescription("Packets that could not be sent on (no ICE pair yet, socket errors)")
              .build(),
          stats,
          RelayStats::unsent);
      metrics.gauge(
          Metadata.builder()
              .withName("webphone.media.packets.lost")
              .withDescription(
                  "RTP packets of anchored legs' streams that never reached this node since start")
              .build(),
          stats,
          RelayStats::lost);
      metrics.gauge(
          Metadata.builder()
              .withName("webphone.media.packets.refused_source")
              .withDescription(
                  "Packets dropped because they came from neither a phone leg's SDP address nor"
                      + " its signalling IP (RTP bleed, spraying) since start")
              .build(),
          stats,
          RelayStats::refusedSource);
    }
  }

  private Servlet createServlet(SipApplicationSpec.ServletSpec spec) {
    Servlet servlet = beans.select(spec.type()).get();
    return contextService.createContextualProxy(servlet, Servlet.class);
  }

  @PreDestroy
  synchronized void stop() {
    chores.forEach(c -> c.cancel(false));
    chores.clear();
    SipContainer c = container;
    container = null;
    if (c != null) {
      c.stop();
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
