package org.webphone.web.certificates;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.webphone.account.InvalidFieldsException;
import org.webphone.site.CertificateStore;
import org.webphone.site.HostNames;
import org.webphone.site.SiteNamesService;
import org.webphone.site.StoredCertificate;
import org.webphone.tls.LiveKeys;
import org.webphone.web.admin.FormErrors;
import org.webphone.web.certificates.acme.CertificateJob;
import org.webphone.web.certificates.acme.CertificateOrders;
import org.webphone.web.domains.SiteNamesCache;

/**
 * Setup → Information → Certificates: what HTTPS, WSS and SIP over TLS serve now (subject, names,
 * issuer, validity, days left, a warning under 14 days), and for each name the platform runs under
 * (web domain, WebRTC domain, SIP domain) whether a served certificate covers it. "Add Certificate"
 * takes a PEM chain and key, checks them, and stores them with the key sealed; "Request
 * Certificate" orders one with ACME and "Refresh Certificates" renews those due, both in the
 * background with their steps shown. The listeners present a new certificate from the next
 * handshake on, without a restart (docs/certificates.md).
 */
@Named
@ViewScoped
public class CertificatesPage implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How long the page keeps polling after the last job ended (see CertificateJob#isRecent). */
  private static final Duration POLL_AFTER_END = Duration.ofSeconds(5);

  /** A configured name, and the certificate that covers it (null: none). */
  public record Coverage(String role, String name, String alias) {}

  @EJB transient SiteNamesService names;

  @EJB transient CertificateStore store;

  @Inject transient LiveCertificates live;

  @Inject transient CertificateOrders orders;

  @Inject transient FacesContext faces;

  private String host;
  private String chainPem;
  private String keyPem;

  @Inject transient SiteNamesCache siteNames;

  private List<CertificateInfo> certificates = List.of();

  private String acmeHost;
  private String acmeDirectory;
  private String acmeEmail;
  private boolean acmeAgree;

  /**
   * What the listeners present now, from the same holder the SIP stack's TLS reads ({@link
   * LiveKeys}): the key store the server started with, for clients that name no host we have a
   * certificate for, and each name's added certificate (by SNI).
   */
  @PostConstruct
  void start() {
    acmeDirectory = orders.config().directory().toString();
    load();
  }

  void load() {
    LiveKeys.Snapshot now = LiveKeys.shared().current();
    Clock clock = Clock.systemUTC();
    List<CertificateInfo> found = new ArrayList<>();
    if (now.fallback() != null) {
      found.add(CertificateInfo.of("HTTPS, WSS, SIP over TLS", now.fallback().chain()[0], clock));
    }
    now.byHost().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                found.add(
                    CertificateInfo.of(
                        "HTTPS, WSS, SIP over TLS for " + e.getKey(),
                        e.getValue().chain()[0],
                        clock)));
    certificates = List.copyOf(found);
  }

  /**
   * "Add Certificate": checks the chain and key (PemBundle), seals the key (KeyVault) and stores
   * both; on any problem, a message next to its field and nothing stored. The key is dropped from
   * the page either way.
   */
  public void add() {
    try {
      String name = HostNames.normalize(host);
      Map<String, String> wrong = new LinkedHashMap<>();
      if (name == null || HostNames.problem(name) != null) {
        wrong.put("host", name == null ? "the name it is for" : HostNames.problem(name));
      } else {
        wrong.putAll(PemBundle.problems(chainPem, keyPem, name, Clock.systemUTC()));
      }
      if (!wrong.isEmpty()) {
        FormErrors.show(faces, "add", InvalidFieldsException.of(wrong));
        return;
      }
      StoredCertificate added = live.keep(name, chainPem, keyPem, "upload", null);
      live.install(added);
      load();
      FormErrors.info(
          faces,
          "Certificate for " + name + " stored; HTTPS, WSS and SIP over TLS present it now.");
      host = null;
      chainPem = null;
    } catch (IOException | GeneralSecurityException e) {
      FormErrors.page(faces, "The key could not be sealed: " + e.getMessage());
    } finally {
      keyPem = null; // never rendered back, kept no longer than the request
    }
  }

  /**
   * "Request with ACME": checks the form, then orders in the background; the page shows the order's
   * steps as they happen.
   */
  public void order() {
    String name = HostNames.normalize(acmeHost);
    Map<String, String> wrong = new LinkedHashMap<>();
    if (name != null && name.startsWith("*.")) {
      wrong.put("acmeHost", "HTTP-01 cannot validate a wildcard name (RFC 8555 §8.3)");
    } else if (name == null || HostNames.problem(name) != null) {
      wrong.put("acmeHost", name == null ? "the name it is for" : HostNames.problem(name));
    }
    URI directory = null;
    try {
      directory = URI.create(acmeDirectory == null ? "" : acmeDirectory.trim());
      if (!"https".equalsIgnoreCase(directory.getScheme()) || directory.getHost() == null) {
        wrong.put("acmeDirectory", "the CA's directory URL, https://...");
      }
    } catch (IllegalArgumentException e) {
      wrong.put("acmeDirectory", "not a URL: " + e.getMessage());
    }
    if (acmeEmail != null
        && !acmeEmail.isBlank()
        && !acmeEmail.trim().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      wrong.put("acmeEmail", "an email address, or nothing");
    }
    if (!acmeAgree) {
      wrong.put("acmeAgree", "the CA issues only to those who agree to its terms");
    }
    if (!wrong.isEmpty()) {
      FormErrors.show(faces, "acme", InvalidFieldsException.of(wrong));
      return;
    }
    orders.order(name, directory, acmeEmail == null ? null : acmeEmail.trim());
    acmeHost = null;
  }

  /** "Refresh Certificates": renews, in the background, every ordered certificate that is due. */
  public void refresh() {
    orders.refresh(false);
  }

  public List<CertificateJob> getJobs() {
    return orders.jobs();
  }

  /** Whether the page polls: a job runs, or one ended a moment ago. */
  public boolean isAnyRunning() {
    Instant now = Instant.now();
    return orders.jobs().stream().anyMatch(j -> j.isRecent(now, POLL_AFTER_END));
  }

  public String getAcmeHost() {
    return acmeHost;
  }

  public void setAcmeHost(String acmeHost) {
    this.acmeHost = acmeHost;
  }

  public String getAcmeDirectory() {
    return acmeDirectory;
  }

  public void setAcmeDirectory(String acmeDirectory) {
    this.acmeDirectory = acmeDirectory;
  }

  public String getAcmeEmail() {
    return acmeEmail;
  }

  public void setAcmeEmail(String acmeEmail) {
    this.acmeEmail = acmeEmail;
  }

  public boolean isAcmeAgree() {
    return acmeAgree;
  }

  public void setAcmeAgree(boolean acmeAgree) {
    this.acmeAgree = acmeAgree;
  }

  public List<StoredCertificate> getStored() {
    return store.all();
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public String getChainPem() {
    return chainPem;
  }

  public void setChainPem(String chainPem) {
    this.chainPem = chainPem;
  }

  /** Always empty: the field is write-only. */
  public String getKeyPem() {
    return null;
  }

  public void setKeyPem(String keyPem) {
    this.keyPem = keyPem;
  }

  /** Read again at every rendering: a background order may have changed them. */
  public List<CertificateInfo> getCertificates() {
    load();
    return certificates;
  }

  public List<Coverage> getCoverage() {
    List<Coverage> c = new ArrayList<>();
    var saved = names.saved();
    Stream.of(
            new String[] {"Web domain", saved.map(n -> n.getWebDomain()).orElse(null)},
            new String[] {"WebRTC domain", saved.map(n -> n.getWebrtcDomain()).orElse(null)},
            new String[] {"SIP domain", siteNames.sipDomain()})
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
