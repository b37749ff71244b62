package org.webphone.trunk;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.util.LinkedHashSet;
import java.util.Set;
import org.webphone.account.Customer;
import org.webphone.account.SipAccount;

/** A customer's phone number (direct inward dialling): calls to it ring its accounts. */
@Entity
@Table(name = "did")
public class Did {
  @Id
  @SequenceGenerator(name = "did_seq", sequenceName = "did_seq", allocationSize = 10)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "did_seq")
  private Long id;

  /** E.164, read and checked by the service. */
  @Column(nullable = false, unique = true, length = 16)
  private String number;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "customer_id", nullable = false, updatable = false)
  private Customer customer;

  @ManyToMany(fetch = FetchType.EAGER)
  @JoinTable(
      name = "did_account",
      joinColumns = @JoinColumn(name = "did_id"),
      inverseJoinColumns = @JoinColumn(name = "account_id"))
  private Set<SipAccount> accounts = new LinkedHashSet<>();

  protected Did() {}

  public Did(String number, Customer customer) {
    this.number = number;
    this.customer = customer;
  }

  public Long getId() {
    return id;
  }

  public String getNumber() {
    return number;
  }

  public Customer getCustomer() {
    return customer;
  }

  public Set<SipAccount> getAccounts() {
    return accounts;
  }
}
