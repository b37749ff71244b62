package org.webphone.sip.registrar;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.servlet.sip.Address;
import javax.servlet.sip.ServletParseException;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipURI;
import org.webphone.account.DigestCredentials;

/**
 * The registrar (RFC 3261 §10.3): authenticates a REGISTER with digest and keeps its contacts in
 * the location service.
 *
 * <p>Every authentication failure — unknown user, wrong password, forged nonce, a user other than
 * the To header's — gets the same {@code 403 Authentication failed}; only the log says which.
 *
 * <p>Threading: stateless apart from its collaborators; called on JAIN-SIP threads.
 */
public final class Registrar {
  private static final Logger LOG = Logger.getLogger(Registrar.class.getName());
  static final String AUTH_FAILED = "Authentication failed";

  private final RegistrarConfig config;
  private final DigestAuthenticator digest;
  private final BindingStore store;
  private final Function<String, Optional<DigestCredentials>> accounts;
  private final Clock clock;

  /**
   * @param accounts looks up the credentials of a user of the configured domain
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
    this.accounts = accounts;
    this.clock = clock;
  }

  public void register(SipServletRequest request) throws IOException {
    // §10.3 step 1: only our own domain.
    if (!(request.getTo().getURI() instanceof SipURI to)
        || !config.domain().equalsIgnoreCase(to.getHost())
        || to.getUser() == null) {
      request.createResponse(SipServletResponse.SC_NOT_FOUND, "Not our domain").send();
      return;
    }
    // §10.3 steps 5-6: authenticate, and only the owner may change an address-of-record.
    DigestAuthenticator.Outcome outcome =
        digest.verify(
            request.getMethod(), request.getHeader("Authorization"), config.domain(), accounts);
    if (outcome instanceof DigestAuthenticator.Missing) {
      challenge(request, false);
      return;
    }
    if (outcome instanceof DigestAuthenticator.Stale) {
      challenge(request, true);
      return;
    }
    if (outcome instanceof DigestAuthenticator.Failed f) {
      refuse(request, f.reason());
      return;
    }
    String user = ((DigestAuthenticator.Authenticated) outcome).username();
    if (!user.equals(to.getUser())) {
      refuse(request, user + " may not register " + to.getUser());
      return;
    }
    String aor = "sip:" + to.getUser() + "@" + config.domain().toLowerCase(Locale.ROOT);
    updateBindings(request, aor);
  }

  private void updateBindings(SipServletRequest request, String aor) throws IOException {
    List<Address> contacts = new ArrayList<>();
    boolean wildcard = false;
    try {
      for (ListIterator<Address> it = request.getAddressHeaders("Contact"); it.hasNext(); ) {
        Address a = it.next();
        wildcard |= a.isWildcard();
        contacts.add(a);
      }
    } catch (ServletParseException e) {
      request.createResponse(SipServletResponse.SC_BAD_REQUEST, "Bad Contact").send();
      return;
    }
    int headerExpires = request.getExpires();
    long now = clock.millis();
    List<Binding> result;
    if (wildcard) {
      // §10.3 step 6: "*" only alone and with Expires: 0.
      if (contacts.size() != 1 || headerExpires != 0) {
        request
            .createResponse(SipServletResponse.SC_BAD_REQUEST, "Wildcard needs Expires: 0")
            .send();
        return;
      }
      result = store.update(aor, current -> List.of());
    } else if (contacts.isEmpty()) {
      result = store.get(aor); // §10.3 step 6: a query
    } else {
      List<Binding> requested = new ArrayList<>();
      for (Address a : contacts) {
        int expires = a.getExpires() >= 0 ? a.getExpires() : headerExpires;
        if (expires < 0) {
          expires = config.defaultExpires();
        }
        if (expires > 0 && expires < config.minExpires()) {
          // §10.3 step 7 / §20.23: too brief
          SipServletResponse r = request.createResponse(SipServletResponse.SC_INTERVAL_TOO_BRIEF);
          r.setHeader("Min-Expires", Integer.toString(config.minExpires()));
          r.send();
          return;
        }
        expires = Math.min(expires, config.maxExpires());
        requested.add(
            new Binding(
                a.getURI().toString(),
                now + expires * 1000L,
                request.getCallId(),
                cseq(request),
                a.getParameter("+sip.instance"),
                parseRegId(a.getParameter("reg-id")),
                request.getTransport(),
                request.getRemoteAddr(),
                request.getRemotePort()));
      }
      result = store.update(aor, new Merge(requested, now));
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

  /** §10.3 step 7: replace bindings of the same contact, drop expired ones and zero expiries. */
  private record Merge(List<Binding> requested, long now) implements BindingStore.Change {
    private static final long serialVersionUID = 1L;

    @Override
    public List<Binding> apply(List<Binding> current) {
      List<Binding> next = new ArrayList<>();
      for (Binding b : current) {
        boolean replaced = requested.stream().anyMatch(r -> r.contact().equals(b.contact()));
        if (!replaced && !b.isExpired(now)) {
          next.add(b);
        }
      }
      for (Binding r : requested) {
        if (!r.isExpired(now)) {
          next.add(r);
        }
      }
      return next;
    }
  }

  private void challenge(SipServletRequest request, boolean stale) throws IOException {
    SipServletResponse r = request.createResponse(SipServletResponse.SC_UNAUTHORIZED);
    r.setHeader("WWW-Authenticate", digest.challenge(config.domain(), stale));
    r.send();
  }

  private void refuse(SipServletRequest request, String why) throws IOException {
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

  private static long cseq(SipServletRequest request) {
    String cseq = request.getHeader("CSeq");
    return Long.parseLong(cseq.substring(0, cseq.indexOf(' ')).trim());
  }

  private static int parseRegId(String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
