package org.webphone.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.webphone.account.Customer;

/** Money a customer paid (or was credited); negative amounts are refunds. */
@Entity
@Table(name = "payment")
public class Payment {
  @Id
  @SequenceGenerator(name = "payment_seq", sequenceName = "payment_seq", allocationSize = 10)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "payment_seq")
  private Long id;

  @NotNull
  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "customer_id", nullable = false, updatable = false)
  private Customer customer;

  @NotNull(message = "an amount is required")
  @Digits(integer = 10, fraction = 2, message = "at most 10 digits and 2 decimals")
  @Column(nullable = false, precision = 12, scale = 2)
  private BigDecimal amount;

  /** ISO 4217, e.g. USD. */
  @NotNull
  @Pattern(regexp = "[A-Z]{3}", message = "a three-letter currency code such as USD")
  @Column(nullable = false, length = 3)
  private String currency;

  @NotNull
  @Column(name = "paid_on", nullable = false)
  private LocalDate paidOn;

  @Size(max = 500)
  @Column(length = 500)
  private String note;

  @NotNull
  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  protected Payment() {}

  Payment(
      Customer customer,
      BigDecimal amount,
      String currency,
      LocalDate paidOn,
      String note,
      Instant createdAt) {
    this.customer = customer;
    this.amount = amount;
    this.currency = currency;
    this.paidOn = paidOn;
    this.note = note == null || note.isBlank() ? null : note.trim();
    this.createdAt = createdAt;
  }

  public Long getId() {
    return id;
  }

  public BigDecimal getAmount() {
    return amount;
  }

  public String getCurrency() {
    return currency;
  }

  public LocalDate getPaidOn() {
    return paidOn;
  }

  public String getNote() {
    return note;
  }
}
