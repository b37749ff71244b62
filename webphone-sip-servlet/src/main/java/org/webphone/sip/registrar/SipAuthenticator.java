package org.webphone.sip.registrar;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import org.webphone.account.DigestCredentials;

/**
 * Digest authentication of requests from our users (RFC 3261 §22), shared by every feature that
 * answers them as a user agent server: the registrar, subscriptions and (later) calls. It answers
 * the request itself when it does not authenticate it: 401 with a challenge, 403 for wrong
 * credentials (one answer for unknown users and wrong passwords), 503 with Retry-After while the
 * source is throttled.
 *
 * <p>Threading: safe on every JAIN-SIP thread.
 */
public final class SipAuthenticator {
  private static final Logger LOG = Logger.getLogger(SipAuthenticator.class.getName());
  static final String AUTH_FAILED = "Authentication failed";

  private final SipDomain domain;
  private final DigestAuthenticator digest;
  private final CredentialsCache accounts;
  private final AuthThrottle throttle;
  private final RegistrarConfig config;
  private final Clock clock;

  /**
   * @param domain our SIP domain; the realm of users we do not know (and of accounts made in it)
   * @param accounts looks up the credentials of a user of our domain; cached here
   */
  public SipAuthenticator(
      RegistrarConfig config,
      SipDomain domain,
      DigestAuthenticator digest,
      Function<String, Optional<DigestCredentials>> accounts,
      Clock clock) {
    this(
        config,
        domain,
        digest,
        accounts,
        clock,
        AuthThrottle.local(
            config.failuresPerUser(), config.failuresPerAddress(), config.failureWindow(), clock));
  }

  /**
   * @param throttle counts failures (of {@code config}'s limits): in this node's memory, or the
   *     cluster's in the data grid
   */
  public SipAuthenticator(
      RegistrarConfig config,
      SipDomain domain,
      DigestAuthenticator digest,
      Function<String, Optional<DigestCredentials>> accounts,
      Clock clock,
      AuthThrottle throttle) {
    this.domain = domain;
    this.digest = digest;
    this.accounts =
        new CredentialsCache(
            accounts,
            config.credentialsTtl(),
            config.lastKnownFor(),
            () -> clock.millis() * 1_000_000L);
    this.throttle = throttle;
    this.config = config;
    this.clock = clock;
  }

  private SipAuthenticator(
      SipAuthenticator sibling, Function<String, Optional<DigestCredentials>> credentials) {
    this.domain = sibling.domain;
    this.digest = sibling.digest;
    this.config = sibling.config;
    this.clock = sibling.clock;
    this.accounts =
        new CredentialsCache(
            credentials,
            config.credentialsTtl(),
            config.lastKnownFor(),
            () -> clock.millis() * 1_000_000L);
    this.throttle = sibling.throttle;
  }

  /** How many look-ups of our users' credentials the last credentials read answered (outage). */
  public long lastKnownServed() {
    return accounts.lastKnownServed();
  }

  /**
   * An authenticator of other credentials than our users' (a trunk's, in our realm), sharing this
   * one's nonces and throttle: a challenge either issued is answered to either, and failures from
   * one source count once, whichever credentials they tried.
   */
  public SipAuthenticator forCredentials(
      Function<String, Optional<DigestCredentials>> credentials) {
    return new SipAuthenticator(this, credentials);
  }

  /**
   * @param claimed the user the request claims to be (its To or From user), for throttling and
   *     logging before the credentials name one
   * @return the authenticated username; empty when this method has answered the request
   */
  public Optional<String> authenticate(SipServletRequest request, String claimed)
      throws IOException {
    return authenticate(request, claimed, false);
  }

  /**
   * As {@link #authenticate(SipServletRequest, String)}; with {@code proxyStyle}, challenges with
   * 407 and Proxy-Authenticate and reads Proxy-Authorization (RFC 3261 §22.3), as phones expect for
   * INVITE from the server that routes their calls.
   */
  public Optional<String> authenticate(
      SipServletRequest request, String claimed, boolean proxyStyle) throws IOException {
    String source = request.getRemoteAddr();
    long userWait = throttle.userRetryAfterSeconds(source, claimed);
    if (userWait > 0) {
      busy(request, source, claimed, userWait);
      return Optional.empty();
    }
    String credentials = request.getHeader(proxyStyle ? "Proxy-Authorization" : "Authorization");
    // One lookup per request. The claimed user's account gives the realm to check against and to
    // challenge with: the one it was created with (HA1 depends on it; the SIP domain may have
    // changed since). Users we do not know get our domain, as an account made today would. The
    // digest names the same account in all but refused cases.
    Optional<DigestCredentials> account =
        claimed == null ? Optional.empty() : accounts.apply(claimed);
    String realm = account.map(DigestCredentials::realm).orElseGet(domain::current);
    DigestAuthenticator.Outcome outcome =
        digest.verify(
            request.getMethod(),
            List.of(
                request.getRequestURI().toString(),
                "sip:" + hostPort(request.getLocalAddr(), request.getLocalPort())),
            credentials,
            realm,
            source,
            user -> user.equals(claimed) ? account : accounts.apply(user));
    if (outcome instanceof DigestAuthenticator.Authenticated a) {
      return Optional.of(a.username()); // whatever others from this address got wrong
    }
    if (outcome instanceof DigestAuthenticator.Failed f) {
      String user = f.username() == null ? claimed : f.username();
      long addressWait = throttle.addressRetryAfterSeconds(source);
      if (addressWait > 0) {
        throttle.failed(source, user);
        busy(request, source, user, addressWait);
      } else {
        refuse(request, user, f.reason());
      }
    } else {
      challenge(request, realm, outcome instanceof DigestAuthenticator.Stale, proxyStyle);
    }
    return Optional.empty();
  }

  private static String hostPort(String address, int port) {
    return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
  }

  /** 503 with Retry-After (RFC 3261 §21.5.4) while the source fails too often. */
  private static void busy(SipServletRequest request, String source, String user, long wait)
      throws IOException {
    LOG.warning(
        () ->
            request.getMethod()
                + " throttled from "
                + source
                + " for "
                + user
                + ": "
                + wait
                + " s");
    SipServletResponse busy =
        request.createResponse(SipServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable");
    busy.setHeader("Retry-After", Long.toString(wait));
    busy.send();
  }

  /** 403 for a user who authenticated but asked for what is not theirs; counts as a failure. */
  public void refuse(SipServletRequest request, String user, String why) throws IOException {
    throttle.failed(request.getRemoteAddr(), user);
    LOG.info(
        () ->
            request.getMethod()
                + " refused from "
                + request.getRemoteAddr()
                + ":"
                + request.getRemotePort()
                + " for "
                + request.getTo().getURI()
                + ": "
                + why);
    request.createResponse(SipServletResponse.SC_FORBIDDEN, AUTH_FAILED).send();
  }

  /** Our SIP domain now. */
  public SipDomain domain() {
    return domain;
  }

  private void challenge(SipServletRequest request, String realm, boolean stale, boolean proxyStyle)
      throws IOException {
    SipServletResponse r =
        request.createResponse(
            proxyStyle
                ? SipServletResponse.SC_PROXY_AUTHENTICATION_REQUIRED
                : SipServletResponse.SC_UNAUTHORIZED);
    r.setHeader(
        proxyStyle ? "Proxy-Authenticate" : "WWW-Authenticate",
        digest.challenge(realm, stale, request.getRemoteAddr()));
    r.send();
  }
}
