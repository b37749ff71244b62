package org.webphone.account;

/** The caller may not reach that customer's data (tenant isolation); nothing was read or saved. */
public class AccessDeniedException extends WebPhoneException {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(String message) {
    super(message);
  }
}
