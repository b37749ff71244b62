package org.webphone.web.sip;

import jakarta.annotation.PreDestroy;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.eclipse.microprofile.config.Config;
import org.webphone.account.AccountService;
import org.webphone.media.MediaConfig;
import org.webphone.media.MediaService;
import org.webphone.sip.call.B2bua;
import org.webphone.sip.call.CachedCallDirectory;
import org.webphone.sip.call.CallDirectory;
import org.webphone.sip.call.GridNodeCalls;
import org.webphone.sip.call.GridPlaces;
import org.webphone.sip.call.MediaAnchor;
import org.webphone.sip.call.NodeCalls;
import org.webphone.sip.call.Places;
import org.webphone.sip.container.HomeHops;
import org.webphone.sip.container.ws.WsProcessorFactory;
import org.webphone.sip.media.BrowserMedia;
import org.webphone.sip.profile.PhonebookNotifier;
import org.webphone.sip.registrar.Binding;
import org.webphone.sip.registrar.BindingStore;
import org.webphone.sip.registrar.ContactProbe;
import org.webphone.sip.registrar.DigestAuthenticator;
import org.webphone.sip.registrar.GridNonceCounts;
import org.webphone.sip.registrar.InMemoryBindingStore;
import org.webphone.sip.registrar.JCacheBindingStore;
import org.webphone.sip.registrar.NonceCounts;
import org.webphone.sip.registrar.Registrar;
import org.webphone.sip.registrar.RegistrarConfig;
import org.webphone.sip.registrar.SipAuthenticator;
import org.webphone.sip.registrar.SipDomain;
import org.webphone.sip.trunk.CachedTrunkDirectory;
import org.webphone.sip.trunk.TrunkDirectory;
import org.webphone.trunk.DidRoute;
import org.webphone.trunk.OutboundStanding;
import org.webphone.trunk.TrunkRoute;
import org.webphone.trunk.TrunkService;
import org.webphone.web.api.HttpDigest;
import org.webphone.web.cluster.ClusterThrottles;
import org.webphone.web.cluster.DataGrid;
import org.webphone.web.cluster.GridCaches;
import org.webphone.web.cluster.GridMembership;
import org.webphone.web.domains.SiteNamesCache;
import org.webphone.web.security.ServerSecret;

/** Wires the SIP application's plain classes from configuration and the server's services. */
@ApplicationScoped
public class SipBeans {
  private static final Logger LOG = Logger.getLogger(SipBeans.class.getName());
  static final String BINDINGS_CACHE = "webphone-bindings";

  @Inject Config config;

  @EJB AccountService accounts;

  /** Our SIP domain (an admin may change it while we run), cached there for 10 s. */
  @Inject SiteNamesCache siteNames;

  @EJB TrunkService trunkService;

  @Inject DataGrid grid;

  @Inject ClusterThrottles throttles;

  private ScheduledThreadPoolExecutor callTimers;

  /** The grid's call places, when the server has a data grid. */
  private volatile GridPlaces gridPlaces;

  /** Call places of a node whose heartbeat is older than this are dropped as lost. */
  static final java.time.Duration CALL_PLACES_LEASE = java.time.Duration.ofSeconds(15);

  private static final String CALL_PLACES_CACHE = "webphone-call-places";
  private static final String CALL_PLACES_NODES_CACHE = "webphone-call-places-nodes";
  private static final String NODE_CALLS_CACHE = "webphone-node-calls";

  private MediaService media;

  /**
   * The container's WebSocket transports, made before the container so that the registrar can hold
   * their flows (the container takes this same instance).
   */
  @Produces
  @Singleton
  WsProcessorFactory webSockets() {
    return new WsProcessorFactory(System::nanoTime, SipSettings.wsMaxUnsignedPerAddress(config));
  }

  @Produces
  @Singleton
  ServerSecret serverSecret() {
    return new ServerSecret(digestSecret());
  }

  /** SIP digest for the registrar, calls and subscriptions. */
  @Produces
  @Singleton
  DigestAuthenticator digest(ServerSecret secret, RegistrarConfig rc) {
    // A phone answers its node's own nonces, counted there (DigestAuthenticator): no grid op.
    return new DigestAuthenticator(
        secret.derive("digest nonces"), rc.nonceLifetime(), Clock.systemUTC());
  }

  /** HTTP digest (/api/token): nonces answered on any node, their counts the cluster's. */
  @Produces
  @Singleton
  HttpDigest httpDigest(ServerSecret secret, RegistrarConfig rc) {
    Clock clock = Clock.systemUTC();
    NonceCounts counts =
        grid.caches()
            .<NonceCounts>map(
                cm ->
                    new GridNonceCounts(
                        GridCaches.expiringAfterChange(
                            cm, "webphone-nonce-counts", rc.nonceLifetime().plusSeconds(30))))
            .orElseGet(
                () -> NonceCounts.local(rc.nonceLifetime(), () -> clock.millis() * 1_000_000L));
    return new HttpDigest(
        new DigestAuthenticator(
            secret.derive("http digest nonces"), rc.nonceLifetime(), clock, counts, false));
  }

  @Produces
  @Singleton
  SipAuthenticator sipAuthenticator(RegistrarConfig rc, DigestAuthenticator digest) {
    return new SipAuthenticator(
        rc,
        new SipDomain(siteNames::sipDomain),
        digest,
        user -> accounts.credentials(user, siteNames.sipDomain()),
        Clock.systemUTC(),
        throttles.throttle(
            "sip",
            rc.failuresPerUser(),
            rc.failuresPerAddress(),
            rc.failureWindow(),
            Clock.systemUTC()));
  }

  /**
   * How this node reaches the phones of the cluster's other nodes, and they its own (HomeHops):
   * keyed by the shared digest secret, at this node's address for them. The hop key is derived, so
   * it never equals a key of another use.
   */
  @Produces
  @Singleton
  HomeHops homeHops(ServerSecret secret, GridMembership membership) {
    return new HomeHops(
        secret.derive("home hops"), SipSettings.nodeAddress(config), membership.localNodeId());
  }

  @Produces
  @Singleton
  Registrar registrar(
      WsProcessorFactory webSockets,
      RegistrarConfig rc,
      SipAuthenticator authenticator,
      HomeHops hops) {
    Registrar registrar =
        new Registrar(rc, authenticator, bindingStore(rc), Clock.systemUTC(), webSockets);
    registrar.homeAt(hops.self());
    return registrar;
  }

  @Produces
  @Singleton
  PhonebookNotifier phonebookNotifier(
      WsProcessorFactory webSockets, RegistrarConfig rc, SipAuthenticator authenticator) {
    return new PhonebookNotifier(
        SipSettings.profile(config),
        authenticator,
        user -> accounts.customerOf(user, siteNames.sipDomain()),
        Clock.systemUTC(),
        webSockets);
  }

  /**
   * Calls between users. No-answer timers run on a plain scheduler of our own: they only send SIP
   * and queue a call record, so they need no application context, and the managed scheduler
   * captures that context for every task (a class-path scan each time, more CPU than the call).
   */
  @Produces
  @Singleton
  B2bua calls(
      Registrar registrar,
      MediaAnchor anchor,
      RegistrarConfig rc,
      SipAuthenticator authenticator,
      CallRecordWriter records,
      HomeHops hops,
      GridMembership membership) {
    B2bua b2bua = b2bua(registrar, anchor, rc, authenticator, records);
    b2bua.homeHops(hops);
    b2bua.cluster(nodeCalls(membership));
    return b2bua;
  }

  /**
   * The answered calls of every node, for the survivors of a lost one to record (GridNodeCalls); a
   * node without a grid has nobody to hand its calls to.
   */
  private NodeCalls nodeCalls(GridMembership membership) {
    Optional<CacheManager> caches = grid.caches();
    String node = membership.localNodeId();
    if (caches.isEmpty() || node.isEmpty()) {
      return NodeCalls.NONE;
    }
    Cache<String, GridNodeCalls.Held> calls = GridCaches.lasting(caches.get(), NODE_CALLS_CACHE);
    return new GridNodeCalls(calls, node);
  }

  private B2bua b2bua(
      Registrar registrar,
      MediaAnchor anchor,
      RegistrarConfig rc,
      SipAuthenticator authenticator,
      CallRecordWriter records) {
    return new B2bua(
        SipSettings.calls(config),
        authenticator,
        registrar,
        new CachedCallDirectory(
            new CallDirectory() {
              @Override
              public java.util.Optional<Long> customerOf(String username) {
                return accounts.customerOf(username, siteNames.sipDomain());
              }

              @Override
              public java.util.Optional<String> userByExtension(long customer, String extension) {
                return accounts.userByExtension(customer, extension);
              }

              @Override
              public java.util.Optional<String> displayNameOf(String username) {
                return accounts
                    .findAccount(username, siteNames.sipDomain())
                    .map(org.webphone.account.SipAccount::getDisplayName)
                    .filter(name -> !name.isBlank());
              }
            },
            rc.credentialsTtl(),
            rc.lastKnownFor(),
            com.github.benmanes.caffeine.cache.Ticker.systemTicker()),
        anchor,
        callTimers(),
        records,
        Clock.systemUTC(),
        new CachedTrunkDirectory(
            new TrunkDirectory() {
              @Override
              public List<TrunkRoute> trunks() {
                return trunkService.routes();
              }

              @Override
              public Optional<DidRoute> did(String e164) {
                return trunkService.didRoute(e164);
              }

              @Override
              public Optional<String> numberOf(String username) {
                return trunkService.numberOf(username, siteNames.sipDomain());
              }

              @Override
              public OutboundStanding standing(long customer) {
                return trunkService.standing(customer);
              }
            },
            SipSettings.trunkCacheTtl(config),
            rc.lastKnownFor(),
            com.github.benmanes.caffeine.cache.Ticker.systemTicker()),
        callPlaces());
  }

  /**
   * Call limits count the calls of every node in the data grid when the server has one (JCache), on
   * this node otherwise. The grid's places need a heartbeat: {@link #beatCallPlaces}.
   */
  private Places callPlaces() {
    Optional<CacheManager> caches = grid.caches();
    if (caches.isEmpty()) {
      return Places.local();
    }
    CacheManager cm = caches.get();
    Cache<String, HashMap<String, Integer>> counts = GridCaches.lasting(cm, CALL_PLACES_CACHE);
    Cache<String, Long> nodes = GridCaches.lasting(cm, CALL_PLACES_NODES_CACHE);
    gridPlaces =
        new GridPlaces(
            counts,
            nodes,
            java.util.UUID.randomUUID().toString(),
            Clock.systemUTC(),
            CALL_PLACES_LEASE.toMillis());
    return gridPlaces;
  }

  /** This node's heartbeat for the grid's call places (every few seconds; none on a node alone). */
  public void beatCallPlaces() {
    GridPlaces g = gridPlaces;
    if (g != null) {
      g.beat();
    }
  }

  private synchronized ScheduledThreadPoolExecutor callTimers() {
    if (callTimers == null) {
      callTimers =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "webphone-call-timers");
                t.setDaemon(true);
                return t;
              });
      // Most timers are cancelled (the call is answered): do not keep them until they are due.
      callTimers.setRemoveOnCancelPolicy(true);
    }
    return callTimers;
  }

  /**
   * The node's media anchor for calls between browsers, on its one UDP port; or, switched off, SDP
   * passed end to end.
   */
  @Produces
  @Singleton
  synchronized MediaAnchor mediaAnchor() {
    MediaConfig mc = SipSettings.media(config);
    if (mc == null) {
      LOG.info("media anchor off (webphone.media.enabled=false): SDP passes end to end");
      return MediaAnchor.PASS_THROUGH;
    }
    try {
      media = new MediaService(mc);
    } catch (IOException e) {
      throw new IllegalStateException(
          "media port " + mc.bindAddress() + ":" + mc.port() + " unavailable: " + e.getMessage(),
          e);
    }
    // Shutdown runs after Payara has stopped this application's class loader (ARCHITECTURE.md):
    // one leg made and freed now loads every class that freeing and closing need.
    try {
      media.newLeg(false).close();
    } catch (IOException e) {
      throw new IllegalStateException("media anchor cannot make a leg", e);
    }
    LOG.info(() -> "media anchor on " + mc.bindAddress() + ":" + mc.port() + " (UDP)");
    return new BrowserMedia(media);
  }

  @PreDestroy
  synchronized void stop() {
    if (callTimers != null) {
      callTimers.shutdownNow();
    }
    if (media != null) {
      media.close(); // the harvester's socket: ice4j's SO_REUSEADDR would hide a leaked one
    }
  }

  @Produces
  @Singleton
  ContactProbe contactProbe(Registrar registrar, RegistrarConfig rc) {
    return new ContactProbe(registrar);
  }

  @Produces
  @Singleton
  RegistrarConfig registrarConfig() {
    return SipSettings.registrar(config);
  }

  /**
   * Bindings live in the data grid's JCache (shared by every node of a cluster) when the server has
   * one, in this JVM otherwise.
   */
  private BindingStore bindingStore(RegistrarConfig rc) {
    Optional<CacheManager> caches = grid.caches();
    if (caches.isEmpty()) {
      LOG.info(
          "no data grid (webphone.cluster.data-grid): registrations are kept on this node only");
      return new InMemoryBindingStore();
    }
    // Binding expiry is the registrar's (stored times, injected clock); the cache's own expiry
    // only clears addresses-of-record nobody has refreshed for longer than any binding lives.
    Cache<String, ArrayList<Binding>> cache =
        GridCaches.expiringAfterChange(
            caches.get(), BINDINGS_CACHE, Duration.ofSeconds(rc.maxExpires() + 60L));
    return new JCacheBindingStore(cache);
  }

  /**
   * Digest nonces are signed with this secret. Nodes of a cluster must share it (set {@code
   * webphone.registrar.digest-secret}); otherwise each start draws a random one, which only
   * invalidates outstanding challenges.
   */
  private byte[] digestSecret() {
    return SipSettings.digestSecret(config)
        .map(s -> s.getBytes(StandardCharsets.UTF_8))
        .orElseGet(
            () -> {
              byte[] b = new byte[32];
              new SecureRandom().nextBytes(b);
              return b;
            });
  }
}
