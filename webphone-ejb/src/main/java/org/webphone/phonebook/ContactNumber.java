package org.webphone.phonebook;

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
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One number of a contact: a label ("Mobile"), the number in E.164 or an internal extension (as
 * {@link PhoneNumbers} read it), and optionally digits to dial once it answers.
 */
@Entity
@Table(name = "contact_number")
public class ContactNumber {
  @Id
  @SequenceGenerator(
      name = "contact_number_seq",
      sequenceName = "contact_number_seq",
      allocationSize = 10)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "contact_number_seq")
  private Long id;

  @NotNull
  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "contact_id", nullable = false, updatable = false)
  private Contact contact;

  @NotBlank(message = "a name for the number is required")
  @Size(max = 100)
  @Column(nullable = false, length = 100)
  private String label;

  @NotNull
  @Pattern(regexp = "\\+[1-9][0-9]{1,14}|[1-9][0-9]{1,5}")
  @Column(nullable = false, length = 32)
  private String number;

  @Pattern(regexp = "[0-9*#]{1,10}", message = "only digits, * and #, at most 10")
  @Column(length = 10)
  private String extension;

  @Column(nullable = false)
  private int position;

  protected ContactNumber() {}

  ContactNumber(Contact contact, String label, String number, String extension, int position) {
    this.contact = contact;
    this.label = label == null ? null : label.trim();
    this.number = number;
    this.extension = extension == null || extension.isBlank() ? null : extension.trim();
    this.position = position;
  }

  void setPosition(int position) {
    this.position = position;
  }

  public Long getId() {
    return id;
  }

  public String getLabel() {
    return label;
  }

  /** E.164 ({@code +493012345678}) or an internal extension ({@code 1001}). */
  public String getNumber() {
    return number;
  }

  public String getExtension() {
    return extension;
  }
}
