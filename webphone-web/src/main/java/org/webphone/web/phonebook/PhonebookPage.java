package org.webphone.web.phonebook;

import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.webphone.account.AccountService;
import org.webphone.account.Customer;
import org.webphone.account.InvalidFieldsException;
import org.webphone.account.TenantGuard;
import org.webphone.account.WebPhoneException;
import org.webphone.phonebook.Contact;
import org.webphone.phonebook.ContactDetails;
import org.webphone.phonebook.ContactNumber;
import org.webphone.phonebook.InvalidNumberException;
import org.webphone.phonebook.PhonebookService;
import org.webphone.web.admin.FormErrors;

/**
 * Management → Customer → [Name] → Class 5 → Phonebook (and the customer portal's own phonebook):
 * the contacts with search, the blue {@code +} that adds one, and the Phone Numbers panel of the
 * selected contact with its own {@code +}. A refused field shows its message next to it and the
 * dialog stays open with what was typed; nothing is saved.
 */
@Named
@ViewScoped
public class PhonebookPage implements Serializable {
  private static final long serialVersionUID = 1L;

  @EJB PhonebookService phonebook;

  @EJB AccountService accounts;

  @EJB TenantGuard guard;

  @Inject transient FacesContext faces;

  private Long customer;
  private String customerName;
  private String search;
  private Long selectedId;

  private String name;
  private String company;
  private String email;
  private String notes;

  /** The contact being edited, or null when the dialog adds one. */
  private Long editingId;

  private String numberLabel;
  private String number;
  private String numberExtension;

  private final LazyDataModel<Contact> model =
      new LazyDataModel<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
          return (int) phonebook.count(customer, search);
        }

        @Override
        public List<Contact> load(
            int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> f) {
          // A view-scoped model keeps its row count between requests: recount each load, so
          // that a search that finds nothing shows the empty message and the paginator is right.
          setRowCount((int) phonebook.count(customer, search));
          return phonebook.search(customer, search, first, pageSize);
        }

        @Override
        public String getRowKey(Contact c) {
          return String.valueOf(c.getId());
        }
      };

  /**
   * Admins name the customer in the URL; a customer's login always gets its own phonebook, whatever
   * the URL says.
   */
  public void load() throws IOException {
    if (!guard.callerIsAdmin()) {
      customer = guard.callerCustomer().orElse(null);
    }
    Customer c = customer == null ? null : accounts.findCustomer(customer).orElse(null);
    if (c == null) {
      faces
          .getExternalContext()
          .redirect(faces.getExternalContext().getRequestContextPath() + "/login.xhtml");
      return;
    }
    customerName = c.getName();
  }

  public void select(long contactId) {
    selectedId = contactId;
  }

  public Contact getSelected() {
    return selectedId == null ? null : phonebook.contact(customer, selectedId).orElse(null);
  }

  public void newContact() {
    editingId = null;
    name = company = email = notes = null;
  }

  public void editSelected() {
    Contact c = getSelected();
    if (c != null) {
      editingId = c.getId();
      name = c.getName();
      company = c.getCompany();
      email = c.getEmail();
      notes = c.getNotes();
    }
  }

  public void saveContact() {
    ContactDetails details = new ContactDetails(name, company, email, notes);
    try {
      Contact saved =
          editingId == null
              ? phonebook.addContact(customer, details)
              : phonebook.updateContact(customer, editingId, details);
      selectedId = saved.getId();
      FormErrors.info(faces, "Contact " + saved.getName() + " saved.");
    } catch (InvalidFieldsException e) {
      FormErrors.show(faces, "contactForm", e);
    } catch (WebPhoneException e) {
      FormErrors.page(faces, e.getMessage());
    }
  }

  public void deleteSelected() {
    if (selectedId != null) {
      phonebook.deleteContact(customer, selectedId);
      selectedId = null;
      FormErrors.info(faces, "Contact deleted.");
    }
  }

  public void newNumber() {
    numberLabel = number = numberExtension = null;
  }

  public void saveNumber() {
    if (selectedId == null) {
      FormErrors.page(faces, "Select a contact first.");
      return;
    }
    try {
      ContactNumber added =
          phonebook.addNumber(customer, selectedId, numberLabel, number, numberExtension);
      FormErrors.info(faces, "Number " + added.getNumber() + " saved.");
    } catch (InvalidNumberException e) {
      FormErrors.field(faces, "numberForm:number", e.getMessage());
    } catch (InvalidFieldsException e) {
      FormErrors.show(
          faces, "numberForm", e, Map.of("label", "numberLabel", "extension", "numberExtension"));
    } catch (WebPhoneException e) {
      FormErrors.page(faces, e.getMessage());
    }
  }

  public void removeNumber(long numberId) {
    phonebook.removeNumber(customer, selectedId, numberId);
  }

  public LazyDataModel<Contact> getModel() {
    return model;
  }

  public Long getCustomer() {
    return customer;
  }

  public void setCustomer(Long customer) {
    this.customer = customer;
  }

  public String getCustomerName() {
    return customerName;
  }

  public String getSearch() {
    return search;
  }

  public void setSearch(String search) {
    this.search = search;
  }

  public Long getSelectedId() {
    return selectedId;
  }

  public Long getEditingId() {
    return editingId;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getCompany() {
    return company;
  }

  public void setCompany(String company) {
    this.company = company;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getNotes() {
    return notes;
  }

  public void setNotes(String notes) {
    this.notes = notes;
  }

  public String getNumberLabel() {
    return numberLabel;
  }

  public void setNumberLabel(String numberLabel) {
    this.numberLabel = numberLabel;
  }

  public String getNumber() {
    return number;
  }

  public void setNumber(String number) {
    this.number = number;
  }

  public String getNumberExtension() {
    return numberExtension;
  }

  public void setNumberExtension(String numberExtension) {
    this.numberExtension = numberExtension;
  }
}
