package org.webphone.sip.registrar;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.servlet.sip.ServletParseException;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipURI;
import javax.servlet.sip.URI;
import org.webphone.sip.container.Flow;
import org.webphone.sip.container.Flows;
import org.webphone.sip.container.HomeHops;
import org.webphone.sip.container.SourceAlias;

/**
 * The registrar (RFC 3261 §10.3): refuses sources that keep failing, authenticates with digest, and
 * keeps the contacts in the location service.
 *
 * <p>Every authentication failure — unknown user, wrong password, forged nonce, a user other than
 * the To header's — gets the same {@code 403 Authentication failed}; only the log says which.
 *
 * <p>Threading: stateless apart from its thread-safe collaborators; called on JAIN-SIP threads.
 */
public final class Registrar {
  private static final Logger LOG = Logger.getLogger(Registrar.class.getName());
  static final String AUTH_FAILED = SipAuthenticator.AUTH_FAILED;

  private final RegistrarConfig config;
  private final SipDomain domain;
  private final SipAuthenticator authenticator;
  private final BindingStore store;
  private final Clock clock;
  private final Flows flows;

  /** This node's WebSocket flows and the addresses-of-record registered over each (RFC 5626). */
  private final Map<Flow, Set<String>> registeredOver = new ConcurrentHashMap<>();

  /** Addresses-of-record with unreachable bindings, for {@link #sweep}. */
  private final Set<String> unreachable = ConcurrentHashMap.newKeySet();

  /**
   * @param flows the container's WebSocket connections: contacts registered over one are routed to
   *     it, and its closing makes them unreachable
   */
  /** This node as its phones' home ({@link HomeHops#self}), or null without a cluster. */
  private volatile String home;

  public Registrar(
      RegistrarConfig config,
      SipAuthenticator authenticator,
      BindingStore store,
      Clock clock,
      Flows flows) {
    this.config = config;
    this.domain = authenticator.domain();
    this.flows = flows;
    flows.onClosed(this::flowClosed);
    this.authenticator = authenticator;
    this.store = store;
    this.clock = clock;
  }

  /** Our SIP domain now (it may change while we run). */
  public SipDomain domain() {
    return domain;
  }

  public void register(SipServletRequest request) throws IOException {
    // §10.3 step 1: only our own domain.
    if (!(request.getTo().getURI() instanceof SipURI to)
        || !domain.is(to.getHost())
        || to.getUser() == null) {
      request.createResponse(SipServletResponse.SC_NOT_FOUND, "Not our domain").send();
      return;
    }
    // §10.3 steps 5-6: authenticate; only the owner may change an address-of-record.
    Optional<String> user = authenticator.authenticate(request, to.getUser());
    if (user.isEmpty()) {
      return;
    }
    if (user.get().equals(to.getUser())) {
      bind(request, domain.aor(user.get()));
    } else {
      authenticator.refuse(request, user.get(), user.get() + " may not register " + to.getUser());
    }
  }

  /**
   * §10.3 steps 4 and 7-8 for a REGISTER already authenticated as the owner of {@code aor}: updates
   * its bindings as asked and answers with those it has now. Other features call this for parties
   * that are not our users' accounts (a trunk that registers), with an address-of-record of their
   * own naming.
   */
  public void bind(SipServletRequest request, String aor) throws IOException {
    long now = clock.millis();
    RequestedBindings requested = RequestedBindings.of(request, config, now, home);
    List<Binding> result;
    try {
      if (requested instanceof RequestedBindings.Invalid invalid) {
        SipServletResponse r = request.createResponse(invalid.status(), invalid.reason());
        if (invalid.minExpires() > 0) {
          r.setHeader("Min-Expires", Integer.toString(invalid.minExpires()));
        }
        r.send();
        return;
      } else if (requested instanceof RequestedBindings.Query) {
        result = store.get(aor);
      } else if (requested instanceof RequestedBindings.RemoveAll) {
        result = store.update(aor, new RemoveAll());
      } else {
        RequestedBindings.Update update = (RequestedBindings.Update) requested;
        if (!routeOverFlows(aor, update, now)) {
          // Its host routes another account's phone: this one would receive that phone's calls.
          request
              .createResponse(SipServletResponse.SC_FORBIDDEN, "Contact Held By Another Account")
              .send();
          return;
        }
        result =
            store.update(
                aor, new BindingMerge(update.bindings(), now, graceMillis(), config.maxContacts()));
        watchFlows(aor, update, now);
      }
    } catch (BindingMerge.OutOfOrderException e) {
      // §10.3 step 7: out of order, nothing changed.
      request.createResponse(SipServletResponse.SC_SERVER_INTERNAL_ERROR, "Out of order").send();
      return;
    }
    SipServletResponse ok = request.createResponse(SipServletResponse.SC_OK);
    boolean outbound = false;
    for (Binding b : result) {
      if (!b.isGone(now, graceMillis())) {
        ok.addHeader("Contact", contactHeader(b, now));
        outbound |=
            b.instanceId() != null && b.regId() > 0 && b.callId().equals(request.getCallId());
      }
    }
    // RFC 5626 §6: a registrar that honours reg-id says so, and the phone then keeps its flow.
    if (outbound && supportsOutbound(request)) {
      ok.setHeader("Require", "outbound");
    }
    ok.setHeader(
        "Date",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)));
    ok.send();
  }

  private static String contactHeader(Binding b, long now) {
    StringBuilder h = new StringBuilder("<").append(b.contact()).append(">;expires=");
    h.append(b.secondsLeft(now));
    if (b.instanceId() != null) {
      h.append(";+sip.instance=").append(b.instanceId());
    }
    if (b.regId() > 0) {
      h.append(";reg-id=").append(b.regId());
    }
    return h.toString();
  }

  private static boolean supportsOutbound(SipServletRequest request) {
    for (var it = request.getHeaders("Supported"); it.hasNext(); ) {
      for (String tag : it.next().split(",")) {
        if (tag.trim().equalsIgnoreCase("outbound")) {
          return true;
        }
      }
    }
    return false;
  }

  private long graceMillis() {
    return config.flowGracePeriod().toMillis();
  }

  /**
   * Requests for a contact registered over a WebSocket go over that connection from now on (RFC
   * 7118 §5: a browser cannot be dialled; RFC 5626 §5.3: use the flow the registration came on).
   *
   * @return false when another account holds one of the contacts' hosts: nothing may be stored
   */
  private boolean routeOverFlows(String aor, RequestedBindings.Update update, long now) {
    for (Binding b : update.bindings()) {
      RequestedBindings.ContactHost target = update.hosts().get(b.contact());
      if (b.flow().isWebSocket()
          && !b.isExpired(now)
          && target != null
          && flows.route(target.host(), target.port(), b.flow(), aor) == Flows.Routed.TAKEN) {
        return false;
      }
    }
    return true;
  }

  /**
   * The stored bindings' flows are watched: when one closes its bindings become unreachable. One
   * that closed while we answered is unreachable already.
   */
  private void watchFlows(String aor, RequestedBindings.Update update, long now) {
    for (Binding b : update.bindings()) {
      Flow flow = b.flow();
      if (!flow.isWebSocket() || b.isExpired(now)) {
        continue;
      }
      registeredOver.computeIfAbsent(flow, f -> ConcurrentHashMap.newKeySet()).add(aor);
      if (!update.hosts().containsKey(b.contact()) || !flows.isOpen(flow)) {
        flowClosed(flow);
      }
    }
  }

  /**
   * A phone's WebSocket connection closed: its bindings become unreachable until it registers again
   * over a new one or the grace period ends. Runs on the thread that saw the close.
   */
  void flowClosed(Flow flow) {
    Set<String> aors = registeredOver.remove(flow);
    if (aors == null) {
      return;
    }
    long now = clock.millis();
    for (String aor : aors) {
      store.update(aor, new FlowChanges.MarkUnreachable(flow, now));
      unreachable.add(aor);
    }
    LOG.fine(() -> "connection " + flow + " closed: " + aors + " unreachable over it");
  }

  /**
   * Removes bindings whose grace period has ended. The server calls this every few seconds; until
   * then such bindings are no targets already, and any REGISTER of the same address drops them.
   */
  public void sweep() {
    long now = clock.millis();
    for (String aor : unreachable) {
      List<Binding> left = store.update(aor, new FlowChanges.Sweep(now, graceMillis()));
      if (left.stream().allMatch(Binding::isReachable)) {
        unreachable.remove(aor);
      }
    }
  }

  /**
   * The Request-URI of a request for {@code binding}: its contact as written, with the address and
   * port its REGISTER came from as the next hop ({@link SourceAlias}) when they differ over UDP,
   * TCP or TLS (a phone behind NAT, or a contact naming another host) and contacts are not to be
   * used as written.
   */
  public URI target(Binding binding, SipFactory factory) throws ServletParseException {
    URI uri = factory.createURI(binding.contact());
    if (config.contactsAsWritten()
        || !(uri instanceof SipURI sip)
        || !SourceAlias.needed(
            sip.getHost(),
            sip.getPort(),
            binding.transport(),
            binding.remoteAddress(),
            binding.remotePort())) {
      return uri;
    }
    // Written into the text, not with setParameter, which would escape the "~" separators.
    String contact = binding.contact();
    int headers = contact.indexOf('?');
    String param =
        ";"
            + SourceAlias.PARAM
            + "="
            + SourceAlias.value(binding.remoteAddress(), binding.remotePort(), binding.transport());
    return factory.createURI(
        headers < 0
            ? contact + param
            : contact.substring(0, headers) + param + contact.substring(headers));
  }

  /**
   * This node is the home of the phones that register over its connections from now on (its address
   * for the other nodes of a cluster, {@link HomeHops#self}). Set once, before the SIP container
   * starts.
   */
  public void homeAt(String self) {
    this.home = self;
  }

  /**
   * The node {@code binding}'s phone is reached through, when that is another node: a browser is
   * reached only over its own connection, which its home holds (RFC 7118 §5). Empty for a phone
   * this node reaches itself.
   */
  public Optional<String> homeOf(Binding binding) {
    return binding.home() != null
            && !binding.home().isEmpty()
            && !binding.home().equals(home)
            && binding.flow().isWebSocket()
        ? Optional.of(binding.home())
        : Optional.empty();
  }

  /** The bindings of {@code aor} that requests can be sent to now (RFC 3261 §16.5 targets). */
  public List<Binding> targets(String aor) {
    long now = clock.millis();
    return store.get(aor).stream().filter(b -> b.isReachable() && !b.isExpired(now)).toList();
  }

  /**
   * The phones registered over this node's WebSocket connections, reachable now. Each
   * address-of-record is read once, however many of its phones are connected here.
   */
  public List<Binding> webSocketTargets() {
    Map<String, Set<Flow>> flowsByAor = new HashMap<>();
    registeredOver.forEach(
        (flow, aors) ->
            aors.forEach(a -> flowsByAor.computeIfAbsent(a, k -> new HashSet<>()).add(flow)));
    List<Binding> result = new ArrayList<>();
    flowsByAor.forEach(
        (aor, local) -> {
          for (Binding b : targets(aor)) {
            if (local.contains(b.flow())) {
              result.add(b);
            }
          }
        });
    return result;
  }

  /** §10.3 step 6: {@code Contact: *} removes every binding of the address-of-record. */
  private record RemoveAll() implements BindingStore.Change {
    private static final long serialVersionUID = 1L;

    @Override
    public List<Binding> apply(List<Binding> current) {
      return List.of();
    }
  }
}
