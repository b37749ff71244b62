package org.webphone.sip.trunk;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.webphone.trunk.TrunkRoute;

/**
 * Whether a message came from a trunk's own host: the address the operator configured, or one its
 * name resolves to (the stack resolved the same name to send to it, so the answer is cached).
 *
 * <p>Why: our INVITE may cross proxies on its way to the carrier, and whoever answers it with a
 * 401/407 is given a digest computed with the trunk's password. Only the trunk itself may ask, or a
 * hop could collect responses for an offline guess at the password, or replay them at the carrier
 * (RFC 3261 §22.4: credentials are for the realm and the server that asked).
 */
public final class TrunkAddress {
  private TrunkAddress() {}

  /** True when {@code ip} (a literal, as the transport saw it) is one of {@code trunk}'s host. */
  public static boolean isOf(TrunkRoute trunk, String ip) {
    if (ip == null || trunk.host() == null) {
      return false;
    }
    try {
      InetAddress source = InetAddress.getByName(ip);
      for (InetAddress a : InetAddress.getAllByName(trunk.host())) {
        if (a.equals(source)) {
          return true;
        }
      }
      return false;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
