package org.webphone.web.certificates;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/**
 * What the certificates page shows of one served certificate: subject, names (SANs), issuer,
 * validity and days left, with a warning under {@link #WARN_DAYS} days; and whether it covers a
 * host name (RFC 6125 §6.4: exact, or a wildcard for one leftmost label).
 */
public record CertificateInfo(
    String alias,
    String subject,
    List<String> names,
    String issuer,
    Instant notBefore,
    Instant notAfter,
    long daysLeft,
    String serial) {
  public static final int WARN_DAYS = 14;

  public static CertificateInfo of(String alias, X509Certificate c, Clock clock) {
    return new CertificateInfo(
        alias,
        c.getSubjectX500Principal().getName(X500Principal.RFC2253),
        names(c),
        c.getIssuerX500Principal().getName(X500Principal.RFC2253),
        c.getNotBefore().toInstant(),
        c.getNotAfter().toInstant(),
        Duration.between(clock.instant(), c.getNotAfter().toInstant()).toDays(),
        c.getSerialNumber().toString(16));
  }

  /** DNS and IP subject alternative names, as written in the certificate. */
  private static List<String> names(X509Certificate c) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = c.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          Object type = san.get(0);
          if (type instanceof Integer t && (t == 2 || t == 7)) { // dNSName, iPAddress
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      names.add("(unreadable: " + e.getMessage() + ")");
    }
    return List.copyOf(names);
  }

  public boolean expired() {
    return daysLeft < 0;
  }

  public boolean expiresSoon() {
    return daysLeft < WARN_DAYS;
  }

  public boolean selfSigned() {
    return subject.equals(issuer);
  }

  /** True when the certificate names {@code host} (exactly, or by a one-label wildcard). */
  public boolean covers(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (String n : names) {
      String name = n.toLowerCase(Locale.ROOT);
      if (name.equals(h)) {
        return true;
      }
      if (name.startsWith("*.")) {
        int dot = h.indexOf('.');
        if (dot > 0 && h.substring(dot + 1).equals(name.substring(2))) {
          return true;
        }
      }
    }
    return false;
  }
}
