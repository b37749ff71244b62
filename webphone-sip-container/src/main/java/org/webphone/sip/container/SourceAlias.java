package org.webphone.sip.container;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a phone behind NAT is really reached: the source address and port its messages came from
 * (RFC 3581 received/rport), carried in an {@code alias} parameter of the URI we send to, as
 * Kamailio's nathelper does ({@code set_contact_alias}): {@code sip:bob@192.168.1.7:5060;
 * alias=203.0.113.5~40123~udp}. The contact itself stays as the phone wrote it (it is what the
 * phone expects in the Request-URI), and the next hop is the alias.
 *
 * <p>Why not the contact as written: it names an address the phone chose, so sending there is a
 * request an account makes the node send anywhere (a private address of the operator's network, a
 * victim's host); behind NAT it is also simply unreachable. The alias is ours only: the registrar
 * refuses a contact that carries one, and {@link ContactAliasValve} replaces any a peer wrote.
 *
 * <p>Stateless; safe on every thread.
 */
public final class SourceAlias {
  /** The URI parameter's name (Kamailio's). */
  public static final String PARAM = "alias";

  private static final Pattern VALUE =
      Pattern.compile("([0-9a-fA-F.:\\[\\]]{2,47})~([0-9]{1,5})~(udp|tcp|tls)");

  // Compiled once: needed() runs for every message with a Contact (ContactAliasValve).
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

  private SourceAlias() {}

  /** Where the alias sends to. */
  public record Target(String address, int port, String transport) {}

  /** The parameter's value for {@code address}:{@code port} over {@code transport}. */
  public static String value(String address, int port, String transport) {
    return address + "~" + port + "~" + transport.toLowerCase(Locale.ROOT);
  }

  /**
   * The target an alias value names; empty for anything that is not an IP, a port and a transport.
   */
  public static Optional<Target> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    // An escaped "~" is the same character (RFC 3261 §19.1.4); some writers escape it.
    var m = VALUE.matcher(value.replace("%7E", "~").replace("%7e", "~"));
    if (!m.matches() || !isIpLiteral(m.group(1))) {
      return Optional.empty();
    }
    int port = Integer.parseInt(m.group(2));
    if (port < 1 || port > 65535) {
      return Optional.empty();
    }
    return Optional.of(new Target(m.group(1), port, m.group(3).toUpperCase(Locale.ROOT)));
  }

  /**
   * Whether a contact naming {@code host}:{@code port} (-1: none), sent over {@code transport} from
   * {@code source}:{@code sourcePort}, is to be reached at its source instead: over UDP when the
   * address or port differ (a NAT mapped them), over TCP and TLS when the address differs (the
   * source port of a connection is never the one it listens on; requests then go over that
   * connection, RFC 5923 §2). WebSocket contacts are routed by their connection and never need one.
   */
  public static boolean needed(
      String host, int port, String transport, String source, int sourcePort) {
    String t = transport.toUpperCase(Locale.ROOT);
    if (t.equals("WS") || t.equals("WSS")) {
      return false;
    }
    if (!sameAddress(host, source)) {
      return true;
    }
    return t.equals("UDP") && (port > 0 ? port : 5060) != sourcePort;
  }

  private static boolean sameAddress(String host, String source) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!isIpLiteral(h) || source == null || !isIpLiteral(source)) {
      return false; // a name is never a source address; it is not looked up
    }
    try {
      return InetAddress.getByName(h).equals(InetAddress.getByName(source)); // literals: no lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isIpLiteral(String s) {
    return s.indexOf(':') >= 0 || IPV4.matcher(s).matches();
  }
}
