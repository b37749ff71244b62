package org.webphone.phonebook;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.webphone.account.Customer;

/** A person or place in a customer's phonebook: a name, optionally more, and its numbers. */
@Entity
@Table(name = "contact")
public class Contact {
  @Id
  @SequenceGenerator(name = "contact_seq", sequenceName = "contact_seq", allocationSize = 10)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "contact_seq")
  private Long id;

  /** The phonebook this contact is in: every query names it (tenant isolation). */
  @NotNull
  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "customer_id", nullable = false, updatable = false)
  private Customer customer;

  @NotBlank(message = "a name is required")
  @Size(max = 200)
  @Column(nullable = false, length = 200)
  private String name;

  @Size(max = 200)
  @Column(length = 200)
  private String company;

  @Email
  @Size(max = 254)
  @Column(length = 254)
  private String email;

  @Size(max = 2000)
  @Column(length = 2000)
  private String notes;

  @NotNull
  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Version private long version;

  @Valid
  @OneToMany(mappedBy = "contact", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("position")
  private List<ContactNumber> numbers = new ArrayList<>();

  protected Contact() {}

  Contact(Customer customer, ContactDetails details, Instant createdAt) {
    this.customer = customer;
    this.createdAt = createdAt;
    apply(details);
  }

  void apply(ContactDetails details) {
    this.name = details.name() == null ? null : details.name().trim();
    this.company = blankToNull(details.company());
    this.email = blankToNull(details.email());
    this.notes = blankToNull(details.notes());
  }

  ContactNumber addNumber(String label, String number, String extension) {
    ContactNumber n = new ContactNumber(this, label, number, extension, numbers.size());
    numbers.add(n);
    return n;
  }

  /** Removes and returns the number with that id, or null; the others keep their order. */
  ContactNumber removeNumber(long numberId) {
    for (int i = 0; i < numbers.size(); i++) {
      if (numbers.get(i).getId() != null && numbers.get(i).getId() == numberId) {
        ContactNumber removed = numbers.remove(i);
        for (int j = i; j < numbers.size(); j++) {
          numbers.get(j).setPosition(j);
        }
        return removed;
      }
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  public Long getId() {
    return id;
  }

  Customer customer() {
    return customer;
  }

  public Long getCustomerId() {
    return customer.getId();
  }

  public String getName() {
    return name;
  }

  public String getCompany() {
    return company;
  }

  public String getEmail() {
    return email;
  }

  public String getNotes() {
    return notes;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public long getVersion() {
    return version;
  }

  public List<ContactNumber> getNumbers() {
    return Collections.unmodifiableList(numbers);
  }
}
