package org.webphone.web.ws;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.webphone.web.http.AddressBlocks;

/**
 * The client's address as the trusted fronts established it: a load balancer or reverse proxy named
 * in {@code webphone.web.trusted-proxies} (addresses or CIDR blocks) that appends the address it
 * saw to {@code X-Forwarded-For}. Read from the right: the first hop that is not one of our fronts
 * is the client (anything left of it the client wrote itself). From any other peer the header is
 * ignored: a browser cannot choose the address its connection counts against.
 *
 * <p>Threading: immutable.
 */
final class ClientAddress {
  private final AddressBlocks fronts;

  /**
   * @param fronts addresses ({@code 10.0.0.5}) or blocks ({@code 10.0.0.0/8}, {@code fd00::/8})
   * @throws IllegalArgumentException naming an entry that is neither
   */
  ClientAddress(List<String> fronts) {
    this.fronts = new AddressBlocks("webphone.web.trusted-proxies", fronts);
  }

  /**
   * The client's address for a connection from {@code peer} carrying {@code forwardedFor} (the
   * X-Forwarded-For header, or null).
   */
  String of(String peer, String forwardedFor) {
    if (forwardedFor == null || fronts.isEmpty() || !fronts.contains(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      byte[] address = AddressBlocks.parse(hop);
      if (address == null) {
        return peer; // the front wrote something we cannot read: count the front itself
      }
      if (!fronts.contains(address)) {
        return normalize(address, hop);
      }
    }
    return peer;
  }

  private static String normalize(byte[] address, String text) {
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException e) {
      return text;
    }
  }
}
