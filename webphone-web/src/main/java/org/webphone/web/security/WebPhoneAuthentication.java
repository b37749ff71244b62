package org.webphone.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.webphone.account.TenantGuard;

/**
 * The application's one authentication mechanism (Jakarta Security 3 allows one per application),
 * with two faces:
 *
 * <ul>
 *   <li>{@code /api/...}: {@code Authorization: Bearer <token>} from {@link ApiTokens}; the caller
 *       becomes {@code sip:user@domain} in role {@code phone}. No session is created: every request
 *       carries its token. A missing or bad token on a protected resource gets 401 with {@code
 *       WWW-Authenticate: Bearer} (RFC 6750 §3).
 *   <li>everything else: form login. The login page calls {@code SecurityContext.authenticate} with
 *       a {@link UsernamePasswordCredential}, checked by the identity store; success is kept in the
 *       HTTP session and restored from it on later requests. A protected page without a login
 *       redirects to the login page, which returns there afterwards.
 * </ul>
 *
 * <p>Not {@code @AutoApplySession}: that would apply to the bearer face too, so a phone's API call
 * would leave a session behind, and the session cookie alone would then pass for a token that has
 * expired. Sessions are registered and restored here, on the form face only.
 */
@ApplicationScoped
public class WebPhoneAuthentication implements HttpAuthenticationMechanism {
  static final String LOGIN_PAGE = "/login.xhtml";

  @Inject IdentityStoreHandler identityStores;

  @Inject ApiTokens tokens;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.startsWith("/api/")) {
      return bearer(request, response, context);
    }
    if (context.isAuthenticationRequest()
        && context.getAuthParameters().getCredential() instanceof UsernamePasswordCredential c) {
      CredentialValidationResult result = identityStores.validate(c);
      if (result.getStatus() == CredentialValidationResult.Status.VALID) {
        context.setRegisterSession(result.getCallerPrincipal().getName(), result.getCallerGroups());
        return context.notifyContainerAboutLogin(result);
      }
      return AuthenticationStatus.SEND_FAILURE;
    }
    Principal signedIn = request.getUserPrincipal();
    if (signedIn != null) {
      return restore(context, signedIn);
    }
    if (context.isProtected()) {
      String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
      return context.redirect(
          request.getContextPath()
              + LOGIN_PAGE
              + "?next="
              + URLEncoder.encode(path + query, StandardCharsets.UTF_8));
    }
    return context.doNothing();
  }

  /** The principal (and its groups) the session registered at sign-in, for this request. */
  private static AuthenticationStatus restore(HttpMessageContext context, Principal principal) {
    try {
      context
          .getHandler()
          .handle(
              new Callback[] {new CallerPrincipalCallback(context.getClientSubject(), principal)});
      return AuthenticationStatus.SUCCESS;
    } catch (IOException | UnsupportedCallbackException e) {
      throw new IllegalStateException("the container refused the session's principal", e);
    }
  }

  private AuthenticationStatus bearer(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Optional<String> subject = tokens.verify(header.substring(7).trim());
      if (subject.isPresent()) {
        return context.notifyContainerAboutLogin(subject.get(), Set.of(TenantGuard.PHONE));
      }
      if (context.isProtected()) {
        return unauthorized(response, context, ", error=\"invalid_token\"");
      }
    }
    return context.isProtected() ? unauthorized(response, context, "") : context.doNothing();
  }

  private static AuthenticationStatus unauthorized(
      HttpServletResponse response, HttpMessageContext context, String error) {
    response.setHeader("WWW-Authenticate", "Bearer realm=\"webphone\"" + error);
    try {
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
    } catch (IOException e) {
      // The client went away; nothing to tell it.
    }
    return AuthenticationStatus.SEND_FAILURE;
  }
}
