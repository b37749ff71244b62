package org.webphone.sip.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.sip.Address;
import javax.servlet.sip.ServletParseException;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;
import javax.servlet.sip.SipURI;
import org.webphone.sip.container.Flow;
import org.webphone.sip.container.Flows;
import org.webphone.sip.registrar.SipAuthenticator;

/**
 * Live phonebook updates (RFC 6665 notifier for the RFC 6080 {@code ua-profile} event package): a
 * phone subscribes to its own address-of-record with {@code Event: ua-profile}; whenever its
 * customer's phonebook changes, it gets a NOTIFY whose body points at {@code /api/phonebook} by
 * content indirection (RFC 4483 {@code message/external-body}), and fetches it with its API token.
 *
 * <p>Event header: {@code ua-profile}, optionally with {@code profile-type=application} and {@code
 * appids="webphone-phonebook"}. RFC 6080 §4.1 wants {@code profile-type}; we accept its absence
 * because JsSIP's subscriber cannot send event parameters other than {@code id}. Any other profile
 * type or application gets 489 Bad Event.
 *
 * <p>Subscriptions are kept on the node that holds the phone's connection: a NOTIFY leaves over it.
 * Threading: SUBSCRIBEs arrive on JAIN-SIP threads; {@link #phonebookChanged} runs on whatever
 * thread committed the change, {@link #sweep} on a timer; all share concurrent maps.
 */
public final class PhonebookNotifier {
  private static final Logger LOG = Logger.getLogger(PhonebookNotifier.class.getName());
  public static final String EVENT = "ua-profile";
  static final String APP_ID = "webphone-phonebook";

  private final ProfileConfig config;
  private final SipAuthenticator authenticator;
  private final Function<String, Optional<Long>> customerOf;
  private final Clock clock;
  private final Flows flows;
  private final Map<Long, Set<Subscription>> byCustomer = new ConcurrentHashMap<>();
  private final Map<String, Subscription> bySession = new ConcurrentHashMap<>();
  private final AtomicLong versions = new AtomicLong();

  /**
   * @param customerOf the customer of a username of our domain
   * @param flows the container's WebSocket connections: a browser's NOTIFYs go over the one its
   *     SUBSCRIBE came on
   */
  public PhonebookNotifier(
      ProfileConfig config,
      SipAuthenticator authenticator,
      Function<String, Optional<Long>> customerOf,
      Clock clock,
      Flows flows) {
    this.flows = flows;
    this.config = config;
    this.authenticator = authenticator;
    this.customerOf = customerOf;
    this.clock = clock;
  }

  /**
   * Answers a SUBSCRIBE.
   *
   * @return false when an initial SUBSCRIBE was refused (a 4xx, a challenge): it opened no dialog
   *     and nothing of it needs to stay
   */
  public boolean subscribe(SipServletRequest request) throws IOException {
    Optional<String> refusal = checkEvent(request.getHeader("Event"));
    if (refusal.isPresent()) {
      SipServletResponse bad = request.createResponse(489, refusal.get());
      bad.setHeader("Allow-Events", EVENT);
      bad.send();
      return !request.isInitial();
    }
    String accept = request.getHeader("Accept");
    if (accept != null
        && !accept.toLowerCase(Locale.ROOT).contains("message/external-body")
        && !accept.contains("*/*")) {
      request.createResponse(406, "Only message/external-body").send();
      return !request.isInitial();
    }
    int requested = request.getExpires();
    long expires = requested < 0 ? config.maxExpires().toSeconds() : requested;
    if (expires > 0 && expires < config.minExpires().toSeconds()) {
      SipServletResponse brief = request.createResponse(423, "Interval Too Brief");
      brief.setHeader("Min-Expires", Long.toString(config.minExpires().toSeconds()));
      brief.send();
      return !request.isInitial();
    }
    expires = Math.min(expires, config.maxExpires().toSeconds());
    return request.isInitial() ? subscribeInitial(request, expires) : refresh(request, expires);
  }

  private boolean subscribeInitial(SipServletRequest request, long expires) throws IOException {
    if (!(request.getRequestURI() instanceof SipURI target) || target.getUser() == null) {
      request.createResponse(404, "Not Found").send();
      return false;
    }
    Optional<String> user = authenticator.authenticate(request, target.getUser());
    if (user.isEmpty()) {
      return false;
    }
    if (!user.get().equals(target.getUser())) {
      // A phone subscribes to its own profile only (RFC 6080 §5.2: the user profile of its AOR).
      authenticator.refuse(request, user.get(), user.get() + " may not watch " + target.getUser());
      return false;
    }
    Optional<Long> customer = customerOf.apply(user.get());
    if (customer.isEmpty()) {
      request.createResponse(404, "Not Found").send();
      return false;
    }
    try {
      if (routeOverItsConnection(request, user.get()) == Flows.Routed.TAKEN) {
        request.createResponse(403, "Contact Held By Another Account").send();
        return false;
      }
    } catch (ServletParseException e) {
      request.createResponse(400, "Bad Contact").send();
      return false;
    }
    SipServletResponse ok = request.createResponse(SipServletResponse.SC_OK);
    ok.setExpires((int) expires);
    ok.send();
    SipSession session = request.getSession();
    if (expires == 0) {
      // A fetch (RFC 6665 §4.4.3): one NOTIFY with the state, and the dialog ends.
      notify(new Subscription(session, user.get(), customer.get(), 0), "terminated;reason=timeout");
      return true;
    }
    keepAlive(session, expires);
    Subscription s =
        new Subscription(session, user.get(), customer.get(), clock.millis() + expires * 1000);
    bySession.put(session.getId(), s);
    byCustomer.computeIfAbsent(customer.get(), c -> ConcurrentHashMap.newKeySet()).add(s);
    // RFC 6665 §4.2.1.2: the first NOTIFY right after accepting.
    notify(s, active(s));
    return true;
  }

  private boolean refresh(SipServletRequest request, long expires) throws IOException {
    Subscription s = bySession.get(request.getSession().getId());
    if (s == null || s.state() != Subscription.State.ACTIVE) {
      request.createResponse(481, "Subscription Does Not Exist").send();
      return true;
    }
    SipServletResponse ok = request.createResponse(SipServletResponse.SC_OK);
    ok.setExpires((int) expires);
    ok.send();
    if (expires == 0) {
      end(s, "terminated;reason=timeout");
      return true;
    }
    keepAlive(s.session, expires);
    s.refresh(clock.millis() + expires * 1000);
    notify(s, active(s));
    return true;
  }

  /**
   * A browser's contact names an {@code .invalid} host (RFC 7118 §5): NOTIFYs to it go over the
   * connection its SUBSCRIBE came on (RFC 5626 §5.3), whether or not it registered over it.
   */
  private Flows.Routed routeOverItsConnection(SipServletRequest request, String user)
      throws ServletParseException {
    Flow flow = new Flow(request.getTransport(), request.getRemoteAddr(), request.getRemotePort());
    Address contact = request.getAddressHeader("Contact");
    if (flow.isWebSocket() && contact != null && contact.getURI() instanceof SipURI uri) {
      return flows.route(uri.getHost(), uri.getPort(), flow, authenticator.domain().aor(user));
    }
    return Flows.Routed.CLOSED;
  }

  /** Tells every phone of {@code customerId} subscribed on this node to fetch its phonebook. */
  public void phonebookChanged(long customerId) {
    for (Subscription s : List.copyOf(byCustomer.getOrDefault(customerId, Set.of()))) {
      if (s.state() == Subscription.State.ACTIVE) {
        notify(s, active(s));
      }
    }
  }

  /** Ends subscriptions their phone did not refresh in time (RFC 6665 §4.2.2). */
  public void sweep() {
    long now = clock.millis();
    for (Subscription s : List.copyOf(bySession.values())) {
      if (s.expiresAtMillis() <= now) {
        end(s, "terminated;reason=timeout");
      }
    }
  }

  /** The users of {@code customerId} with an active subscription on this node. */
  public List<String> subscribers(long customerId) {
    return byCustomer.getOrDefault(customerId, Set.of()).stream()
        .filter(s -> s.state() == Subscription.State.ACTIVE)
        .map(s -> s.user)
        .sorted()
        .toList();
  }

  /** Active subscriptions on this node. */
  public int count() {
    return bySession.size();
  }

  /** A phone answered a NOTIFY with an error: RFC 6665 §4.2.2 ends the subscription. */
  public void notifyAnswered(SipServletResponse response) {
    int status = response.getStatus();
    if (status >= 300) {
      Subscription s = bySession.get(response.getSession().getId());
      if (s != null) {
        forget(s);
      }
    }
  }

  private void end(Subscription s, String state) {
    if (s.terminate()) {
      forget(s);
      notify(s, state);
    }
  }

  private void forget(Subscription s) {
    s.terminate();
    bySession.remove(s.session.getId(), s);
    Set<Subscription> set = byCustomer.get(s.customerId);
    if (set != null) {
      set.remove(s);
    }
  }

  private String active(Subscription s) {
    long left = Math.max(0, (s.expiresAtMillis() - clock.millis() + 999) / 1000);
    return "active;expires=" + left;
  }

  /**
   * Sends one NOTIFY in the subscription's dialog. A phone whose connection is gone cannot be
   * reached: its subscription ends here, and it subscribes again when it is back.
   */
  private void notify(Subscription s, String subscriptionState) {
    try {
      if (!s.session.isValid()) {
        forget(s);
        return;
      }
      SipServletRequest notify = s.session.createRequest("NOTIFY");
      notify.setHeader("Event", EVENT);
      notify.setHeader("Subscription-State", subscriptionState);
      // RFC 4483: the part itself is elsewhere; Content-ID is required, and changes with every
      // version so that a phone can tell one NOTIFY from a retransmission.
      String body =
          "Content-Type: application/json\r\nContent-ID: <phonebook-"
              + versions.incrementAndGet()
              + "@webphone>\r\n\r\n";
      notify.setContent(
          body.getBytes(StandardCharsets.UTF_8),
          "message/external-body;access-type=\"URL\";URL=\"" + config.phonebookUrl() + "\"");
      notify.send();
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.INFO, e, () -> "NOTIFY to " + s.user + " failed; subscription ended");
      forget(s);
    }
  }

  /** Keeps the dialog's application session alive a minute past the subscription. */
  private static void keepAlive(SipSession session, long expiresSeconds) {
    session.getApplicationSession().setExpires((int) (expiresSeconds / 60 + 2));
  }

  /** Empty when the Event header names our package; else the reason for 489. */
  static Optional<String> checkEvent(String event) {
    if (event == null) {
      return Optional.of("Bad Event: none");
    }
    String[] parts = event.split(";");
    if (!EVENT.equalsIgnoreCase(parts[0].trim())) {
      return Optional.of("Bad Event: only " + EVENT);
    }
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].trim().split("=", 2);
      String name = kv[0].trim().toLowerCase(Locale.ROOT);
      String value = kv.length > 1 ? kv[1].trim().replace("\"", "") : "";
      if (name.equals("profile-type") && !value.equalsIgnoreCase("application")) {
        return Optional.of("Bad Event: only profile-type=application");
      }
      if (name.equals("appids") && !List.of(value.split(",")).contains(APP_ID)) {
        return Optional.of("Bad Event: only appids=" + APP_ID);
      }
    }
    return Optional.empty();
  }
}
