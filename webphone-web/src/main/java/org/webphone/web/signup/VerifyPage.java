package org.webphone.web.signup;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.webphone.account.AccountService;

/** Follows the link of a verification mail: {@code /portal/verify.xhtml?token=...}. */
@Named
@RequestScoped
public class VerifyPage {
  @EJB AccountService accounts;

  private String token;
  private Boolean verified;

  public void verify() {
    verified = accounts.verifyEmail(token).isPresent();
  }

  public boolean isVerified() {
    return Boolean.TRUE.equals(verified);
  }

  public String getToken() {
    return token;
  }

  public void setToken(String token) {
    this.token = token;
  }
}
