package org.webphone.sip.container.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The names our TLS connections are meant for, so that the peer must prove it is that name: the
 * stack dials an address it resolved (the network layer sees no host name), so the application says
 * which names it sends to over TLS (a trunk's host) and each new client socket is matched back to
 * one of them. The socket then sends that name in SNI (RFC 6066 §3: the carrier may host several
 * names) and checks the certificate against it (RFC 5922 §7.2; the JDK's "HTTPS" rules:
 * subjectAltName first). A socket to an address no name leads to is checked against the address
 * itself (an IP subjectAltName), as a trunk configured by its IP is.
 *
 * <p>Without this, client TLS trusted any certificate from a public CA for any name: whoever could
 * redirect our traffic to a trunk got our digest responses and the calls.
 *
 * <p>Threading: any thread. Names are only added (one per TLS trunk host ever dialled).
 */
public final class TlsPeerNames {
  private static final TlsPeerNames SHARED = new TlsPeerNames();

  private final Set<String> names = ConcurrentHashMap.newKeySet();

  TlsPeerNames() {}

  /** The one the stack's network layer uses ({@link LiveNetworkLayer}, made by class name). */
  public static TlsPeerNames shared() {
    return SHARED;
  }

  /** We are about to send over TLS to {@code host} (a name or an IP literal). */
  public void expect(String host) {
    if (host != null && !host.isBlank()) {
      names.add(host.trim().toLowerCase(java.util.Locale.ROOT));
    }
  }

  /**
   * The name a new connection to {@code address} is for: the first expected name that resolves to
   * it (the stack resolved the same name a moment ago, so the JVM's cache answers), or null.
   */
  String nameFor(InetAddress address) {
    for (String name : names) {
      if (isIpLiteral(name)) {
        continue;
      }
      try {
        for (InetAddress a : InetAddress.getAllByName(name)) {
          if (a.equals(address)) {
            return name;
          }
        }
      } catch (UnknownHostException e) {
        // a name that no longer resolves leads nowhere
      }
    }
    return null;
  }

  /**
   * Makes a new client socket to {@code address} check its peer's certificate against the name it
   * is for (or the address), and send that name in SNI. Call before the handshake.
   */
  public void secure(SSLSocket socket, InetAddress address) {
    SSLParameters p = socket.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    String name = nameFor(address);
    if (name != null) {
      // The JDK checks the identity against the SNI name when one is set.
      p.setServerNames(List.of(new SNIHostName(name)));
    }
    socket.setSSLParameters(p);
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
  }
}
