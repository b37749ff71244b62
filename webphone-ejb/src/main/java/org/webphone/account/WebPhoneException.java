package org.webphone.account;

import jakarta.ejb.ApplicationException;

/** A business rule was broken; the transaction rolls back and the caller gets the message. */
@ApplicationException(rollback = true)
public class WebPhoneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WebPhoneException(String message) {
    super(message);
  }
}
