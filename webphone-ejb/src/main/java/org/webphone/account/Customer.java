package org.webphone.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** A tenant of the platform: owns SIP accounts, a phonebook and payments. */
@Entity
@Table(name = "customer")
@NamedQuery(name = Customer.COUNT, query = "select count(c) from Customer c")
@NamedQuery(name = Customer.BY_NAME, query = "select c from Customer c where c.name = :name")
@NamedQuery(name = Customer.TEMPLATE, query = "select c from Customer c where c.template = true")
public class Customer {
  static final String COUNT = "Customer.count";
  static final String BY_NAME = "Customer.byName";
  public static final String TEMPLATE = "Customer.template";

  /** Whether the customer's accounts may register and call. */
  public enum Status {
    ACTIVE,
    SUSPENDED
  }

  // SEQUENCE, not IDENTITY: EclipseLink 4 writes IDENTITY DDL that Payara's H2 2.2 rejects.
  @Id
  @SequenceGenerator(name = "customer_seq", sequenceName = "customer_seq", allocationSize = 10)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "customer_seq")
  private Long id;

  @NotBlank(message = "a name is required")
  @Size(max = 200)
  @Column(nullable = false, unique = true, length = 200)
  private String name;

  @NotNull
  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private Status status = Status.ACTIVE;

  @NotNull
  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** The customer whose payments every self-signed-up customer receives; at most one. */
  @Column(nullable = false)
  private boolean template;

  @Email(message = "must be an email address")
  @Size(max = 254)
  @Column(length = 254)
  private String email;

  /** Set when the customer followed the link mailed to {@link #email}; trunks need it. */
  @Column(name = "email_verified", nullable = false)
  private boolean emailVerified;

  /** Raised by every change of the phonebook (a bulk update, so concurrent changes all count). */
  @Column(name = "phonebook_version", nullable = false, insertable = false, updatable = false)
  private long phonebookVersion;

  /** SHA-256 (hex) of the open verification link's token; null when none is open. */
  @Column(name = "email_token_hash", length = 64)
  private String emailTokenHash;

  @Column(name = "email_token_expires")
  private Instant emailTokenExpires;

  /** ISO 3166-1 alpha-2; national numbers in its phonebook are read with it. */
  @Pattern(regexp = "[A-Z]{2}", message = "must be a two-letter country code such as DE")
  @Column(name = "default_region", length = 2)
  private String defaultRegion;

  protected Customer() {}

  public Customer(String name, Instant createdAt) {
    this.name = name;
    this.createdAt = createdAt;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public Status getStatus() {
    return status;
  }

  public void setStatus(Status status) {
    this.status = status;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public boolean isTemplate() {
    return template;
  }

  void setTemplate(boolean template) {
    this.template = template;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public boolean isEmailVerified() {
    return emailVerified;
  }

  /** Opens a verification link: only its token's hash is kept. */
  void expectEmailToken(String tokenHash, Instant expires) {
    this.emailTokenHash = tokenHash;
    this.emailTokenExpires = expires;
  }

  /** Whether {@code tokenHash} opens the link now; if so, the email is verified and it closes. */
  boolean verifyEmailToken(String tokenHash, Instant now) {
    if (emailTokenHash == null
        || !java.security.MessageDigest.isEqual(
            emailTokenHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            tokenHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        || now.isAfter(emailTokenExpires)) {
      return false;
    }
    emailVerified = true;
    emailTokenHash = null;
    emailTokenExpires = null;
    return true;
  }

  /** An admin's word that the address is the customer's (for customers who did not sign up). */
  void markEmailVerified() {
    emailVerified = true;
    emailTokenHash = null;
    emailTokenExpires = null;
  }

  public long getPhonebookVersion() {
    return phonebookVersion;
  }

  public String getDefaultRegion() {
    return defaultRegion;
  }

  public void setDefaultRegion(String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }
}
