package org.webphone.login;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.webphone.account.Customer;

/**
 * Who may sign in to the web screens: an admin (all customers) or a customer's own user (its
 * phonebook and accounts only). Phones never use these: they authenticate with their SIP account.
 */
@Entity
@Table(name = "login")
@NamedQuery(name = Login.BY_USERNAME, query = "select l from Login l where l.username = :username")
public class Login {
  static final String BY_USERNAME = "Login.byUsername";

  /** The role names the web tier and the EJBs check. */
  public enum Role {
    ADMIN("admin"),
    CUSTOMER("customer");

    private final String roleName;

    Role(String roleName) {
      this.roleName = roleName;
    }

    public String roleName() {
      return roleName;
    }
  }

  @Id
  @SequenceGenerator(name = "login_seq", sequenceName = "login_seq", allocationSize = 10)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "login_seq")
  private Long id;

  @NotBlank(message = "a user name is required")
  @Size(max = 254)
  @Column(nullable = false, unique = true, length = 254, updatable = false)
  private String username;

  @NotBlank
  @Column(name = "password_hash", nullable = false, length = 512)
  private String passwordHash;

  @NotNull
  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16, updatable = false)
  private Role role;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "customer_id", updatable = false)
  private Customer customer;

  @Column(nullable = false)
  private boolean enabled = true;

  @NotNull
  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  protected Login() {}

  Login(String username, String passwordHash, Role role, Customer customer, Instant createdAt) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.role = role;
    this.customer = customer;
    this.createdAt = createdAt;
  }

  public Long getId() {
    return id;
  }

  public String getUsername() {
    return username;
  }

  String getPasswordHash() {
    return passwordHash;
  }

  void setPasswordHash(String passwordHash) {
    this.passwordHash = passwordHash;
  }

  public Role getRole() {
    return role;
  }

  /** The customer a {@link Role#CUSTOMER} login belongs to; null for admins. */
  public Long getCustomerId() {
    return customer == null ? null : customer.getId();
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
