package org.webphone.phonebook;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.webphone.account.Customer;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.WebPhoneException;

/**
 * A customer's phonebook. Every method takes the customer whose phonebook it works on and never
 * reaches another's: a contact id of customer B passed with customer A is "no such contact".
 * Entities are validated (Bean Validation) before they are written: a violation becomes an {@link
 * InvalidFieldsException} naming the fields, and the transaction rolls back.
 */
@Stateless
public class PhonebookService {
  private final Clock clock = Clock.systemUTC();

  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @Inject Validator validator;

  /**
   * @throws InvalidFieldsException naming each field that is wrong; nothing is saved
   */
  public Contact addContact(long customerId, ContactDetails details) {
    Contact contact = new Contact(customer(customerId), details, Instant.now(clock));
    em.persist(InvalidFieldsException.requireValid(validator, contact));
    return contact;
  }

  /**
   * Adds a number, read with the customer's default region.
   *
   * @throws InvalidNumberException when the number is refused (the message says why)
   */
  public ContactNumber addNumber(
      long customerId, long contactId, String label, String typed, String extension) {
    Contact contact =
        contact(customerId, contactId)
            .orElseThrow(() -> new WebPhoneException("no contact " + contactId));
    PhoneNumbers.Reading reading = PhoneNumbers.read(typed, contact.customer().getDefaultRegion());
    String number;
    if (reading instanceof PhoneNumbers.E164 e) {
      number = e.number();
    } else if (reading instanceof PhoneNumbers.Extension x) {
      number = x.digits();
    } else {
      throw new InvalidNumberException(((PhoneNumbers.Refused) reading).reason());
    }
    ContactNumber added = contact.addNumber(label, number, extension);
    return InvalidFieldsException.requireValid(validator, added);
  }

  /** The customer's contacts with their numbers, by name. */
  public List<Contact> contacts(long customerId) {
    return em.createQuery(
            "select distinct c from Contact c left join fetch c.numbers"
                + " where c.customer.id = :customer order by c.name",
            Contact.class)
        .setParameter("customer", customerId)
        .getResultList();
  }

  public Optional<Contact> contact(long customerId, long contactId) {
    return em.createQuery(
            "select c from Contact c where c.id = :id and c.customer.id = :customer", Contact.class)
        .setParameter("id", contactId)
        .setParameter("customer", customerId)
        .getResultStream()
        .findFirst();
  }

  private Customer customer(long customerId) {
    Customer c = em.find(Customer.class, customerId);
    if (c == null) {
      throw new WebPhoneException("no customer " + customerId);
    }
    return c;
  }
}
