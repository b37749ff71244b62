package org.webphone.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One change made through the web screens or the API: who, when, what. Never updated. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry {
  @Id
  @SequenceGenerator(
      name = "audit_entry_seq",
      sequenceName = "audit_entry_seq",
      allocationSize = 10)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_entry_seq")
  private Long id;

  @Column(nullable = false, updatable = false)
  private Instant at;

  @Column(nullable = false, length = 254, updatable = false)
  private String actor;

  @Column(nullable = false, length = 64, updatable = false)
  private String action;

  @Column(name = "customer_id", updatable = false)
  private Long customerId;

  @Column(length = 254, updatable = false)
  private String target;

  @Column(length = 2000, updatable = false)
  private String detail;

  protected AuditEntry() {}

  AuditEntry(
      Instant at, String actor, String action, Long customerId, String target, String detail) {
    this.at = at;
    this.actor = actor;
    this.action = action;
    this.customerId = customerId;
    this.target = clip(target, 254);
    this.detail = clip(detail, 2000);
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  public Long getId() {
    return id;
  }

  public Instant getAt() {
    return at;
  }

  public String getActor() {
    return actor;
  }

  public String getAction() {
    return action;
  }

  public Long getCustomerId() {
    return customerId;
  }

  public String getTarget() {
    return target;
  }

  public String getDetail() {
    return detail;
  }
}
