package org.webphone.web.domains;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.WebPhoneException;
import org.webphone.site.SiteNames;
import org.webphone.site.SiteNamesService;
import org.webphone.web.admin.FormErrors;

/**
 * Setup → Settings → Domains: the web domain (A) and the WebRTC domain (B), the DNS records to
 * create for them, and what the names resolve to now against the configured public address. The
 * names are resolved through the operator's own resolver when the admin asks (at most 2 s per
 * name); nothing outside is asked what our address is.
 */
@Named
@ViewScoped
public class DomainsPage implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One name as it resolves now, and whether that is the public address. */
  public record Resolution(String name, String addresses, boolean matches) {}

  @EJB transient SiteNamesService names;

  @Inject transient SiteNamesCache cache;

  @Inject transient FacesContext faces;

  @Resource transient ManagedExecutorService executor;

  private String sipDomain;

  @Inject
  @ConfigProperty(name = "webphone.media.public-address")
  transient Optional<String> mediaPublic;

  @Inject
  @ConfigProperty(name = "webphone.sip.public-address")
  transient Optional<String> sipPublic;

  @Inject
  @ConfigProperty(name = "webphone.media.bind-address")
  transient String mediaBind;

  private String webDomain;
  private String webrtcDomain;
  private List<Resolution> resolutions;

  @PostConstruct
  void load() {
    sipDomain = names.sipDomain();
    names
        .saved()
        .ifPresent(
            n -> {
              webDomain = n.getWebDomain();
              webrtcDomain = n.getWebrtcDomain();
            });
  }

  public void save() {
    try {
      SiteNames saved = names.save(webDomain, webrtcDomain);
      webDomain = saved.getWebDomain();
      webrtcDomain = saved.getWebrtcDomain();
      cache.forget();
      FormErrors.info(faces, "Domains saved.");
    } catch (InvalidFieldsException e) {
      FormErrors.show(faces, "domains", e);
    } catch (WebPhoneException e) {
      FormErrors.page(faces, e.getMessage());
    }
  }

  /**
   * Changes the SIP domain: every account's address moves to it, realms stay (passwords keep
   * working); phones must register at the new domain (the app learns it from /api/config).
   */
  public void saveSipDomain() {
    try {
      int moved = names.saveSipDomain(sipDomain);
      cache.forget();
      sipDomain = names.sipDomain();
      FormErrors.info(
          faces,
          "SIP domain "
              + sipDomain
              + (moved > 0
                  ? ": " + moved + " accounts moved to it, their passwords unchanged."
                  : "."));
    } catch (InvalidFieldsException e) {
      FormErrors.show(faces, "sip", e);
    } catch (WebPhoneException e) {
      FormErrors.page(faces, e.getMessage());
    }
  }

  /** The address the names should resolve to, and which setting says so. */
  public String getPublicAddress() {
    return mediaPublic.or(() -> sipPublic).orElse(mediaBind);
  }

  public String getPublicAddressSource() {
    return mediaPublic.isPresent()
        ? "webphone.media.public-address"
        : sipPublic.isPresent() ? "webphone.sip.public-address" : "webphone.media.bind-address";
  }

  public List<DnsGuidance.Record> getRecords() {
    return DnsGuidance.records(webDomain, webrtcDomain, getPublicAddress());
  }

  /**
   * Looks the names up now (a button, not on every page view: each lookup may wait for the
   * resolver, and a name may not be in DNS yet).
   */
  public void check() {
    resolutions =
        java.util.stream.Stream.of(webrtcDomain, webDomain)
            .filter(n -> n != null && !n.isBlank())
            .distinct()
            .map(this::resolve)
            .toList();
  }

  public List<Resolution> getResolutions() {
    return resolutions;
  }

  private Resolution resolve(String name) {
    CompletableFuture<InetAddress[]> lookup =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return InetAddress.getAllByName(name);
              } catch (UnknownHostException e) {
                return new InetAddress[0];
              }
            },
            executor);
    try {
      InetAddress[] found = lookup.get(2, TimeUnit.SECONDS);
      if (found.length == 0) {
        return new Resolution(name, "not found", false);
      }
      List<String> addresses = Arrays.stream(found).map(InetAddress::getHostAddress).toList();
      return new Resolution(
          name, String.join(", ", addresses), addresses.contains(getPublicAddress()));
    } catch (TimeoutException e) {
      return new Resolution(name, "no answer within 2 s", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Resolution(name, "not looked up", false);
    } catch (java.util.concurrent.ExecutionException e) {
      return new Resolution(name, "lookup failed: " + e.getCause().getMessage(), false);
    }
  }

  public String getSipDomain() {
    return sipDomain;
  }

  public void setSipDomain(String sipDomain) {
    this.sipDomain = sipDomain;
  }

  public String getWebDomain() {
    return webDomain;
  }

  public void setWebDomain(String webDomain) {
    this.webDomain = webDomain;
  }

  public String getWebrtcDomain() {
    return webrtcDomain;
  }

  public void setWebrtcDomain(String webrtcDomain) {
    this.webrtcDomain = webrtcDomain;
  }
}
