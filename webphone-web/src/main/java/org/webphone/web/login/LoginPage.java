package org.webphone.web.login;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import org.webphone.account.TenantGuard;
import org.webphone.web.security.LoginThrottle;

/**
 * The sign-in form of the control panel and the customer portal. A wrong password and an unknown
 * user get the same message; repeated failures from one address are refused for a while.
 */
@Named
@RequestScoped
public class LoginPage {
  static final String FAILED = "Wrong user name or password.";

  @Inject SecurityContext security;

  @Inject LoginThrottle throttle;

  @Inject FacesContext faces;

  @NotBlank(message = "Enter your user name.")
  private String username;

  @NotBlank(message = "Enter your password.")
  private String password;

  /** Where to go after signing in: a path inside this application, or empty. */
  private String next;

  public String login() throws IOException {
    ExternalContext ec = faces.getExternalContext();
    HttpServletRequest request = (HttpServletRequest) ec.getRequest();
    HttpServletResponse response = (HttpServletResponse) ec.getResponse();
    String address = request.getRemoteAddr();
    long wait = throttle.retryAfterSeconds(address, username);
    if (wait > 0) {
      error("Too many failed sign-ins. Try again in " + wait + " seconds.");
      return null;
    }
    // A new session id after signing in (session fixation, OWASP).
    if (request.getSession(false) != null) {
      request.changeSessionId();
    }
    AuthenticationStatus status =
        security.authenticate(
            request,
            response,
            AuthenticationParameters.withParams()
                .credential(new UsernamePasswordCredential(username, password))
                .newAuthentication(true));
    if (status == AuthenticationStatus.SUCCESS) {
      ec.redirect(ec.getRequestContextPath() + destination());
      faces.responseComplete();
      return null;
    }
    throttle.failed(address, username);
    error(FAILED);
    return null;
  }

  private String destination() {
    if (next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\")) {
      return next;
    }
    return security.isCallerInRole(TenantGuard.ADMIN)
        ? "/admin/customers.xhtml"
        : "/portal/index.xhtml";
  }

  private void error(String text) {
    faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    faces.validationFailed();
  }

  public String logout() throws IOException, jakarta.servlet.ServletException {
    ExternalContext ec = faces.getExternalContext();
    ((HttpServletRequest) ec.getRequest()).logout();
    ec.invalidateSession();
    ec.redirect(ec.getRequestContextPath() + "/login.xhtml");
    return null;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getNext() {
    return next;
  }

  public void setNext(String next) {
    this.next = next;
  }
}
