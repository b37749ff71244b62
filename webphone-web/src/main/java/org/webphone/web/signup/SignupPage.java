package org.webphone.web.signup;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.mail.MessagingException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.webphone.account.DuplicateAccountException;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.WebPhoneException;
import org.webphone.signup.SignupService;
import org.webphone.web.admin.FormErrors;
import org.webphone.web.config.WebConfig;
import org.webphone.web.domains.SiteNamesCache;

/**
 * The customer portal's self-signup: name, email and password make a customer, its portal login and
 * its first SIP account in one transaction (with the template customer's payments); then a
 * verification link is mailed. Attempts per address are limited.
 */
@Named
@RequestScoped
public class SignupPage {
  private static final Logger LOG = Logger.getLogger(SignupPage.class.getName());
  static final Duration LINK_VALIDITY = Duration.ofHours(24);

  @EJB SignupService signups;

  @Inject SignupThrottle throttle;

  @Inject Mailer mailer;

  @Inject WebConfig web;

  @Inject FacesContext faces;

  @Inject SiteNamesCache siteNames;

  private String name;
  private String email;
  private String password;

  /** After a successful sign-up: the SIP username, and whether the mail went out. */
  private String sipUsername;

  private boolean mailed;

  public void signUp() {
    String address = ((HttpServletRequest) faces.getExternalContext().getRequest()).getRemoteAddr();
    long wait = throttle.attempt(address);
    if (wait > 0) {
      FormErrors.page(faces, "Too many sign-ups from your address. Try again in " + wait + " s.");
      return;
    }
    String domain = siteNames.sipDomain();
    SignupService.Signup done;
    try {
      done = signups.signUp(name, email, password, domain, LINK_VALIDITY);
    } catch (InvalidFieldsException e) {
      FormErrors.show(faces, "signup", e);
      return;
    } catch (DuplicateAccountException e) {
      FormErrors.field(
          faces,
          e.getMessage().startsWith("a login") ? "signup:email" : "signup:name",
          e.getMessage().startsWith("a login")
              ? "this email address already has an account"
              : "this name is taken");
      return;
    } catch (WebPhoneException e) {
      FormErrors.field(
          faces,
          e.getMessage().contains("password") ? "signup:password" : "signup:email",
          e.getMessage());
      return;
    }
    sipUsername = done.sipUsername();
    String link = web.publicUrl() + "/portal/verify.xhtml?token=" + done.verificationToken();
    try {
      mailed =
          mailer.send(
              done.customer().getEmail(),
              "Confirm your email address for WebPhone",
              "Welcome to WebPhone, "
                  + done.customer().getName()
                  + ".\n\nConfirm your email address by opening this link within 24 hours:\n\n"
                  + link
                  + "\n\nYour phone signs in as "
                  + sipUsername
                  + "@"
                  + domain
                  + " with the password you chose.\n");
    } catch (MessagingException e) {
      LOG.log(Level.WARNING, "verification mail to " + done.customer().getEmail() + " failed", e);
      mailed = false;
    }
  }

  /** Shown after the sign-up; the fields are then done with. */
  public boolean isDone() {
    return sipUsername != null;
  }

  public String getSipUsername() {
    return sipUsername;
  }

  public boolean isMailed() {
    return mailed;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }
}
