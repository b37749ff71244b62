package org.webphone.web.ws;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The client's address as the trusted fronts established it: a load balancer or reverse proxy named
 * in {@code webphone.web.trusted-proxies} (addresses or CIDR blocks) that appends the address it
 * saw to {@code X-Forwarded-For}. Read from the right: the first hop that is not one of our fronts
 * is the client (anything left of it the client wrote itself). From any other peer the header is
 * ignored: a browser cannot choose the address its connection counts against.
 *
 * <p>Written by hand: matching an address against a few CIDR blocks is twenty lines, and the
 * libraries that do it (commons-net: IPv4 only; IPAddress) would be a dependency for this alone.
 *
 * <p>Threading: immutable.
 */
final class ClientAddress {
  /** Text that can only be an IP literal, so that parsing it never asks DNS. */
  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

  private final List<Block> fronts;

  private record Block(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  /**
   * @param fronts addresses ({@code 10.0.0.5}) or blocks ({@code 10.0.0.0/8}, {@code fd00::/8})
   * @throws IllegalArgumentException naming an entry that is neither
   */
  ClientAddress(List<String> fronts) {
    this.fronts =
        fronts.stream()
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(ClientAddress::block)
            .toList();
  }

  private static Block block(String entry) {
    String[] parts = entry.split("/", 2);
    byte[] network = parse(parts[0]);
    if (network == null) {
      throw new IllegalArgumentException(
          "webphone.web.trusted-proxies: " + entry + " is not an IP address or CIDR block");
    }
    int bits = network.length * 8;
    if (parts.length == 2) {
      try {
        bits = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > network.length * 8) {
        throw new IllegalArgumentException(
            "webphone.web.trusted-proxies: " + entry + " has no valid prefix length");
      }
    }
    return new Block(network, bits);
  }

  /**
   * The client's address for a connection from {@code peer} carrying {@code forwardedFor} (the
   * X-Forwarded-For header, or null).
   */
  String of(String peer, String forwardedFor) {
    if (forwardedFor == null || fronts.isEmpty() || !isFront(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      byte[] address = parse(hop);
      if (address == null) {
        return peer; // the front wrote something we cannot read: count the front itself
      }
      if (!isFront(address)) {
        return normalize(address, hop);
      }
    }
    return peer;
  }

  private boolean isFront(String address) {
    byte[] a = parse(address);
    return a != null && isFront(a);
  }

  private boolean isFront(byte[] address) {
    return fronts.stream().anyMatch(b -> b.contains(address));
  }

  private static String normalize(byte[] address, String text) {
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException e) {
      return text;
    }
  }

  /** The bytes of an IP literal (IPv6 may come in brackets), or null when it is not one. */
  private static byte[] parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    if (t.isEmpty()
        || !LITERAL.matcher(t).matches()
        || (t.indexOf(':') < 0 && t.indexOf('.') < 0)) {
      return null;
    }
    try {
      return InetAddress.getByName(t).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
