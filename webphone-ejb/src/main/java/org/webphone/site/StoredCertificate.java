package org.webphone.site;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import org.webphone.account.InstantConverter;

/**
 * A certificate an admin added for one of the platform's names: its chain (PEM, public) and its
 * private key sealed by the key vault; this module never sees the key in clear.
 */
@Cacheable(false)
@Entity
@Table(name = "tls_certificate")
public class StoredCertificate implements Serializable {
  private static final long serialVersionUID = 1L;

  @Id
  @SequenceGenerator(
      name = "tls_certificate_seq",
      sequenceName = "tls_certificate_seq",
      allocationSize = 10)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "tls_certificate_seq")
  private Long id;

  @Column(name = "host", nullable = false, length = 253)
  private String host;

  @Column(name = "chain_pem", nullable = false, length = 65535)
  private String chainPem;

  @Column(name = "key_sealed", nullable = false, length = 16384)
  private byte[] keySealed;

  @Column(name = "serial", nullable = false, length = 64)
  private String serial;

  @Column(name = "not_after", nullable = false)
  @Convert(converter = InstantConverter.class)
  private Instant notAfter;

  @Column(name = "source", nullable = false, length = 10)
  private String source;

  /** The ACME directory it was ordered from, where its renewals go; null when not ordered. */
  @Column(name = "acme_directory", length = 500)
  private String acmeDirectory;

  @Column(name = "created_at", nullable = false)
  @Convert(converter = InstantConverter.class)
  private Instant createdAt;

  protected StoredCertificate() {}

  public StoredCertificate(
      String host,
      String chainPem,
      byte[] keySealed,
      String serial,
      Instant notAfter,
      String source) {
    this.host = host;
    this.chainPem = chainPem;
    this.keySealed = keySealed;
    this.serial = serial;
    this.notAfter = notAfter;
    this.source = source;
  }

  void created(Instant now) {
    createdAt = now;
  }

  public Long getId() {
    return id;
  }

  public String getHost() {
    return host;
  }

  public String getChainPem() {
    return chainPem;
  }

  public byte[] getKeySealed() {
    return keySealed;
  }

  public String getSerial() {
    return serial;
  }

  public Instant getNotAfter() {
    return notAfter;
  }

  public String getSource() {
    return source;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  /** Marks it as ordered from the ACME directory {@code directory}; returns it. */
  public StoredCertificate orderedFrom(String directory) {
    this.acmeDirectory = directory;
    return this;
  }

  public String getAcmeDirectory() {
    return acmeDirectory;
  }
}
