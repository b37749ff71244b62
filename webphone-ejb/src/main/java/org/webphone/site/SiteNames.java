package org.webphone.site;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import org.webphone.account.InstantConverter;

/**
 * The names the platform runs under: the web domain (A) that serves the phone's page and {@code
 * /api}, and the WebRTC domain (B) that serves {@code /sip}, where the phone connects ({@code
 * wss://B/sip}). Either may be unset. The SIP domain (the host part of addresses-of-record) is a
 * setting of its own, independent of them: null until an admin sets it ({@code webphone.sip.domain}
 * applies). Accounts keep the realm they were created with when it changes.
 */
// Not in EclipseLink's shared cache: another node of a cluster may have saved newer names.
@Cacheable(false)
@Entity
@Table(name = "site_names")
public class SiteNames implements Serializable {
  private static final long serialVersionUID = 1L;

  static final short ID = 1;

  @Id private short id = ID;

  @Column(name = "web_domain", length = 253)
  private String webDomain;

  @Column(name = "webrtc_domain", length = 253)
  private String webrtcDomain;

  @Column(name = "sip_domain", length = 253)
  private String sipDomain;

  @Column(name = "updated_at", nullable = false)
  @Convert(converter = InstantConverter.class)
  private Instant updatedAt;

  public SiteNames() {}

  public SiteNames(String webDomain, String webrtcDomain) {
    this.webDomain = webDomain;
    this.webrtcDomain = webrtcDomain;
  }

  public String getWebDomain() {
    return webDomain;
  }

  public String getWebrtcDomain() {
    return webrtcDomain;
  }

  public String getSipDomain() {
    return sipDomain;
  }

  void sipDomain(String domain, Instant now) {
    sipDomain = domain;
    updatedAt = now;
  }

  void set(String web, String webrtc, Instant now) {
    webDomain = web;
    webrtcDomain = webrtc;
    updatedAt = now;
  }
}
