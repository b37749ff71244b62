package org.webphone.sip.registrar;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where a registered phone's contact may send the node: calls and probes go to a UDP, TCP or TLS
 * contact as written, so a contact is a request the account makes the node send. It must name an IP
 * address (a host name would have the node ask DNS, which the operator did not configure, and could
 * name anything), and not one no phone can be at: link-local addresses (169.254.0.0/16, where cloud
 * metadata services answer, and fe80::/10), the unspecified and multicast ranges, nor loopback
 * unless the phone itself registered from loopback (else a stranger's contact would reach the
 * node's own local services).
 *
 * <p>WebSocket contacts are not sent to at all (their connection is: RFC 7118 §5) and pass.
 * Stateless.
 */
final class ContactAddress {
  private ContactAddress() {}

  /**
   * Why {@code host}, in a contact registered over {@code transport} from {@code source}, is
   * refused; empty when it is fine.
   */
  static Optional<String> refusal(String host, String transport, String source) {
    if ("WS".equalsIgnoreCase(transport) || "WSS".equalsIgnoreCase(transport)) {
      return Optional.empty();
    }
    String literal =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!isIpLiteral(literal)) {
      return Optional.of("Contact must name an IP address");
    }
    InetAddress a;
    try {
      a = InetAddress.getByName(literal); // a literal: no lookup
    } catch (UnknownHostException e) {
      return Optional.of("Contact must name an IP address");
    }
    if (a instanceof Inet6Address v6 && v6.getAddress()[0] == 0 && isMappedV4(v6.getAddress())) {
      byte[] b = v6.getAddress();
      try {
        a = InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
      } catch (UnknownHostException e) {
        return Optional.of("Contact must name an IP address");
      }
    }
    if (a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
      return Optional.of("Contact names an address no phone can be at");
    }
    if (a instanceof Inet4Address && (a.getAddress()[0] == 0 || isBroadcast(a.getAddress()))) {
      return Optional.of("Contact names an address no phone can be at");
    }
    if (a.isLoopbackAddress() && !isLoopback(source)) {
      return Optional.of("Contact names this server's own loopback");
    }
    return Optional.empty();
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  private static boolean isBroadcast(byte[] b) {
    return b[0] == (byte) 255 && b[1] == (byte) 255 && b[2] == (byte) 255 && b[3] == (byte) 255;
  }

  private static boolean isLoopback(String source) {
    try {
      return source != null
          && isIpLiteral(source)
          && InetAddress.getByName(source).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
