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
 * The platform's account at one ACME certificate authority (RFC 8555 §7.3), named by its directory
 * URL: the account key (sealed by the web module's key vault), the account's URL once created, and
 * the contact address it was created with.
 */
@Cacheable(false)
@Entity
@Table(name = "acme_account")
public class AcmeAccount implements Serializable {
  private static final long serialVersionUID = 1L;

  @Id
  @Column(name = "directory", nullable = false, length = 500)
  private String directory;

  @Column(name = "account_url", length = 500)
  private String accountUrl;

  @Column(name = "email", length = 254)
  private String email;

  @Column(name = "key_sealed", nullable = false, length = 8192)
  private byte[] keySealed;

  @Column(name = "created_at", nullable = false)
  @Convert(converter = InstantConverter.class)
  private Instant createdAt;

  protected AcmeAccount() {}

  public AcmeAccount(String directory, String accountUrl, String email, byte[] keySealed) {
    this.directory = directory;
    this.accountUrl = accountUrl;
    this.email = email;
    this.keySealed = keySealed.clone();
  }

  void created(Instant at) {
    this.createdAt = at;
  }

  public String getDirectory() {
    return directory;
  }

  public String getAccountUrl() {
    return accountUrl;
  }

  public String getEmail() {
    return email;
  }

  public byte[] getKeySealed() {
    return keySealed.clone();
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
