package org.webphone.web.domains;

import java.util.ArrayList;
import java.util.List;
import org.webphone.site.HostNames;

/**
 * The DNS records an operator creates for the platform's names: the WebRTC domain (B) points at the
 * server's public address (an A record, AAAA for IPv6); the web domain (A) is a CNAME to B, or an A
 * record of its own where A is a zone's apex (no CNAME there, RFC 1034 §3.6.2) or there is no B.
 * The public address is what the operator configured, never looked up from outside.
 */
public final class DnsGuidance {
  /** One record to create: {@code name TYPE value}, and why. */
  public record Record(String name, String type, String value, String why) {}

  private DnsGuidance() {}

  public static List<Record> records(String web, String webrtc, String publicAddress) {
    List<Record> r = new ArrayList<>();
    String addressType = publicAddress.contains(":") ? "AAAA" : "A";
    if (webrtc != null) {
      r.add(
          new Record(
              webrtc,
              addressType,
              publicAddress,
              "the phone connects here: wss://" + webrtc + "/sip"));
    }
    if (web != null && !web.equals(webrtc)) {
      if (webrtc != null && !HostNames.isApex(web)) {
        r.add(
            new Record(
                web,
                "CNAME",
                webrtc + ".",
                "the page and the API, on the same server as " + webrtc));
      } else {
        r.add(
            new Record(
                web,
                addressType,
                publicAddress,
                HostNames.isApex(web)
                    ? "a zone's apex takes no CNAME: the address itself"
                    : "the page and the API"));
      }
    }
    return r;
  }
}
