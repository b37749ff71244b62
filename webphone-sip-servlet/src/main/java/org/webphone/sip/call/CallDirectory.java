package org.webphone.sip.call;

import java.util.Optional;

/**
 * Who may call whom: the accounts of our domain and their customers. Calls stay inside a customer
 * (a user of another customer is "not found", as an unknown one is).
 */
public interface CallDirectory {
  /** The customer of {@code username}, if it is an enabled account of our domain. */
  Optional<Long> customerOf(String username);

  /** The username with {@code extension} in {@code customer}, if any. */
  Optional<String> userByExtension(long customer, String extension);

  /** The display name of account {@code username}, if it has one: what callees see it as. */
  default Optional<String> displayNameOf(String username) {
    return Optional.empty();
  }
}
