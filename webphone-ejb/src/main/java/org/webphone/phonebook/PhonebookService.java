package org.webphone.phonebook;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
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
import org.webphone.account.TenantGuard;
import org.webphone.account.WebPhoneException;
import org.webphone.audit.AuditLog;

/**
 * A customer's phonebook. Every method takes the customer whose phonebook it works on and never
 * reaches another's: a contact id of customer B passed with customer A is "no such contact".
 * Entities are validated (Bean Validation) before they are written: a violation becomes an {@link
 * InvalidFieldsException} naming the fields, and the transaction rolls back. Every method asks the
 * {@link TenantGuard} first; every change is audited and fires {@link PhonebookChanged}.
 */
@Stateless
public class PhonebookService {
  private final Clock clock = Clock.systemUTC();

  @PersistenceContext(unitName = "webphone")
  private EntityManager em;

  @Inject Validator validator;

  @Inject Event<PhonebookChanged> changes;

  @EJB TenantGuard guard;

  @EJB AuditLog audit;

  /**
   * @throws InvalidFieldsException naming each field that is wrong; nothing is saved
   */
  public Contact addContact(long customerId, ContactDetails details) {
    guard.requireAccess(customerId);
    Contact contact = new Contact(customer(customerId), details, Instant.now(clock));
    em.persist(InvalidFieldsException.requireValid(validator, contact));
    changed(customerId, "contact.add", contact.getName(), null);
    return contact;
  }

  /**
   * @throws InvalidFieldsException naming each field that is wrong; nothing is saved
   */
  public Contact updateContact(long customerId, long contactId, ContactDetails details) {
    Contact contact = existing(customerId, contactId);
    contact.apply(details);
    InvalidFieldsException.requireValid(validator, contact);
    changed(customerId, "contact.update", contact.getName(), "id " + contactId);
    return contact;
  }

  public void deleteContact(long customerId, long contactId) {
    Contact contact = existing(customerId, contactId);
    em.remove(contact);
    changed(customerId, "contact.delete", contact.getName(), "id " + contactId);
  }

  public void removeNumber(long customerId, long contactId, long numberId) {
    Contact contact = existing(customerId, contactId);
    ContactNumber removed = contact.removeNumber(numberId);
    if (removed == null) {
      throw new WebPhoneException("no number " + numberId);
    }
    changed(
        customerId,
        "number.remove",
        contact.getName(),
        removed.getLabel() + " " + removed.getNumber());
  }

  /**
   * Adds a number, read with the customer's default region.
   *
   * @throws InvalidNumberException when the number is refused (the message says why)
   */
  public ContactNumber addNumber(
      long customerId, long contactId, String label, String typed, String extension) {
    Contact contact = existing(customerId, contactId);
    String number = normalised(typed, contact.customer().getDefaultRegion());
    ContactNumber added = contact.addNumber(label, number, extension);
    InvalidFieldsException.requireValid(validator, added);
    changed(customerId, "number.add", contact.getName(), added.getLabel() + " " + number);
    return added;
  }

  /**
   * Adds many contacts in one transaction: all of them, or (on the first refused field or number,
   * named by its position) none. One audit entry and one change notification for the lot.
   *
   * @return how many contacts were added
   */
  public int importContacts(long customerId, ContactImport contacts) {
    guard.requireAccess(customerId);
    Customer customer = customer(customerId);
    Instant now = Instant.now(clock);
    int i = 0;
    for (ContactImport.Entry e : contacts.contacts()) {
      i++;
      Contact contact = new Contact(customer, e.details(), now);
      try {
        for (ContactImport.Number n : e.numbers()) {
          contact.addNumber(
              n.label(), normalised(n.typed(), customer.getDefaultRegion()), n.extension());
        }
        em.persist(InvalidFieldsException.requireValid(validator, contact));
      } catch (InvalidNumberException ex) {
        throw new InvalidNumberException("contact " + i + ": " + ex.getMessage());
      }
    }
    changed(customerId, "contact.import", customer.getName(), i + " contacts");
    return i;
  }

  private static String normalised(String typed, String region) {
    PhoneNumbers.Reading reading = PhoneNumbers.read(typed, region);
    if (reading instanceof PhoneNumbers.E164 e) {
      return e.number();
    } else if (reading instanceof PhoneNumbers.Extension x) {
      return x.digits();
    }
    throw new InvalidNumberException(((PhoneNumbers.Refused) reading).reason());
  }

  /** The customer's contacts with their numbers, by name. */
  public List<Contact> contacts(long customerId) {
    guard.requireAccess(customerId);
    return em.createQuery(
            "select distinct c from Contact c left join fetch c.numbers"
                + " where c.customer.id = :customer order by c.name",
            Contact.class)
        .setParameter("customer", customerId)
        .getResultList();
  }

  /**
   * One page of the contacts whose name, company or a number contains {@code text} (any case), by
   * name; {@code text} blank: all. Numbers are not fetched: a table shows names.
   */
  public List<Contact> search(long customerId, String text, int first, int max) {
    guard.requireAccess(customerId);
    return searchQuery(customerId, text, "select c", Contact.class)
        .setFirstResult(first)
        .setMaxResults(max)
        .getResultList();
  }

  public long count(long customerId, String text) {
    guard.requireAccess(customerId);
    return searchQuery(customerId, text, "select count(c)", Long.class).getSingleResult();
  }

  private <T> jakarta.persistence.TypedQuery<T> searchQuery(
      long customerId, String text, String select, Class<T> type) {
    boolean all = text == null || text.isBlank();
    String where = " from Contact c where c.customer.id = :customer";
    if (!all) {
      where +=
          " and (lower(c.name) like :p or lower(c.company) like :p or exists (select n from"
              + " ContactNumber n where n.contact = c and n.number like :p))";
    }
    String order = select.startsWith("select count") ? "" : " order by c.name, c.id";
    jakarta.persistence.TypedQuery<T> q =
        em.createQuery(select + where + order, type).setParameter("customer", customerId);
    if (!all) {
      q.setParameter(
          "p", "%" + withoutWildcards(text.trim().toLowerCase(java.util.Locale.ROOT)) + "%");
    }
    return q;
  }

  private static String withoutWildcards(String s) {
    return s.replace("%", "").replace("_", "");
  }

  public Optional<Contact> contact(long customerId, long contactId) {
    guard.requireAccess(customerId);
    return em.createQuery(
            "select c from Contact c left join fetch c.numbers"
                + " where c.id = :id and c.customer.id = :customer",
            Contact.class)
        .setParameter("id", contactId)
        .setParameter("customer", customerId)
        .getResultStream()
        .findFirst();
  }

  private Contact existing(long customerId, long contactId) {
    return contact(customerId, contactId)
        .orElseThrow(() -> new WebPhoneException("no contact " + contactId));
  }

  private void changed(long customerId, String action, String target, String detail) {
    audit.record(action, customerId, target, detail);
    bumpVersion(customerId);
    changes.fire(new PhonebookChanged(customerId));
  }

  /**
   * Raises the phonebook's version in the database (one UPDATE, so two admins saving at once both
   * count: the row lock orders them).
   */
  private void bumpVersion(long customerId) {
    em.createQuery(
            "update Customer c set c.phonebookVersion = c.phonebookVersion + 1 where c.id = :id")
        .setParameter("id", customerId)
        .executeUpdate();
  }

  /**
   * The phonebook's version: it rises with every committed change. Read it before the contacts
   * (never after) when labelling what was read with it: then a change committed in between makes
   * the label older than the content, which only costs the phone one more download, never a missed
   * change.
   */
  public long version(long customerId) {
    guard.requireAccess(customerId);
    return em.createQuery("select c.phonebookVersion from Customer c where c.id = :id", Long.class)
        .setParameter("id", customerId)
        .getResultStream()
        .findFirst()
        .orElseThrow(() -> new WebPhoneException("no customer " + customerId));
  }

  private Customer customer(long customerId) {
    Customer c = em.find(Customer.class, customerId);
    if (c == null) {
      throw new WebPhoneException("no customer " + customerId);
    }
    return c;
  }
}
