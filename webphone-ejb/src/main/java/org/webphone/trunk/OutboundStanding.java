package org.webphone.trunk;

import java.util.Optional;

/**
 * What decides whether a customer may call out through a trunk (issue 7: a positive balance and a
 * verified email), and the region its users' national numbers are read in.
 *
 * @param region ISO 3166 country of the customer; null when it has none
 */
public record OutboundStanding(String region, boolean emailVerified, boolean positiveBalance) {
  /** The reason phrase of the 403 that refuses a trunk call, or empty when the call may go out. */
  public Optional<String> refusal() {
    if (!emailVerified) {
      return Optional.of("Trunk calls need a verified email");
    }
    if (!positiveBalance) {
      return Optional.of("Trunk calls need a positive balance");
    }
    return Optional.empty();
  }
}
