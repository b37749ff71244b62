package org.webphone.phonebook;

import org.webphone.account.WebPhoneException;

/** A typed number that {@link PhoneNumbers} refused; the message says why. */
public class InvalidNumberException extends WebPhoneException {
  private static final long serialVersionUID = 1L;

  public InvalidNumberException(String reason) {
    super(reason);
  }
}
