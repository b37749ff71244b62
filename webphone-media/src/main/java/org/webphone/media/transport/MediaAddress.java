package org.webphone.media.transport;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Where a peer's SDP may make us send media. Its c= line (RFC 8866 §5.7) and ICE candidates (RFC
 * 8839 §5.1) are written by whoever calls, so they are read as IP literals only: a host name would
 * make the anchor look it up (a DNS query nobody configured, on a signalling thread, for every
 * offer). And media never goes where no phone can be: a multicast group or the broadcast address
 * (one stream copied to a whole network), a link-local address (169.254.0.0/16, where cloud
 * metadata services answer; fe80::/10), the unspecified address, or this host's loopback for a peer
 * that signals from elsewhere (our own services listen there).
 *
 * <p>Threading: stateless.
 */
public final class MediaAddress {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private MediaAddress() {}

  /** {@code text} as an address when it is an IPv4 or IPv6 literal, else null (never a lookup). */
  public static InetAddress literal(String text) {
    if (text == null || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
      return null;
    }
    try {
      return InetAddress.getByName(text); // a literal: parsed, not looked up
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * Whether media may be sent to {@code address}, given by a peer whose SIP came from {@code
   * signalling} (null: not known).
   */
  public static boolean sendable(InetAddress address, InetAddress signalling) {
    if (address == null
        || address.isMulticastAddress()
        || address.isLinkLocalAddress()
        || address.isAnyLocalAddress()
        || (address instanceof Inet4Address
            && (address.getAddress()[0] == (byte) 255 || address.getAddress()[0] == 0))) {
      return false;
    }
    return !address.isLoopbackAddress() || signalling == null || signalling.isLoopbackAddress();
  }

  /** {@code text} when it is a literal media may be sent to, else null. */
  public static InetAddress sendable(String text, InetAddress signalling) {
    InetAddress a = literal(text);
    return sendable(a, signalling) ? a : null;
  }
}
