package org.webphone.sip.container;

import gov.nist.javax.sip.TransactionExt;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.servlet.sip.SipServletRequest;
import org.mobicents.servlet.sip.core.message.MobicentsSipServletRequest;

/**
 * The names a TLS client proved with its certificate: the subjectAltName DNS names and IP addresses
 * of the certificate it presented (RFC 5922 §7.1), lower case. The TLS listener asks every client
 * for one and accepts none; one it presents must chain to a CA the node trusts (the JDK's, or the
 * operator's {@code javax.net.ssl.trustStore}), or the handshake fails. Empty over any other
 * transport, and for a client that presented none.
 *
 * <p>Stateless; safe on every thread.
 */
public final class PeerCertificates {
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  private PeerCertificates() {}

  /** The names {@code request}'s TLS client certificate proves; empty when there is none. */
  public static List<String> names(SipServletRequest request) {
    if (!"TLS".equalsIgnoreCase(request.getTransport())
        || !(request instanceof MobicentsSipServletRequest m)
        || !(m.getTransaction() instanceof TransactionExt t)) {
      return List.of();
    }
    try {
      Certificate[] chain = t.getPeerCertificates();
      return chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)
          ? List.of()
          : names(leaf);
    } catch (SSLPeerUnverifiedException | UnsupportedOperationException e) {
      return List.of();
    }
  }

  static List<String> names(X509Certificate leaf) {
    List<String> names = new ArrayList<>();
    try {
      var alternatives = leaf.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> entry : alternatives) {
          int type = (Integer) entry.get(0);
          if ((type == DNS_NAME || type == IP_ADDRESS) && entry.get(1) instanceof String name) {
            names.add(name.toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return List.of();
    }
    return List.copyOf(names);
  }
}
