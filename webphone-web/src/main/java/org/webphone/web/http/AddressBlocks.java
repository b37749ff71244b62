package org.webphone.web.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A list of IP addresses and CIDR blocks from configuration ({@code 10.0.0.5}, {@code 10.0.0.0/8},
 * {@code fd00::/8}), and whether an address is in one of them. Only IP literals are read, so that
 * nothing here ever asks DNS.
 *
 * <p>Written by hand: matching an address against a few CIDR blocks is twenty lines, and the
 * libraries that do it (commons-net: IPv4 only; IPAddress) would be a dependency for this alone.
 *
 * <p>Threading: immutable.
 */
public final class AddressBlocks {
  /** Text that can only be an IP literal, so that parsing it never asks DNS. */
  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

  private final List<Block> blocks;

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
   * @param key the configuration key the entries come from, for the error
   * @param entries addresses or blocks; blank entries are skipped
   * @throws IllegalArgumentException naming the key and an entry that is neither
   */
  public AddressBlocks(String key, List<String> entries) {
    this.blocks =
        entries.stream()
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(e -> block(key, e))
            .toList();
  }

  /** Comma-separated entries, as a configuration value holds them. */
  public static AddressBlocks of(String key, String commaSeparated) {
    return new AddressBlocks(
        key, commaSeparated == null ? List.of() : List.of(commaSeparated.split(",")));
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  /** Whether {@code address} (an IP literal) is in one of the blocks; false for anything else. */
  public boolean contains(String address) {
    byte[] a = parse(address);
    return a != null && contains(a);
  }

  /** Whether {@code address} (its bytes) is in one of the blocks. */
  public boolean contains(byte[] address) {
    return blocks.stream().anyMatch(b -> b.contains(address));
  }

  private static Block block(String key, String entry) {
    String[] parts = entry.split("/", 2);
    byte[] network = parse(parts[0]);
    if (network == null) {
      throw new IllegalArgumentException(
          key + ": " + entry + " is not an IP address or CIDR block");
    }
    int bits = network.length * 8;
    if (parts.length == 2) {
      try {
        bits = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > network.length * 8) {
        throw new IllegalArgumentException(key + ": " + entry + " has no valid prefix length");
      }
    }
    return new Block(network, bits);
  }

  /** The bytes of an IP literal (IPv6 may come in brackets), or null when it is not one. */
  public static byte[] parse(String text) {
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
