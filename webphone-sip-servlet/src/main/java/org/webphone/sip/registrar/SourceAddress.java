package org.webphone.sip.registrar;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The key a client's address is counted and bound under: an IPv4 address as it is, an IPv6 address
 * by its /64 (RFC 6177: one subscriber's site gets at least a /64, so an attacker rotating through
 * its addresses is still one source). Used by throttles and nonces alike.
 *
 * <p>Stateless. Addresses arrive as IP literals from the container, so nothing is looked up.
 */
public final class SourceAddress {
  private SourceAddress() {}

  /** The key of {@code address}; anything that is no IPv6 literal is its own key. */
  public static String key(String address) {
    if (address == null) {
      return "";
    }
    if (address.indexOf(':') < 0) {
      return address;
    }
    try {
      InetAddress parsed = InetAddress.getByName(address.replace("[", "").replace("]", ""));
      if (!(parsed instanceof Inet6Address)) {
        return parsed.getHostAddress();
      }
      byte[] b = parsed.getAddress();
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
      }
      return prefix.append(":/64").toString();
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
