package org.webphone.sip.registrar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import javax.servlet.sip.Address;
import javax.servlet.sip.ServletParseException;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipURI;
import org.webphone.sip.container.SourceAlias;

/**
 * What a REGISTER asks for (RFC 3261 §10.3 steps 6-7), read once: a query, a removal of every
 * binding, or a list of bindings with their expiry resolved. Invalid requests become the response
 * they deserve.
 */
sealed interface RequestedBindings {

  /** No Contact: report the current bindings. */
  record Query() implements RequestedBindings {}

  /** {@code Contact: *} with {@code Expires: 0}: remove every binding. */
  record RemoveAll() implements RequestedBindings {}

  /**
   * Add, refresh or (expiry 0) remove these. {@code hosts} holds each contact's host and port as
   * the request's parsed Contact gave them (for routing a WebSocket phone's contact to its
   * connection without parsing the stored text again); contacts that are no SIP URI are absent.
   */
  record Update(List<Binding> bindings, Map<String, ContactHost> hosts)
      implements RequestedBindings {}

  /** A contact URI's host and port (-1: none given). */
  record ContactHost(String host, int port) {}

  /** Refuse with {@code status} and {@code reason}; {@code minExpires} for a 423, else 0. */
  record Invalid(int status, String reason, int minExpires) implements RequestedBindings {}

  static RequestedBindings of(
      SipServletRequest request, RegistrarConfig config, long now, String home) {
    List<Address> contacts = new ArrayList<>();
    boolean wildcard = false;
    try {
      for (ListIterator<Address> it = request.getAddressHeaders("Contact"); it.hasNext(); ) {
        Address a = it.next();
        wildcard |= a.isWildcard();
        contacts.add(a);
      }
    } catch (ServletParseException e) {
      return new Invalid(400, "Bad Contact", 0);
    }
    int headerExpires = request.getExpires();
    if (wildcard) {
      // §10.3 step 6: "*" only alone, and only with Expires: 0.
      return contacts.size() == 1 && headerExpires == 0
          ? new RemoveAll()
          : new Invalid(400, "Wildcard Contact needs to stand alone with Expires: 0", 0);
    }
    if (contacts.isEmpty()) {
      return new Query();
    }
    long cseq;
    try {
      String value = request.getHeader("CSeq");
      cseq = Long.parseLong(value.substring(0, value.indexOf(' ')).trim());
    } catch (RuntimeException e) {
      return new Invalid(400, "Bad CSeq", 0);
    }
    List<Binding> bindings = new ArrayList<>();
    Map<String, ContactHost> hosts = new HashMap<>();
    for (Address a : contacts) {
      // §10.3 step 7: the contact's own expires parameter, else the Expires header, else ours.
      int expires = a.getExpires() >= 0 ? a.getExpires() : headerExpires;
      if (expires < 0) {
        expires = config.defaultExpires();
      }
      if (expires > 0 && expires < config.minExpires()) {
        return new Invalid(423, "Interval Too Brief", config.minExpires());
      }
      expires = Math.min(expires, config.maxExpires());
      String contact = a.getURI().toString();
      if (a.getURI() instanceof SipURI sip) {
        Optional<String> refused =
            expires == 0
                ? Optional.empty()
                : ContactAddress.refusal(
                    sip.getHost(), request.getTransport(), request.getRemoteAddr());
        if (refused.isEmpty() && sip.getParameter(SourceAlias.PARAM) != null) {
          // Where a contact is reached is ours to say (SourceAlias): an alias of the phone's own
          // would name any host.
          refused = Optional.of("Contact must not carry an alias parameter");
        }
        if (refused.isPresent()) {
          return new Invalid(403, refused.get(), 0);
        }
        hosts.put(contact, new ContactHost(sip.getHost(), sip.getPort()));
      } else if (expires > 0 && !isWebSocket(request.getTransport())) {
        return new Invalid(403, "Contact must be a SIP URI", 0); // a tel: or http: contact
      }
      bindings.add(
          new Binding(
              contact,
              now + expires * 1000L,
              request.getCallId(),
              cseq,
              a.getParameter("+sip.instance"),
              regId(a.getParameter("reg-id")),
              request.getTransport(),
              request.getRemoteAddr(),
              request.getRemotePort(),
              0,
              home));
    }
    return new Update(bindings, hosts);
  }

  private static boolean isWebSocket(String transport) {
    return "WS".equalsIgnoreCase(transport) || "WSS".equalsIgnoreCase(transport);
  }

  private static int regId(String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
