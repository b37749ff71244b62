package org.webphone.web.phonebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.webphone.account.AccountService;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.WebPhoneException;
import org.webphone.phonebook.Contact;
import org.webphone.phonebook.ContactDetails;
import org.webphone.phonebook.ContactNumber;
import org.webphone.phonebook.InvalidNumberException;
import org.webphone.phonebook.PhonebookService;
import org.webphone.web.it.PackagedWar;

/**
 * The phonebook's EJBs in Payara Micro on the real schema (Flyway migrations on the embedded H2):
 * an admin fills a Berlin customer's phonebook, bad input is refused with a reason and saves
 * nothing, and one customer never reaches another's contacts.
 */
@ExtendWith(ArquillianExtension.class)
class PhonebookServiceIT {

  @Deployment
  static WebArchive deployment() {
    return PackagedWar.domainDeployment("phonebook-it.war");
  }

  @EJB AccountService accounts;

  @EJB PhonebookService phonebook;

  private long berlinCustomer() {
    long id = accounts.createCustomer("Berlin " + UUID.randomUUID()).getId();
    accounts.setDefaultRegion(id, "DE");
    return id;
  }

  @Test
  void anAdminAddsAContactWithTwoNumbersAndFindsThemInE164() {
    long customer = berlinCustomer();
    long contact =
        phonebook
            .addContact(customer, new ContactDetails("Erika Mustermann", "ACME", null, null))
            .getId();

    phonebook.addNumber(customer, contact, "Office", "030 1234 5678", "42");
    phonebook.addNumber(customer, contact, "Reception", "1001", null);

    List<Contact> listed = phonebook.contacts(customer);
    assertEquals(1, listed.size());
    List<ContactNumber> numbers = listed.get(0).getNumbers();
    assertEquals("+493012345678", numbers.get(0).getNumber());
    assertEquals("42", numbers.get(0).getExtension());
    assertEquals("1001", numbers.get(1).getNumber());
  }

  @Test
  void aContactWithoutANameIsRefusedAndNothingIsSaved() {
    long customer = berlinCustomer();

    InvalidFieldsException refused =
        assertThrows(
            InvalidFieldsException.class,
            () ->
                phonebook.addContact(
                    customer, new ContactDetails("  ", null, "not-an-address", null)));

    assertEquals("a name is required", refused.fields().get("name"));
    assertTrue(refused.fields().containsKey("email"), refused.fields()::toString);
    assertEquals(List.of(), phonebook.contacts(customer));
  }

  @Test
  void aBadNumberSaysWhyAndSavesNothing() {
    long customer = berlinCustomer();
    long contact =
        phonebook.addContact(customer, new ContactDetails("Max", null, null, null)).getId();

    InvalidNumberException refused =
        assertThrows(
            InvalidNumberException.class,
            () -> phonebook.addNumber(customer, contact, "Mobile", "123456789", null));

    assertEquals("not a valid number for DE", refused.getMessage());
    assertEquals(List.of(), phonebook.contacts(customer).get(0).getNumbers());
  }

  @Test
  void oneCustomerNeverReachesAnothersContacts() {
    long a = berlinCustomer();
    long b = berlinCustomer();
    long secret =
        phonebook.addContact(a, new ContactDetails("A's supplier", null, null, null)).getId();

    assertTrue(phonebook.contact(b, secret).isEmpty());
    assertEquals(List.of(), phonebook.contacts(b));
    assertThrows(
        WebPhoneException.class, () -> phonebook.addNumber(b, secret, "Mobile", "1001", null));
    assertEquals(List.of(), phonebook.contact(a, secret).orElseThrow().getNumbers());
  }
}
