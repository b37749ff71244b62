package org.webphone.sip.registrar;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipURI;
import org.webphone.account.DigestCredentials;

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
  static final String AUTH_FAILED = "Authentication failed";

  private final RegistrarConfig config;
  private final DigestAuthenticator digest;
  private final BindingStore store;
  private final Function<String, Optional<DigestCredentials>> accounts;
  private final AuthThrottle throttle;
  private final Clock clock;

  /**
   * @param accounts looks up the credentials of a user of the configured domain; cached here
   */
  public Registrar(
      RegistrarConfig config,
      DigestAuthenticator digest,
      BindingStore store,
      Function<String, Optional<DigestCredentials>> accounts,
      Clock clock) {
    this.config = config;
    this.digest = digest;
    this.store = store;
    this.clock = clock;
    this.accounts =
        new CredentialsCache(accounts, config.credentialsTtl(), () -> clock.millis() * 1_000_000L);
    this.throttle =
        new AuthThrottle(
            config.failuresPerUser(),
            config.failuresPerAddress(),
            config.failureWindow(),
            () -> clock.millis() * 1_000_000L);
  }

  public void register(SipServletRequest request) throws IOException {
    // §10.3 step 1: only our own domain.
    if (!(request.getTo().getURI() instanceof SipURI to)
        || !config.domain().equalsIgnoreCase(to.getHost())
        || to.getUser() == null) {
      request.createResponse(SipServletResponse.SC_NOT_FOUND, "Not our domain").send();
      return;
    }
    String source = request.getRemoteAddr();
    long wait = throttle.retryAfterSeconds(source, to.getUser());
    if (wait > 0) {
      LOG.warning(
          () -> "REGISTER throttled from " + source + " for " + to.getUser() + ": " + wait + " s");
      SipServletResponse busy =
          request.createResponse(SipServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable");
      busy.setHeader("Retry-After", Long.toString(wait));
      busy.send();
      return;
    }
    // §10.3 steps 5-6: authenticate; only the owner may change an address-of-record.
    DigestAuthenticator.Outcome outcome =
        digest.verify(
            request.getMethod(), request.getHeader("Authorization"), config.domain(), accounts);
    if (outcome instanceof DigestAuthenticator.Missing) {
      challenge(request, false);
    } else if (outcome instanceof DigestAuthenticator.Stale) {
      challenge(request, true);
    } else if (outcome instanceof DigestAuthenticator.Failed f) {
      refuse(request, f.username() == null ? to.getUser() : f.username(), f.reason());
    } else {
      String user = ((DigestAuthenticator.Authenticated) outcome).username();
      if (user.equals(to.getUser())) {
        updateBindings(request, "sip:" + user + "@" + config.domain().toLowerCase(Locale.ROOT));
      } else {
        refuse(request, user, user + " may not register " + to.getUser());
      }
    }
  }

  private void updateBindings(SipServletRequest request, String aor) throws IOException {
    long now = clock.millis();
    RequestedBindings requested = RequestedBindings.of(request, config, now);
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
        result =
            store.update(
                aor, new BindingMerge(((RequestedBindings.Update) requested).bindings(), now));
      }
    } catch (BindingMerge.OutOfOrderException e) {
      // §10.3 step 7: out of order, nothing changed.
      request.createResponse(SipServletResponse.SC_SERVER_INTERNAL_ERROR, "Out of order").send();
      return;
    }
    SipServletResponse ok = request.createResponse(SipServletResponse.SC_OK);
    for (Binding b : result) {
      if (!b.isExpired(now)) {
        ok.addHeader("Contact", "<" + b.contact() + ">;expires=" + b.secondsLeft(now));
      }
    }
    ok.setHeader(
        "Date",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)));
    ok.send();
  }

  /** §10.3 step 6: {@code Contact: *} removes every binding of the address-of-record. */
  private record RemoveAll() implements BindingStore.Change {
    private static final long serialVersionUID = 1L;

    @Override
    public List<Binding> apply(List<Binding> current) {
      return List.of();
    }
  }

  private void challenge(SipServletRequest request, boolean stale) throws IOException {
    SipServletResponse r = request.createResponse(SipServletResponse.SC_UNAUTHORIZED);
    r.setHeader("WWW-Authenticate", digest.challenge(config.domain(), stale));
    r.send();
  }

  private void refuse(SipServletRequest request, String user, String why) throws IOException {
    throttle.failed(request.getRemoteAddr(), user);
    LOG.info(
        () ->
            "REGISTER refused from "
                + request.getRemoteAddr()
                + ":"
                + request.getRemotePort()
                + " for "
                + request.getTo().getURI()
                + ": "
                + why);
    request.createResponse(SipServletResponse.SC_FORBIDDEN, AUTH_FAILED).send();
  }
}
