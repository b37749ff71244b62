package org.webphone.web.domains;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.webphone.site.SiteNames;
import org.webphone.site.SiteNamesService;

/**
 * The saved names, read at most every 10 s: the WebSocket handshake asks on every connection, and
 * another node of a cluster may save new names (it shows here within 10 s).
 *
 * <p>Threading: any thread; a stale read between two refreshes is harmless.
 */
@ApplicationScoped
public class SiteNamesCache {
  private static final long TTL_NANOS = 10_000_000_000L;

  @EJB SiteNamesService service;

  @Inject
  @ConfigProperty(name = "webphone.sip.domain")
  String configuredSipDomain;

  private volatile Optional<SiteNames> names = Optional.empty();
  private volatile long readAt = Long.MIN_VALUE / 2;

  public Optional<SiteNames> get() {
    long now = System.nanoTime();
    if (now - readAt > TTL_NANOS) {
      names = service.saved();
      readAt = now;
    }
    return names;
  }

  /**
   * Our SIP domain now, in lower case: the saved one (kept normalized), else {@code
   * webphone.sip.domain}. Asked for every SIP request: answers from this cache.
   */
  public String sipDomain() {
    return get().map(SiteNames::getSipDomain).orElse(configuredSipDomain);
  }

  @PostConstruct
  void normalize() {
    configuredSipDomain = configuredSipDomain.toLowerCase(Locale.ROOT);
  }

  /** After a save on this node: the next read sees it. */
  public void forget() {
    readAt = Long.MIN_VALUE / 2;
  }
}
