package org.webphone.web.api;

import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.webphone.account.AccountService;
import org.webphone.sip.registrar.DigestAuthenticator;
import org.webphone.sip.registrar.RegistrarConfig;
import org.webphone.web.security.ApiTokens;
import org.webphone.web.security.LoginThrottle;

/**
 * {@code POST /api/token}: a short-lived bearer token for the SIP account that proves itself with
 * HTTP digest (RFC 7616 with MD5 and qop=auth, the scheme SIP uses), in the SIP domain's realm.
 * Digest rather than a password in the body: a phone that "remembers" its user keeps only the
 * account's HA1 (as JsSIP's {@code ha1} option does for REGISTER) and can still answer the
 * challenge; the password itself is never stored on the device nor sent.
 *
 * <p>Unknown user and wrong password get the same 401; repeated failures from one address get 429
 * with Retry-After.
 */
@Path("token")
public class TokenResource {
  @EJB AccountService accounts;

  @Inject HttpDigest http;

  @Inject RegistrarConfig registrar;

  @Inject ApiTokens tokens;

  @Inject LoginThrottle throttle;

  @Context HttpServletRequest request;

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Response issue(@HeaderParam("Authorization") String authorization) {
    String realm = registrar.domain();
    String address = request.getRemoteAddr();
    DigestAuthenticator.Outcome outcome =
        http.authenticator()
            .verify(
                "POST",
                // The path as requested, or within the application (deployed under a context root).
                List.of(
                    request.getRequestURI(),
                    request.getRequestURI().substring(request.getContextPath().length())),
                authorization,
                realm,
                address,
                user -> accounts.credentials(user, registrar.domain()));
    String user =
        outcome instanceof DigestAuthenticator.Failed f
            ? f.username()
            : outcome instanceof DigestAuthenticator.Authenticated a ? a.username() : null;
    long wait = throttle.retryAfterSeconds(address, user);
    if (wait > 0) {
      return Response.status(429)
          .header("Retry-After", wait)
          .entity(Map.of("error", "too many failed attempts"))
          .build();
    }
    if (outcome instanceof DigestAuthenticator.Authenticated a) {
      ApiTokens.Issued issued = tokens.issue("sip:" + a.username() + "@" + registrar.domain());
      CacheControl noStore = new CacheControl();
      noStore.setNoStore(true);
      return Response.ok(
              Map.of(
                  "token_type",
                  "Bearer",
                  "access_token",
                  issued.token(),
                  "expires_in",
                  tokens.lifetime().toSeconds(),
                  "account",
                  "sip:" + a.username() + "@" + registrar.domain()))
          .cacheControl(noStore)
          .build();
    }
    if (outcome instanceof DigestAuthenticator.Failed) {
      throttle.failed(address, user);
    }
    boolean stale = outcome instanceof DigestAuthenticator.Stale;
    return Response.status(Response.Status.UNAUTHORIZED)
        .header("WWW-Authenticate", http.authenticator().challenge(realm, stale, address))
        .entity(Map.of("error", "authentication required"))
        .build();
  }
}
