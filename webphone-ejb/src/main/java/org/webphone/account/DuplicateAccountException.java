package org.webphone.account;

/**
 * A SIP account with that username in that domain, or that extension for that customer, exists; or
 * a trunk authenticates with that username.
 */
public class DuplicateAccountException extends WebPhoneException {
  private static final long serialVersionUID = 1L;

  public DuplicateAccountException(String message) {
    super(message);
  }
}
