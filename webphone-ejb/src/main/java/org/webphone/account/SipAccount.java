package org.webphone.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * A SIP identity a phone registers as: {@code sip:username@domain}. The clear password is never
 * stored, only HA1 = MD5(username:realm:password) (RFC 2617 §3.2.2.2), which is why the realm is
 * fixed when the account is created: a new realm would need the password again.
 */
@Entity
@Table(
    name = "sip_account",
    uniqueConstraints = {
      @UniqueConstraint(
          name = "uk_sip_account_user_domain",
          columnNames = {"username", "domain"}),
      @UniqueConstraint(
          name = "uk_sip_account_customer_extension",
          columnNames = {"customer_id", "extension"})
    })
@NamedQuery(
    name = SipAccount.BY_USER_AND_DOMAIN,
    query = "select a from SipAccount a where a.username = :username and a.domain = :domain")
public class SipAccount {
  static final String BY_USER_AND_DOMAIN = "SipAccount.byUserAndDomain";

  @Id
  @SequenceGenerator(
      name = "sip_account_seq",
      sequenceName = "sip_account_seq",
      allocationSize = 10)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sip_account_seq")
  private Long id;

  @NotNull
  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "customer_id", nullable = false)
  private Customer customer;

  // RFC 3261 §25.1 "user" allows more, but a phone's keypad and a person's eyes do not.
  @NotBlank
  @Pattern(regexp = "[A-Za-z0-9._~-]{1,64}", message = "letters, digits, . _ ~ - (1 to 64)")
  @Column(nullable = false, length = 64)
  private String username;

  @NotBlank
  @Size(max = 253)
  @Column(nullable = false, length = 253)
  private String domain;

  @NotBlank
  @Size(max = 253)
  @Column(nullable = false, length = 253, updatable = false)
  private String realm;

  @Pattern(regexp = "[0-9]{2,8}", message = "2 to 8 digits")
  @Column(length = 8)
  private String extension;

  @Size(max = 100)
  @Column(name = "display_name", length = 100)
  private String displayName;

  @NotNull
  @Pattern(regexp = "[0-9a-f]{32}")
  @Column(nullable = false, length = 32)
  private String ha1;

  @Column(nullable = false)
  private boolean enabled = true;

  @NotNull
  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected SipAccount() {}

  SipAccount(
      Customer customer,
      String username,
      String domain,
      String realm,
      String extension,
      String displayName,
      String ha1,
      Instant createdAt) {
    this.customer = customer;
    this.username = username;
    this.domain = domain;
    this.realm = realm;
    this.extension = extension;
    this.displayName = displayName;
    this.ha1 = ha1;
    this.createdAt = createdAt;
  }

  public Long getId() {
    return id;
  }

  public Customer getCustomer() {
    return customer;
  }

  public String getUsername() {
    return username;
  }

  public String getDomain() {
    return domain;
  }

  public String getRealm() {
    return realm;
  }

  public String getExtension() {
    return extension;
  }

  public String getDisplayName() {
    return displayName;
  }

  public String getHa1() {
    return ha1;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
