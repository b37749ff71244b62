package org.webphone.trunk;

import java.util.List;

/**
 * Where a call to one of our numbers goes: the customer that owns it and the usernames of the
 * accounts it rings, all at once.
 */
public record DidRoute(String number, long customerId, List<String> usernames) {
  public DidRoute {
    usernames = List.copyOf(usernames);
  }
}
