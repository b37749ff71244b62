package org.webphone.web.admin;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.webphone.site.SiteNamesService;
import org.webphone.web.site.CertificateInfo;
import org.webphone.web.site.ServedCertificates;

/**
 * Setup → Information → Certificates: what HTTPS, WSS and SIP over TLS serve now (subject, names,
 * issuer, validity, days left, a warning under 14 days), and for each name the platform runs under
 * (web domain, WebRTC domain, SIP domain) whether a served certificate covers it.
 */
@Named
@ViewScoped
public class CertificatesPage implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A configured name, and the certificate that covers it (null: none). */
  public record Coverage(String role, String name, String alias) {}

  @EJB transient SiteNamesService names;

  @Inject
  @ConfigProperty(name = "webphone.sip.domain")
  transient String sipDomain;

  private List<CertificateInfo> certificates = List.of();
  private String problem;

  @PostConstruct
  void load() {
    try {
      certificates = ServedCertificates.read(Clock.systemUTC());
    } catch (IOException | GeneralSecurityException e) {
      problem = "The key store could not be read: " + e.getMessage();
    }
  }

  public List<CertificateInfo> getCertificates() {
    return certificates;
  }

  public String getProblem() {
    return problem;
  }

  public List<Coverage> getCoverage() {
    List<Coverage> c = new ArrayList<>();
    var saved = names.saved();
    Stream.of(
            new String[] {"Web domain", saved.map(n -> n.getWebDomain()).orElse(null)},
            new String[] {"WebRTC domain", saved.map(n -> n.getWebrtcDomain()).orElse(null)},
            new String[] {"SIP domain", sipDomain})
        .filter(p -> p[1] != null)
        .forEach(
            p ->
                c.add(
                    new Coverage(
                        p[0],
                        p[1],
                        certificates.stream()
                            .filter(x -> x.covers(p[1]) && !x.expired())
                            .map(CertificateInfo::alias)
                            .findFirst()
                            .orElse(null))));
    return c;
  }
}
