package org.webphone.sip.container.ws;

import gov.nist.javax.sip.stack.HopImpl;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sip.address.Hop;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import org.mobicents.ext.javax.sip.dns.DNSLookupPerformer;
import org.mobicents.ext.javax.sip.dns.DNSServerLocator;
import org.webphone.sip.container.Flow;
import org.webphone.sip.container.SourceAlias;

/**
 * Where the core sends a request: the Mobicents core asks this for the next hop of every request it
 * sends (RFC 3263 §4 in its default implementation, which asks DNS for every host name).
 *
 * <ul>
 *   <li>A contact routed to a phone's WebSocket ({@link Flows#route}) goes to that connection.
 *   <li>A URI with a {@link SourceAlias} (a phone behind NAT, or any peer that sent from elsewhere
 *       than its Contact) goes to that source, unless the operator wants contacts as written.
 *   <li>An IP address goes there, with the URI's transport (UDP when none, TLS for sips).
 *   <li>An {@code .invalid} host (a browser's made-up name, RFC 7118 §5) with no connection goes
 *       nowhere: the WS transport refuses it, and DNS is never asked for it.
 *   <li>Any other name is left to the stack's router (an A/AAAA lookup through the operator's
 *       resolver): only requests the operator configured, such as to a trunk by name, get here.
 * </ul>
 *
 * <p>Threading: called on the sending thread; reads only concurrent maps.
 */
final class FlowLocator implements DNSServerLocator {
  private final WsProcessorFactory webSockets;
  private final boolean toSources;

  FlowLocator(WsProcessorFactory webSockets, boolean toSources) {
    this.webSockets = webSockets;
    this.toSources = toSources;
  }

  @Override
  public Queue<Hop> locateHops(URI uri) {
    Queue<Hop> hops = new ArrayDeque<>(1);
    if (!(uri instanceof SipURI sip) || sip.getHost() == null) {
      return hops;
    }
    String host = sip.getHost();
    int port = sip.getPort();
    Optional<Flow> flow = webSockets.routeOf(host, port);
    if (flow.isPresent()) {
      Flow f = flow.get();
      hops.add(new HopImpl(f.remoteAddress(), f.remotePort(), f.transport()));
      return hops;
    }
    if (toSources) {
      Optional<SourceAlias.Target> source = SourceAlias.parse(sip.getParameter(SourceAlias.PARAM));
      if (source.isPresent()) {
        SourceAlias.Target t = source.get();
        hops.add(new HopImpl(t.address(), t.port(), t.transport()));
        return hops;
      }
    }
    String transport =
        sip.getTransportParam() != null
            ? sip.getTransportParam().toUpperCase(Locale.ROOT)
            : sip.isSecure() ? "TLS" : "UDP";
    if (host.toLowerCase(Locale.ROOT).endsWith(".invalid")) {
      hops.add(new HopImpl(host, port > 0 ? port : 443, "WS"));
    } else if (isIpLiteral(host)) {
      hops.add(new HopImpl(host, port > 0 ? port : defaultPort(transport), transport));
    }
    return hops;
  }

  private static int defaultPort(String transport) {
    return switch (transport) {
      case "TLS" -> 5061;
      case "WS" -> 80;
      case "WSS" -> 443;
      default -> 5060;
    };
  }

  static boolean isIpLiteral(String host) {
    return host.startsWith("[") || host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
  }

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  @Override
  public Queue<Hop> resolveHostByAandAAAALookup(String host, int port, String transport) {
    return new ArrayDeque<>();
  }

  @Override
  public SipURI getSipURI(URI uri) {
    return uri instanceof SipURI sip ? sip : null;
  }

  // The core tells the locator its own names and transports; routing here needs none of them.

  @Override
  public void addLocalHostName(String hostName) {}

  @Override
  public void removeLocalHostName(String hostName) {}

  @Override
  public void mapLocalHostNameToIP(String hostName, Set<String> ipAddresses) {}

  @Override
  public void unmapLocalHostNameToIP(String hostName) {}

  @Override
  public void addSupportedTransport(String transport) {}

  @Override
  public void removeSupportedTransport(String transport) {}

  @Override
  public void setDnsLookupPerformer(DNSLookupPerformer performer) {}

  /** None: the core's "is this host one of ours" check then treats a name as not ours. */
  @Override
  public DNSLookupPerformer getDnsLookupPerformer() {
    return null;
  }
}
