package org.webphone.sip.call;

import java.io.IOException;
import java.util.Comparator;
import java.util.Optional;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipURI;
import org.webphone.account.DigestCredentials;
import org.webphone.sip.container.AnsweredRequests;
import org.webphone.sip.registrar.Binding;
import org.webphone.sip.registrar.DigestAuthenticator;
import org.webphone.sip.registrar.Registrar;
import org.webphone.sip.registrar.SipAuthenticator;
import org.webphone.sip.registrar.SipDomain;
import org.webphone.sip.trunk.TrunkRouter;
import org.webphone.trunk.InboundTrust;
import org.webphone.trunk.TrunkRoute;

/**
 * Trunks recognised by the digest credentials we gave them ({@link InboundTrust#DIGEST}): a PBX on
 * an address of its own, or a carrier that authenticates. Their INVITEs are challenged in our realm
 * like a user's, with the same nonces and throttle (RFC 3261 §22); they may REGISTER their own name
 * with the same credentials, as a PBX registers to a carrier, and our calls through them then go
 * where they registered.
 *
 * <p>Threading: stateless over thread-safe collaborators; JAIN-SIP threads.
 */
final class DigestTrunks {
  private final SipDomain domain;
  private final TrunkRouter router;
  private final Registrar registrar;
  private final SipAuthenticator authenticator;

  /**
   * @param users our users' authenticator: the trunks' shares its nonces and throttle, so a
   *     challenge either issued is answered to either and one source's failures count once
   */
  DigestTrunks(TrunkRouter router, Registrar registrar, SipAuthenticator users) {
    this.domain = registrar.domain();
    this.router = router;
    this.registrar = registrar;
    this.authenticator =
        users.forCredentials(user -> credentials(router, user, registrar.domain().current()));
  }

  /**
   * The digest credentials of the trunk whose inbound username is {@code username}, in {@code
   * realm} (our SIP domain, which challenges every INVITE from someone we do not know).
   */
  private static Optional<DigestCredentials> credentials(
      TrunkRouter router, String username, String realm) {
    return router
        .digestTrunk(username)
        .map(
            t ->
                new DigestCredentials(
                    username,
                    realm,
                    DigestCredentials.ha1(username, realm, t.inbound().password()),
                    true));
  }

  /** Whether {@code request}'s credentials name a trunk recognised by digest. */
  boolean claims(SipServletRequest request) {
    return DigestAuthenticator.username(request.getHeader("Proxy-Authorization"))
        .flatMap(router::digestTrunk)
        .isPresent();
  }

  /**
   * The trunk whose credentials {@code request} (an INVITE) carries, once they are right and come
   * from where the trunk may send from; otherwise empty, the request answered (challenged, refused
   * or throttled) as a user's call with wrong credentials would be, keeping nothing.
   */
  Optional<TrunkRoute> authenticated(SipServletRequest request) throws IOException {
    String claimed =
        DigestAuthenticator.username(request.getHeader("Proxy-Authorization")).orElseThrow();
    Optional<String> user = authenticator.authenticate(request, claimed, true);
    if (user.isEmpty()) {
      AnsweredRequests.release(request);
      return Optional.empty();
    }
    return sentFrom(request, user.get());
  }

  /**
   * The trunk {@code user} authenticated as, when {@code request} came from where it may send from;
   * otherwise empty, the request refused as a user's wrong credentials would be.
   */
  private Optional<TrunkRoute> sentFrom(SipServletRequest request, String user) throws IOException {
    Optional<TrunkRoute> trunk =
        router
            .digestTrunk(user)
            .filter(t -> t.authenticatesAs(user, request.getRemoteAddr(), request.getRemotePort()));
    if (trunk.isEmpty()) {
      authenticator.refuse(request, user, "not from an address of the trunk's");
    }
    return trunk;
  }

  /**
   * A REGISTER whose credentials name a trunk recognised by digest (a PBX that registers to us, as
   * to a carrier): once they are right, come from where the trunk may send from and register the
   * trunk's own name in our domain, its contacts are bound under the trunk's own address-of-record
   * ({@link #aor}), apart from our users', and calls out through the trunk go there while it is
   * registered. Anything else is refused as a user's wrong credentials would be, and binds nothing.
   *
   * @return false when the credentials name no such trunk: the registrar answers it as a user's
   */
  boolean register(SipServletRequest request) throws IOException {
    Optional<String> named = DigestAuthenticator.username(request.getHeader("Authorization"));
    if (named.flatMap(router::digestTrunk).isEmpty()) {
      return false;
    }
    String claimed =
        request.getTo().getURI() instanceof SipURI to && domain.is(to.getHost())
            ? to.getUser()
            : null;
    Optional<String> user = authenticator.authenticate(request, claimed);
    if (user.isEmpty()) {
      return true;
    }
    if (sentFrom(request, user.get()).isEmpty()) {
      return true;
    }
    if (!user.get().equals(claimed)) {
      // §10.3 step 6: only the owner may change an address-of-record; a trunk owns its own name.
      authenticator.refuse(request, user.get(), "a trunk registers only its own name");
    } else {
      registrar.bind(request, aor(user.get()));
    }
    return true;
  }

  /**
   * The address-of-record a trunk's registrations are kept under: outside our domain's ({@code
   * sip:user@domain}), so that no account's phones and no trunk's contacts ever mix, whatever names
   * are created later.
   */
  static String aor(String inboundUsername) {
    return "trunk:" + inboundUsername;
  }

  /** Where {@code trunk} registered from last, while it is registered. */
  Optional<Binding> registered(TrunkRoute trunk) {
    if (trunk.inbound().trust() != InboundTrust.DIGEST || trunk.inbound().username() == null) {
      return Optional.empty();
    }
    return registrar.targets(aor(trunk.inbound().username())).stream()
        .max(Comparator.comparingLong(Binding::expiresAtMillis));
  }
}
